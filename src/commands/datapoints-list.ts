import type { CommandContext } from '../terminal/command-context.js';
import type { DataPointType } from '../datapoints/datapoint-model.js';

export async function run(context: CommandContext, options: { db?: string; type?: DataPointType }): Promise<void> {
  const project = await context.project();
  project.requireProject();
  if (options.db) project.connection(options.db);
  const indexer = await project.indexer();
  if (indexer.isStale()) await indexer.sync();
  const store = await project.store();
  const rows = store.list({ connection: options.db, type: options.type }).map((d) => ({
    connection: d.connection,
    id: d.id,
    type: d.type,
    name: d.name,
    file: d.file,
  }));
  if (context.globals.json) return context.output.printJson(rows);
  if (rows.length === 0) {
    context.output.line('No DataPoints. Create them with `datachat init --sample` or `datachat generate`.');
    return;
  }
  context.output.table(rows);
}
