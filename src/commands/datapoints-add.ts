import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandContext } from '../terminal/command-context.js';
import { parseDataPoint } from '../datapoints/datapoint-yaml.js';

/** Adds a DataPoint from a YAML file (or `-` for stdin) into datapoints/ and syncs. */
export async function run(context: CommandContext, file: string): Promise<void> {
  const project = await context.project();
  project.requireProject();
  const path = file === '-' ? '(stdin)' : resolve(context.cwd, file);
  const dataPoint = parseDataPoint(path, readFileSync(file === '-' ? 0 : path, 'utf8'));
  const { DataPointService } = await import('../services/datapoint-service.js');
  const change = await new DataPointService(project).add(dataPoint);
  if (context.globals.json) return context.output.printJson({ key: change.key, file: change.file, sync: change.sync });
  context.output.success(`Added ${change.key} as ${change.file}; the index holds ${change.sync.total} DataPoints.`);
}
