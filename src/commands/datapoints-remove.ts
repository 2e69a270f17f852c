import type { CommandContext } from '../terminal/command-context.js';

/** Deletes an approved DataPoint's YAML file and syncs. */
export async function run(context: CommandContext, ref: string, options: { db?: string }): Promise<void> {
  const project = await context.project();
  project.requireProject();
  const { DataPointService } = await import('../services/datapoint-service.js');
  const service = new DataPointService(project);
  const existing = await service.resolve(ref, options.db);
  const change = await service.remove(existing.connection, existing.id);
  if (context.globals.json)
    return context.output.printJson({ removed: change.key, file: change.file, sync: change.sync });
  context.output.success(`Removed ${change.key} (${change.file}).`);
}
