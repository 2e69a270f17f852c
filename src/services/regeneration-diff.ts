import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FieldChange } from '../datapoints/datapoint-field-diff.js';
import type { DataPoint } from '../datapoints/datapoint-model.js';
import type { KeptField } from '../datapoints/field-ownership.js';
import type { GenerateResult } from './generate-service.js';
import type { ProjectContext } from './project-context.js';

export interface DiffEntry {
  key: string;
  type: DataPoint['type'];
  /** Project-relative. */
  file: string;
}

export interface RegenerationDiff {
  connection_id: string;
  method: GenerateResult['method'];
  /** True when regeneration would change nothing in datapoints/. */
  up_to_date: boolean;
  added: DiffEntry[];
  changed: (DiffEntry & { fields: FieldChange[]; kept: KeptField[] })[];
  /** DataPoints with fields a person owns that generation would otherwise change: kept as they are. */
  kept: (DiffEntry & { fields: KeptField[] })[];
  /** `source: manual` DataPoints generation would have proposed: never touched. */
  manual: DiffEntry[];
  /** Held back: rejected in review, their tables' schema unchanged since (`.rejected.yaml`). */
  rejected: DiffEntry[];
  /** Approved auto-generated DataPoints that generation no longer produces. */
  removed: DiffEntry[];
  unchanged: number;
  dropped: GenerateResult['dropped'];
}

/** What `generate --auto-approve` would do to datapoints/, from a dry run (`runGenerate` with dryRun): nothing is written. */
export async function regenerationDiff(
  project: ProjectContext,
  result: GenerateResult,
  tables: string[] | undefined,
): Promise<RegenerationDiff> {
  const { listYamlFiles } = await import('../datapoints/datapoint-files.js');
  const { readDataPointFile } = await import('../datapoints/datapoint-yaml.js');
  const { diffFields } = await import('../datapoints/datapoint-field-diff.js');
  const { displayPath } = await import('../datapoints/pending-store.js');
  const { matchesTableFilter } = await import('../connectors/schema-metadata.js');
  const generated = new Map((result.generated ?? []).map((d) => [`${d.connection}/${d.id}`, d]));
  const rel = (file: string) => displayPath(project.paths.root, file);
  const diff: RegenerationDiff = {
    connection_id: result.connection_id,
    method: result.method,
    up_to_date: true,
    added: [],
    changed: [],
    kept: [],
    manual: [],
    rejected: [],
    removed: [],
    unchanged: 0,
    dropped: result.dropped,
  };
  for (const change of result.changes) {
    const entry = { key: change.key, type: change.type, file: rel(change.file) };
    if (change.manual) diff.manual.push(entry);
    else if (change.kept.length) diff.kept.push({ ...entry, fields: change.kept });
    if (change.change === 'unchanged') diff.unchanged++;
    else if (change.change === 'rejected') diff.rejected.push(entry);
    else if (change.change === 'added') diff.added.push(entry);
    else {
      const before = existsSync(change.file) ? readDataPointFile(change.file) : undefined;
      diff.changed.push({ ...entry, fields: diffFields(before, generated.get(change.key)), kept: change.kept });
    }
  }
  // Query DataPoints are never generated, and a --tables run only speaks for those tables.
  const inScope = (d: DataPoint): boolean => {
    if (d.type === 'Query' || d.source !== 'auto_generated' || d.status === 'pending') return false;
    const names = d.type === 'Process' ? d.target_tables : [d.table];
    return names.some((name) =>
      matchesTableFilter({ name, ...(d.type === 'Schema' && d.schema ? { schema: d.schema } : {}) }, tables),
    );
  };
  for (const file of listYamlFiles(join(project.paths.datapointsDir, result.connection_id))) {
    const d = readDataPointFile(file);
    if (inScope(d) && !generated.has(`${d.connection}/${d.id}`))
      diff.removed.push({ key: `${d.connection}/${d.id}`, type: d.type, file: rel(file) });
  }
  diff.up_to_date = !diff.added.length && !diff.changed.length && !diff.removed.length;
  return diff;
}
