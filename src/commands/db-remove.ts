import type { CommandContext } from '../terminal/command-context.js';

export async function run(context: CommandContext, id: string): Promise<void> {
  const project = await context.project();
  const { ConnectionService } = await import('../services/connection-service.js');
  const connectionId = project.connection(id).id;
  new ConnectionService(project).remove(connectionId);
  if (context.globals.json) return context.output.printJson({ removed: connectionId });
  context.output.success(
    `Removed connection "${connectionId}". Its DataPoints stay in datapoints/${connectionId}/ until you delete them.`,
  );
}
