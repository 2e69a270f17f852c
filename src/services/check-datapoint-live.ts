import type { ColumnInfo, TableInfo } from '../connectors/schema-metadata.js';
import type { BusinessDataPoint, SchemaDataPoint } from '../datapoints/datapoint-model.js';
import { columnRefs, metricFragments, type CheckFinding } from '../datapoints/datapoint-references.js';
import { verifyMetric } from '../generation/expression-check.js';
import type { DatabaseProfile } from '../profiling/profile-model.js';
import type { GuardedExecutor } from '../query/guarded-executor.js';
import type { YamlPath } from '../util/yaml-source.js';
import { wholeTable } from '../datapoints/stats-wording.js';

/** Live tables of a database by lower-cased `name` and `schema.name`. */

// Checks of one DataPoint against the live database catalog, for `runCheck` (check-service.ts).
export function liveCatalog(tables: readonly TableInfo[]): Map<string, TableInfo> {
  const out = new Map<string, TableInfo>();
  for (const t of tables) {
    if (!out.has(t.name.toLowerCase())) out.set(t.name.toLowerCase(), t);
    if (t.schema) out.set(`${t.schema}.${t.name}`.toLowerCase(), t);
  }
  return out;
}

export const liveColumn = (table: TableInfo, name: string): ColumnInfo | undefined =>
  table.columns.find((c) => c.name === name) ?? table.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
/** Native types compared case- and spacing-insensitively: `character varying(255)` = `CHARACTER VARYING (255)`. */
export const normalizeType = (type: string): string =>
  type
    .toLowerCase()
    .replace(/\s*([(),])\s*/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();

export type At = (
  path: YamlPath,
  severity: CheckFinding['severity'],
  code: string,
  message: string,
  suggestion?: string,
) => void;

export function checkSchema(
  dp: SchemaDataPoint,
  table: TableInfo,
  at: At,
  context: {
    rowDrift: number;
    nullDrift: number;
    profile?: DatabaseProfile;
    find(name: string): TableInfo | undefined;
  },
): void {
  const name = dp.table;
  const profiled = context.profile?.tables.find((t) => t.table_name === table.name);
  dp.columns.forEach((column, i) => {
    const actual = liveColumn(table, column.name);
    if (!actual) {
      at(['columns', i, 'name'], 'error', 'column_missing', `column ${name}.${column.name} no longer exists`);
      return;
    }
    // Introspection writes the canonical type when the engine reports no native one: nothing to compare then.
    if (
      actual.dataType &&
      column.type !== column.canonical_type &&
      normalizeType(column.type) !== normalizeType(actual.dataType)
    ) {
      at(
        ['columns', i, 'type'],
        'warning',
        'type_changed',
        `column ${name}.${column.name} is ${actual.dataType} in the database, ${column.type} in the DataPoint`,
      );
    }
    const live = profiled?.columns.find((c) => c.name === column.name);
    const stored = live?.null_percentage;
    const documented = column.stats?.null_fraction;
    // Only whole-table figures are compared: two samples (or a sample and a count) differ by chance, not drift.
    const comparable = wholeTable(live?.stats_basis?.nulls) && wholeTable(column.stats?.basis?.nulls);
    if (
      comparable &&
      stored !== undefined &&
      documented !== undefined &&
      Math.abs(stored - documented) > context.nullDrift
    ) {
      at(
        ['columns', i, 'stats', 'null_fraction'],
        'warning',
        'null_fraction_drift',
        `${name}.${column.name} is empty for ${pct(stored)} of rows in the last profile, ${pct(documented)} in the DataPoint`,
      );
    }
  });
  for (const column of table.columns) {
    if (!dp.columns.some((c) => c.name === column.name || c.name.toLowerCase() === column.name.toLowerCase()))
      at(
        ['columns'],
        'warning',
        'column_added',
        `column ${name}.${column.name} (${column.dataType}) exists in the database but not in this DataPoint`,
      );
  }
  if (dp.row_count !== undefined && table.rowEstimate !== undefined && table.rowEstimate >= 0) {
    const [low, high] = [Math.min(dp.row_count, table.rowEstimate), Math.max(dp.row_count, table.rowEstimate)];
    if ((high + 1) / (low + 1) > context.rowDrift) {
      at(
        ['row_count'],
        'warning',
        'row_count_drift',
        `${name} has about ${Math.round(table.rowEstimate).toLocaleString('en-US')} rows, the DataPoint says ${dp.row_count.toLocaleString('en-US')} (more than ×/÷ ${context.rowDrift})`,
      );
    }
  }
  dp.relationships.forEach((r, i) => {
    r.columns.forEach((c, j) => {
      if (liveColumn(table, c)) return;
      at(
        ['relationships', i, 'columns', j],
        'error',
        'relationship_column_missing',
        `relationship ${name}.${c} → ${r.target_table} uses a column that no longer exists`,
      );
    });
    const target = context.find(r.target_table);
    if (!target) {
      at(
        ['relationships', i, 'target_table'],
        'error',
        'relationship_target_missing',
        `relationship target table ${r.target_table} no longer exists`,
      );
      return;
    }
    r.target_columns.forEach((c, j) => {
      if (liveColumn(target, c)) return;
      at(
        ['relationships', i, 'target_columns', j],
        'error',
        'relationship_column_missing',
        `relationship ${name} → ${r.target_table}.${c} uses a column that no longer exists`,
      );
    });
  });
}

/** Static first (every column a metric names must still exist, reported on its own line), then the metric is run with LIMIT 0. */
export async function checkBusiness(
  executor: GuardedExecutor,
  dp: BusinessDataPoint,
  documented: Map<string, SchemaDataPoint>,
  find: (name: string, schema?: string) => TableInfo | undefined,
  at: At,
  gone: (path: YamlPath, table: string) => void,
  file: string,
): Promise<void> {
  const own = documented.get(dp.table.toLowerCase());
  const table = find(dp.table, own?.schema);
  if (!table) return gone(['table'], dp.table);
  const fix = dp.source === 'auto_generated' ? undefined : `edit ${file}, then run datachat check`;
  let missing = false;
  for (const fragment of metricFragments(dp)) {
    for (const ref of columnRefs(fragment.sql, { bareColumn: fragment.bare })) {
      const target = ref.table ? find(ref.table) : table;
      if (!target || liveColumn(target, ref.column)) continue;
      missing = true;
      at(
        fragment.path,
        'error',
        'metric_column_missing',
        `metric ${dp.id} uses ${target.name}.${ref.column}, which no longer exists`,
        fix,
      );
    }
  }
  if (missing) return;
  const result = await verifyMetric(executor, dp, own?.schema ?? table.schema);
  if (result.ok) return;
  if (result.refused) {
    const suggestion = `edit ${file} so the metric is plain read-only SQL (rule ${result.rule}), then run datachat check`;
    return at(
      ['expression'],
      'error',
      'metric_refused',
      `metric ${dp.id} was refused by the SQL guard (${result.rule}); nothing ran: ${result.message}`,
      suggestion,
    );
  }
  at(['expression'], 'error', 'metric_broken', `metric ${dp.id} no longer runs: ${result.message.split('\n')[0]}`, fix);
}

const pct = (fraction: number): string => `${Math.round(fraction * 100)}%`;
