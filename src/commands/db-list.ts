import type { CommandContext } from '../terminal/command-context.js';

interface DbListOptions {
  /** Comma-separated: connections having every one of them. */
  tags?: string;
  activeOnly?: boolean;
}

export async function run(context: CommandContext, options: DbListOptions = {}): Promise<void> {
  const project = await context.project();
  const { ConnectionService } = await import('../services/connection-service.js');
  const tags = (options.tags ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const views = await new ConnectionService(project).list({ tags, activeOnly: options.activeOnly === true });
  if (context.globals.json) return context.output.printJson(views);
  if (!views.length) {
    const filtered = tags.length > 0 || options.activeOnly === true;
    context.output.line(
      filtered && project.config.connections.length > 0
        ? 'No connection matches these filters.'
        : 'No connections. Add one with `datachat db add <name> <url>`.',
    );
    return;
  }
  context.output.table(
    views.map((v) => ({
      id: v.connection_id,
      type: v.database_type,
      default: v.is_default ? '*' : '',
      active: v.is_active ? 'yes' : 'no',
      datapoints: v.datapoint_count,
      last_profiled: v.last_profiled ?? '',
      tags: v.tags,
      url: v.database_url ?? '',
    })),
  );
}
