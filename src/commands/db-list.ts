import type { CommandContext } from '../terminal/command-context.js';

export async function run(context: CommandContext): Promise<void> {
  const project = await context.project();
  const { ConnectionService } = await import('../services/connection-service.js');
  const views = await new ConnectionService(project).list();
  if (context.globals.json) return context.output.printJson(views);
  if (!views.length) {
    context.output.line('No connections. Add one with `datachat db add <name> <url>`.');
    return;
  }
  context.output.table(
    views.map((v) => ({
      id: v.connection_id,
      type: v.database_type,
      default: v.is_default ? '*' : '',
      datapoints: v.datapoint_count,
      last_profiled: v.last_profiled ?? '',
      tags: v.tags,
      url: v.database_url ?? '',
    })),
  );
}
