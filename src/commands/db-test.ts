import type { CommandContext } from '../terminal/command-context.js';

export async function run(context: CommandContext, id: string | undefined): Promise<void> {
  const project = await context.project();
  const { ConnectionService } = await import('../services/connection-service.js');
  const connectionId = project.connection(id).id;
  const result = await new ConnectionService(project).test(connectionId);
  // Advice on stderr in every mode (and in the JSON as `warnings`); never a failure.
  for (const warning of result.warnings) context.output.warn(warning);
  if (context.globals.json) return context.output.printJson(result);
  context.output.success(
    `${connectionId}: connected in ${Math.round(result.latency_ms)} ms — ${result.server_version ?? 'unknown version'}`,
  );
}
