import type { CommandContext } from '../terminal/command-context.js';

export async function run(context: CommandContext, id: string): Promise<void> {
  const project = await context.project();
  const { ConnectionService } = await import('../services/connection-service.js');
  const view = await new ConnectionService(project).setDefault(id);
  if (context.globals.json) return context.output.printJson(view);
  context.output.success(`"${view.connection_id}" is now the default connection.`);
}
