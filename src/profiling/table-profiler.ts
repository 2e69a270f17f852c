import type { Connector } from '../connectors/connector.js';
import type { ColumnInfo, TableInfo } from '../connectors/schema-metadata.js';
import { detectPatterns, isPiiColumn, maskValue } from './patterns.js';
import type { ColumnProfile, ProfileValue, SamplingMethod, TableProfile } from './profile-model.js';
import { round, toNumber, toProfileValue } from './profile-value.js';
import {
  aggregateStatsQuery,
  aliases,
  countable,
  FREQUENCY_KIND,
  hasMinMax,
  ROWS_ALIAS,
  sampleRowsQuery,
  SINGLETON_BUCKET,
  TOP_KIND,
  TOP_VALUES_PER_COLUMN,
  topValuesQuery,
  wantsTopValues,
} from './stats-queries.js';
import { declaredNotNull, indexLeadingColumns, keyColumns, resolveStatistics } from './column-provenance.js';
import { rowObjects } from '../connectors/result-rows.js';

/** The sampling policy by table size (docs/datapoint-model.md#profiles). */
export const FULL_SCAN_MAX_ROWS = 10_000;
export const MEDIUM_TABLE_MAX_ROWS = 1_000_000;
export const MEDIUM_SAMPLE_ROWS = 1_000;
export const LARGE_SAMPLE_ROWS = 10_000;
/**
 * Rows the distinct-count estimator's frequency profiles are drawn from (at least): its error falls with
 * the sampling fraction, and on the engines' sampling methods the rows cost little more than the scan
 * the sample already pays (docs/profiling-statistics.md).
 */
export const ESTIMATE_SAMPLE_ROWS = 10_000;

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
  /** Rows the plan means to read (the whole table when full). */
  rows: number;
}

/** Chooses what to read: the whole table when small, an engine-native sample when possible, else a bounded read. */
export function planSampling(
  connector: Connector,
  table: TableInfo,
  options: Pick<TableProfileOptions, 'sampleSize'>,
): Plan {
  const d = connector.dialect;
  const qualified = d.quoteQualified(table.schema, table.name);
  // Unknown size (a view, a table never analyzed): never risk an exact pass over every row.
  const unknown = table.rowEstimate === undefined;
  const rows = table.rowEstimate ?? Number.POSITIVE_INFINITY;
  const wanted =
    options.sampleSize && options.sampleSize > 0
      ? options.sampleSize
      : rows > MEDIUM_TABLE_MAX_ROWS
        ? LARGE_SAMPLE_ROWS
        : MEDIUM_SAMPLE_ROWS;
  const needsSample =
    options.sampleSize && options.sampleSize > 0 ? rows > options.sampleSize : rows >= FULL_SCAN_MAX_ROWS;
  if (!needsSample) return { source: qualified, method: 'full', approximate: false, rows };
  const bounded = `(${d.limit(`SELECT * FROM ${qualified}`, wanted)}) ${d.quoteIdentifier('dc_sample')}`;
  if (unknown || table.kind === 'view') return { source: bounded, method: 'bounded', approximate: true, rows: wanted };
  const native = d.sampleSource(qualified, wanted, rows);
  if (native) return { source: native, method: 'native', approximate: true, rows: wanted };
  // No sampling clause: read a bounded prefix (documented bias: insertion order).
  return { source: bounded, method: 'bounded', approximate: true, rows: wanted };
}

/**
 * Profiles one table in at most 3 round trips whatever its width: one aggregate for every column's
 * statistics (with index lookups for min/max folded in), one UNION ALL for top values of
 * low-cardinality columns and the sample's frequency profiles, one read of sample rows. Each
 * statistic carries its provenance (`stats_basis`), see column-provenance.ts.
 */
export async function profileTable(
  connector: Connector,
  table: TableInfo,
  options: TableProfileOptions,
): Promise<TableProfile> {
  const started = performance.now();
  const d = connector.dialect;
  const plan = planSampling(connector, table, options);
  const full = plan.method === 'full';
  const run = (sql: string, maxRows: number) =>
    connector.execute(sql, { maxRows, timeoutMs: options.timeoutMs, signal: options.signal });
  let queries = 0;

  const keys = keyColumns(table);
  const catalogOf = (name: string) => (full ? undefined : table.columnStats?.[name]);
  // Distinct counts neither exact, nor a key, nor in the catalog are estimated from the sample's frequencies.
  const needsEstimate = (c: ColumnInfo) =>
    countable(c) && c.canonicalType !== 'boolean' && !keys.has(c.name) && !catalogOf(c.name);
  const estimated = full ? [] : table.columns.filter(needsEstimate);
  // The estimator's sample: at least ESTIMATE_SAMPLE_ROWS rows (the same source when the plan reads as many).
  const estimateRows = Math.max(plan.rows, ESTIMATE_SAMPLE_ROWS);
  const estimatePlan = estimated.length ? planSampling(connector, table, { sampleSize: estimateRows }) : plan;
  // With window functions the frequency profiles are one read joined into query 1; else query 2 branches.
  const windowed = d.supportsWindowFunctions && estimated.length > 0;
  const frequencyProfiles = windowed
    ? {
        source: estimatePlan.source,
        columns: estimated.map((column) => ({ column, index: table.columns.indexOf(column) })),
      }
    : undefined;

  // On a sample, whole-table min/max of indexed columns cost an index lookup each, not a scan.
  const leading = full || !d.indexedMinMax ? new Set<string>() : indexLeadingColumns(table);
  const indexed = { table: d.quoteQualified(table.schema, table.name), columns: leading };
  const aggregateSql = aggregateStatsQuery(d, plan.source, table.columns, plan.approximate, indexed, frequencyProfiles);
  const aggregate = await run(aggregateSql, 1);
  queries++;
  const stats = rowObjects(aggregate)[0] ?? {};
  const rowsProfiled = toNumber(stats[ROWS_ALIAS]) ?? 0;
  const distinctOf = (i: number): number | undefined => toNumber(stats[aliases(i).distinct]);

  const topColumns = table.columns.filter((c, i) => wantsTopValues(c, distinctOf(i)));
  const tops = new Map<string, { value: ProfileValue; count: number }[]>();
  const frequencies = new Map<string, { rows: number; distinct: number; singletons: number }>();
  for (const { column, index } of frequencyProfiles?.columns ?? []) {
    const a = aliases(index);
    const [rows, distinct, singletons] = [a.freqRows, a.freqDistinct, a.freqSingletons].map(
      (k) => toNumber(stats[k]) ?? 0,
    );
    frequencies.set(column.name, { rows: rows!, distinct: distinct!, singletons: singletons! });
  }
  const branches = windowed ? [] : estimated;
  const topSql = topValuesQuery(d, plan.source, topColumns, branches, estimatePlan.source);
  if (topSql) {
    const result = await run(topSql, topColumns.length * TOP_VALUES_PER_COLUMN + branches.length * 2 + 1);
    queries++;
    for (const row of rowObjects(result)) {
      const label = String(row.dc_col);
      const kind = label.slice(0, label.indexOf(':'));
      const column = label.slice(label.indexOf(':') + 1);
      const n = toNumber(row.dc_n) ?? 0;
      if (kind === TOP_KIND) {
        tops.set(column, [...(tops.get(column) ?? []), { value: toProfileValue(row.dc_val), count: n }]);
      }
      if (kind !== FREQUENCY_KIND) continue;
      const f = frequencies.get(column) ?? { rows: 0, distinct: 0, singletons: 0 };
      const groups = toNumber(row.dc_g) ?? 0;
      frequencies.set(column, {
        rows: f.rows + n,
        distinct: f.distinct + groups,
        singletons: f.singletons + (String(row.dc_val) === SINGLETON_BUCKET ? groups : 0),
      });
    }
  }

  const sampled = await run(sampleRowsQuery(d, plan.source), 100);
  const sample = { ...sampled, rows: rowObjects(sampled) };
  queries++;

  const rowCount = full ? rowsProfiled : Math.round(table.rowEstimate ?? rowsProfiled);
  const columns: ColumnProfile[] = table.columns.map((column, i) => {
    const profile = buildColumn(column, i, stats, sample.rows, tops.get(column.name) ?? []);
    const a = aliases(i);
    const indexMinMax = leading.has(column.name) && hasMinMax(column) && a.indexMin in stats;
    const resolved = resolveStatistics({
      full,
      tableRows: rowCount,
      tableRowsExact: full,
      sampleRows: rowsProfiled,
      sampleNonNull: toNumber(stats[a.nonNull]) ?? 0,
      sampleDistinct: distinctOf(i) ?? 0,
      key: keys.has(column.name),
      declaredNotNull: declaredNotNull(table, column),
      catalog: catalogOf(column.name),
      frequencies: frequencies.get(column.name),
      frequenciesExact: estimatePlan.method === 'full',
      indexMinMax,
    });
    const mask = (v: ProfileValue) => (profile.pii ? maskValue(v) : v);
    const indexValue = (alias: string) => mask(toProfileValue(stats[alias]));
    const minMax = indexMinMax ? { min_value: indexValue(a.indexMin), max_value: indexValue(a.indexMax) } : {};
    return { ...profile, ...resolved, ...minMax };
  });
  const masked = new Set(columns.filter((c) => c.pii).map((c) => c.name));
  const sampleData = sample.rows
    .slice(0, 5)
    .map((row) =>
      Object.fromEntries(
        table.columns.map((c) => [
          c.name,
          masked.has(c.name) ? maskValue(toProfileValue(row[c.name])) : toProfileValue(row[c.name]),
        ]),
      ),
    );
  return {
    table_name: table.name,
    schema: table.schema ?? '',
    row_count: rowCount,
    row_count_exact: full,
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

/** The column's sample-side figures (patterns, PII, sample and top values, min/max/avg); counts are resolved apart. */
function buildColumn(
  column: ColumnInfo,
  index: number,
  stats: Record<string, unknown>,
  sampleRows: Record<string, unknown>[],
  top: { value: ProfileValue; count: number }[],
): Omit<ColumnProfile, 'unique_count' | 'unique_count_approx' | 'null_percentage'> {
  const a = aliases(index);
  const values = sampleRows.map((r) => toProfileValue(r[column.name])).filter((v) => v !== null);
  const patterns = detectPatterns(values);
  const pii = isPiiColumn(column.name, patterns);
  const distinctSample = [...new Set(values.map((v) => JSON.stringify(v)))]
    .slice(0, 5)
    .map((v) => JSON.parse(v) as ProfileValue);
  const mask = (v: ProfileValue) => (pii ? maskValue(v) : v);
  const avg = toNumber(stats[a.avg]);
  return {
    name: column.name,
    data_type: column.dataType,
    canonical_type: column.canonicalType,
    is_nullable: column.nullable,
    sample_values: distinctSample.map(mask),
    min_value: mask(toProfileValue(stats[a.min])),
    max_value: mask(toProfileValue(stats[a.max])),
    avg_value: avg === undefined ? null : round(avg),
    patterns,
    pii,
    top_values: pii ? [] : top,
  };
}
