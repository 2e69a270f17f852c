import type { Connector } from '../connectors/connector.js';
import type { ColumnInfo, TableInfo } from '../connectors/schema-metadata.js';
import { detectPatterns, isPiiColumn, maskValue } from './patterns.js';
import type { ColumnProfile, ProfileValue, SamplingMethod, TableProfile } from './profile-model.js';
import { round, toNumber, toProfileValue } from './profile-value.js';
import { aggregateStatsQuery, aliases, ROWS_ALIAS, sampleRowsQuery, topValuesQuery, wantsTopValues } from './stats-queries.js';
import { rowObjects } from '../connectors/result-rows.js';

/** The seed's sampling policy (Open Questions §3). */
export const FULL_SCAN_MAX_ROWS = 10_000;
export const MEDIUM_TABLE_MAX_ROWS = 1_000_000;
export const MEDIUM_SAMPLE_ROWS = 1_000;
export const LARGE_SAMPLE_ROWS = 10_000;

export interface TableProfileOptions {
  /** Override of the policy's sample size (0 or undefined: the policy). */
  sampleSize?: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

interface Plan {
  source: string;
  method: SamplingMethod;
  approximate: boolean;
}

/** Chooses what to read: the whole table when small, an engine-native sample when possible, else a bounded read. */
export function planSampling(connector: Connector, table: TableInfo, options: Pick<TableProfileOptions, 'sampleSize'>): Plan {
  const d = connector.dialect;
  const qualified = d.quoteQualified(table.schema, table.name);
  // Unknown size (a view, a table never analyzed): never risk an exact pass over every row.
  const unknown = table.rowEstimate === undefined;
  const rows = table.rowEstimate ?? Number.POSITIVE_INFINITY;
  const wanted = options.sampleSize && options.sampleSize > 0 ? options.sampleSize : rows > MEDIUM_TABLE_MAX_ROWS ? LARGE_SAMPLE_ROWS : MEDIUM_SAMPLE_ROWS;
  const needsSample = options.sampleSize && options.sampleSize > 0 ? rows > options.sampleSize : rows >= FULL_SCAN_MAX_ROWS;
  if (!needsSample) return { source: qualified, method: 'full', approximate: false };
  if (unknown || table.kind === 'view') {
    return { source: `(${d.limit(`SELECT * FROM ${qualified}`, wanted)}) ${d.quoteIdentifier('dc_sample')}`, method: 'bounded', approximate: true };
  }
  const native = d.sampleSource(qualified, wanted, rows);
  if (native) return { source: native, method: 'native', approximate: true };
  // No sampling clause: read a bounded prefix (documented bias: insertion order).
  return { source: `(${d.limit(`SELECT * FROM ${qualified}`, wanted)}) ${d.quoteIdentifier('dc_sample')}`, method: 'bounded', approximate: true };
}

/**
 * Profiles one table in at most 3 round trips whatever its width: one aggregate for every column's
 * statistics, one UNION ALL for top values of low-cardinality columns, one read of sample rows.
 */
export async function profileTable(connector: Connector, table: TableInfo, options: TableProfileOptions): Promise<TableProfile> {
  const started = performance.now();
  const plan = planSampling(connector, table, options);
  const run = (sql: string, maxRows: number) => connector.execute(sql, { maxRows, timeoutMs: options.timeoutMs, signal: options.signal });
  let queries = 0;

  const aggregate = await run(aggregateStatsQuery(connector.dialect, plan.source, table.columns, plan.approximate), 1);
  queries++;
  const stats = rowObjects(aggregate)[0] ?? {};
  const rowsProfiled = toNumber(stats[ROWS_ALIAS]) ?? 0;
  const distinctOf = (i: number): number | undefined => toNumber(stats[aliases(i).distinct]);

  const topColumns = table.columns.filter((c, i) => wantsTopValues(c, distinctOf(i)));
  const tops = new Map<string, { value: ProfileValue; count: number }[]>();
  const topSql = topValuesQuery(connector.dialect, plan.source, topColumns);
  if (topSql) {
    const result = await run(topSql, topColumns.length * 10 + 1);
    queries++;
    for (const row of rowObjects(result)) {
      const column = String(row.dc_col);
      tops.set(column, [...(tops.get(column) ?? []), { value: toProfileValue(row.dc_val), count: toNumber(row.dc_n) ?? 0 }]);
    }
  }

  const sampled = await run(sampleRowsQuery(connector.dialect, plan.source), 100);
  const sample = { ...sampled, rows: rowObjects(sampled) };
  queries++;

  const columns: ColumnProfile[] = table.columns.map((column, i) => {
    const profile = buildColumn(column, i, stats, rowsProfiled, plan.approximate, sample.rows, tops.get(column.name) ?? []);
    // On a sample, the catalog's whole-table statistics (where fresh) beat estimates from the sample.
    const catalog = plan.method === 'full' ? undefined : table.columnStats?.[column.name];
    return catalog ? { ...profile, null_percentage: round(catalog.nullFraction), unique_count: catalog.distinctCount, unique_count_approx: true } : profile;
  });
  const masked = new Set(columns.filter((c) => c.pii).map((c) => c.name));
  const sampleData = sample.rows.slice(0, 5).map((row) => Object.fromEntries(table.columns.map((c) => [c.name, masked.has(c.name) ? maskValue(toProfileValue(row[c.name])) : toProfileValue(row[c.name])])));
  const exact = plan.method === 'full';
  return {
    table_name: table.name,
    schema: table.schema ?? '',
    row_count: exact ? rowsProfiled : Math.round(table.rowEstimate ?? rowsProfiled),
    row_count_exact: exact,
    column_count: table.columns.length,
    columns,
    sample_data: sampleData,
    primary_keys: table.primaryKey,
    foreign_keys: table.foreignKeys,
    indexes: table.indexes,
    sampling: { method: plan.method, rows_profiled: rowsProfiled },
    queries,
    elapsed_ms: Math.round(performance.now() - started),
  };
}

function buildColumn(
  column: ColumnInfo,
  index: number,
  stats: Record<string, unknown>,
  rows: number,
  approximate: boolean,
  sampleRows: Record<string, unknown>[],
  top: { value: ProfileValue; count: number }[],
): ColumnProfile {
  const a = aliases(index);
  const nonNull = toNumber(stats[a.nonNull]) ?? 0;
  const values = sampleRows.map((r) => toProfileValue(r[column.name])).filter((v) => v !== null);
  const patterns = detectPatterns(values);
  const pii = isPiiColumn(column.name, patterns);
  const distinctSample = [...new Set(values.map((v) => JSON.stringify(v)))].slice(0, 5).map((v) => JSON.parse(v) as ProfileValue);
  const mask = (v: ProfileValue) => (pii ? maskValue(v) : v);
  const avg = toNumber(stats[a.avg]);
  return {
    name: column.name,
    data_type: column.dataType,
    canonical_type: column.canonicalType,
    is_nullable: column.nullable,
    null_percentage: rows > 0 ? round(1 - nonNull / rows) : 0,
    unique_count: toNumber(stats[a.distinct]) ?? 0,
    unique_count_approx: approximate,
    sample_values: distinctSample.map(mask),
    min_value: mask(toProfileValue(stats[a.min])),
    max_value: mask(toProfileValue(stats[a.max])),
    avg_value: avg === undefined ? null : round(avg),
    patterns,
    pii,
    top_values: pii ? [] : top,
  };
}
