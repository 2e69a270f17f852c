import type { CommandContext } from '../terminal/command-context.js';
import { serializeDataPoint } from '../datapoints/datapoint-yaml.js';
import { NotFoundError } from '../errors.js';

export async function run(context: CommandContext, id: string, options: { db?: string }): Promise<void> {
  const project = await context.project();
  project.requireProject();
  const indexer = await project.indexer();
  if (indexer.isStale()) await indexer.sync();
  const store = await project.store();
  const candidates = store
    .list(options.db ? { connection: project.connection(options.db).id } : {})
    .filter((d) => d.id === id);
  const preferred = candidates.find((d) => d.connection === project.defaultConnection()?.id) ?? candidates[0];
  if (!preferred)
    throw new NotFoundError(`No DataPoint "${id}".`, { hint: 'List them with `datachat datapoints list`.' });
  if (context.globals.json) return context.output.printJson({ ...preferred.dataPoint, file: preferred.file });
  context.output.line(`# ${preferred.file}`);
  context.output.line(serializeDataPoint(preferred.dataPoint).trimEnd());
}
