import { isNumericType, isTemporalType, type CanonicalType } from '../connectors/canonical-type.js';
import type { Dialect } from '../connectors/dialect.js';
import type { ColumnInfo } from '../connectors/schema-metadata.js';

/** Columns whose values cannot be compared or counted distinct on every engine. */
const OPAQUE: ReadonlySet<CanonicalType> = new Set([
  'json',
  'array',
  'struct',
  'binary',
  'geography',
  'unknown',
  'interval',
]);

export const ROWS_ALIAS = 'dc_rows';

/** Result aliases of one column in the aggregate query (short, so wide tables stay under identifier limits). */
export const aliases = (i: number) => ({
  nonNull: `c${i}_nn`,
  distinct: `c${i}_d`,
  min: `c${i}_min`,
  max: `c${i}_max`,
  avg: `c${i}_avg`,
  indexMin: `c${i}_imin`,
  indexMax: `c${i}_imax`,
  freqRows: `c${i}_fn`,
  freqDistinct: `c${i}_fd`,
  freqSingletons: `c${i}_f1`,
});

/** Whether min/max mean something for a column (ordered, comparable on every engine). */
export const hasMinMax = (column: ColumnInfo): boolean =>
  !OPAQUE.has(column.canonicalType) && column.canonicalType !== 'boolean';

/** Whether a column's distinct values can be counted (and so estimated) on every engine. */
export const countable = (column: ColumnInfo): boolean => !OPAQUE.has(column.canonicalType);

/** Whole-table MIN/MAX read from an index, folded into query 1 as scalar subqueries (no extra round trip). */
export interface IndexedMinMax {
  /** The quoted, qualified table (not the sample). */
  table: string;
  columns: ReadonlySet<string>;
}

/** Columns (by index in the table) whose frequency profile query 1 reads from `source` in one pass. */
export interface FrequencyProfiles {
  source: string;
  columns: readonly { column: ColumnInfo; index: number }[];
}

/**
 * One read of the estimator's sample giving, per column, non-null rows n, distinct values d and values
 * seen once f1 (rows whose value's window count is 1): consistent across columns even where each
 * reference to the sample draws a new one, and one scan however many columns.
 */
function frequencyJoin(dialect: Dialect, f: FrequencyProfiles): string {
  const inner: string[] = [];
  const outer: string[] = [];
  for (const { column, index } of f.columns) {
    const ref = dialect.quoteIdentifier(column.name);
    const a = aliases(index);
    const w = dialect.quoteIdentifier(`dc_w${index}`);
    const v = dialect.quoteIdentifier(`dc_v${index}`);
    inner.push(`${ref} AS ${v}`, `COUNT(${ref}) OVER (PARTITION BY ${ref}) AS ${w}`);
    outer.push(
      `COUNT(${v}) AS ${dialect.quoteIdentifier(a.freqRows)}`,
      `COUNT(DISTINCT ${v}) AS ${dialect.quoteIdentifier(a.freqDistinct)}`,
      `SUM(CASE WHEN ${w} = 1 THEN 1 ELSE 0 END) AS ${dialect.quoteIdentifier(a.freqSingletons)}`,
    );
  }
  const windowed = `(SELECT ${inner.join(', ')} FROM ${f.source}) ${dialect.quoteIdentifier('dc_win')}`;
  return `CROSS JOIN (SELECT ${outer.join(', ')} FROM ${windowed}) ${dialect.quoteIdentifier('dc_fq')}`;
}

/**
 * Query 1 of 3: every column's statistics in one aggregate over the table or its sample: row
 * count, non-null count, distinct count (exact or approximate), min/max (comparable types), avg
 * (numeric types), and for `indexed` columns the whole table's MIN/MAX as scalar subqueries, which
 * the engine answers from one end of the index.
 */
export function aggregateStatsQuery(
  dialect: Dialect,
  source: string,
  columns: readonly ColumnInfo[],
  approximate: boolean,
  indexed?: IndexedMinMax,
  frequencies?: FrequencyProfiles,
): string {
  const q = (c: ColumnInfo) => dialect.quoteIdentifier(c.name);
  const parts = [`COUNT(*) AS ${dialect.quoteIdentifier(ROWS_ALIAS)}`];
  columns.forEach((column, i) => {
    const a = aliases(i);
    const ref = q(column);
    parts.push(`COUNT(${ref}) AS ${dialect.quoteIdentifier(a.nonNull)}`);
    if (OPAQUE.has(column.canonicalType)) return;
    parts.push(
      `${approximate ? dialect.approxDistinct(ref) : `COUNT(DISTINCT ${ref})`} AS ${dialect.quoteIdentifier(a.distinct)}`,
    );
    if (hasMinMax(column)) {
      parts.push(
        `MIN(${ref}) AS ${dialect.quoteIdentifier(a.min)}`,
        `MAX(${ref}) AS ${dialect.quoteIdentifier(a.max)}`,
      );
      if (indexed?.columns.has(column.name)) {
        parts.push(
          `(SELECT MIN(${ref}) FROM ${indexed.table}) AS ${dialect.quoteIdentifier(a.indexMin)}`,
          `(SELECT MAX(${ref}) FROM ${indexed.table}) AS ${dialect.quoteIdentifier(a.indexMax)}`,
        );
      }
    }
    if (isNumericType(column.canonicalType)) parts.push(`${dialect.average(ref)} AS ${dialect.quoteIdentifier(a.avg)}`);
  });
  if (!frequencies?.columns.length) return `SELECT ${parts.join(', ')} FROM ${source}`;
  // The joined row is one: MAX() carries it through the aggregate.
  for (const { index } of frequencies.columns) {
    const a = aliases(index);
    for (const alias of [a.freqRows, a.freqDistinct, a.freqSingletons]) {
      const q = dialect.quoteIdentifier(alias);
      parts.push(`MAX(${dialect.quoteIdentifier('dc_fq')}.${q}) AS ${q}`);
    }
  }
  return `SELECT ${parts.join(', ')} FROM ${source} ${frequencyJoin(dialect, frequencies)}`;
}

/** Most distinct values a column may have to get top values. */
export const TOP_VALUES_MAX_DISTINCT = 50;
export const TOP_VALUES_PER_COLUMN = 10;

/** Row kinds of query 2, in `dc_col` as `<kind>:<column>`: a top value, or one bucket of a frequency profile. */
export const TOP_KIND = 't';
export const FREQUENCY_KIND = 'f';
/** `dc_val` of the frequency bucket holding values seen once in the sample. */
export const SINGLETON_BUCKET = '1';

/**
 * Query 2 of 3, one UNION ALL of per-column GROUP BYs over the sample (each wrapped so its ORDER
 * BY/LIMIT is legal on every engine), with columns `dc_col, dc_val, dc_n, dc_g`:
 * - the most frequent values of every low-cardinality column in `topColumns` (`dc_n` = rows);
 * - for every column in `estimated`, its frequency profile over `estimateSource` in two buckets, values
 *   seen once and the rest (`dc_n` = rows, `dc_g` = distinct values), which gives the distinct-count
 *   estimator its d, f1 and n from one read, so they are consistent even where each reference to the
 *   sample re-samples (MySQL's ORDER BY RAND(), Snowflake's SAMPLE).
 */
export function topValuesQuery(
  dialect: Dialect,
  source: string,
  topColumns: readonly ColumnInfo[],
  estimated: readonly ColumnInfo[] = [],
  estimateSource = source,
): string | undefined {
  if (topColumns.length === 0 && estimated.length === 0) return undefined;
  const names = ['dc_col', 'dc_val', 'dc_n', 'dc_g', 'dc_f'];
  const [colAlias, valAlias, countAlias, groupsAlias, freqAlias] = names.map((a) => dialect.quoteIdentifier(a));
  const wrap = (inner: string, i: number) => `SELECT * FROM (${inner}) ${dialect.quoteIdentifier(`t${i}`)}`;
  const tops = topColumns.map((column) => {
    const ref = dialect.quoteIdentifier(column.name);
    const label = dialect.stringLiteral(`${TOP_KIND}:${column.name}`);
    const counts = `COUNT(*) AS ${countAlias}, COUNT(*) AS ${groupsAlias}`;
    const select = `${label} AS ${colAlias}, ${dialect.castToText(ref)} AS ${valAlias}, ${counts}`;
    const order = `ORDER BY ${countAlias} DESC, ${valAlias} LIMIT ${TOP_VALUES_PER_COLUMN}`;
    return `SELECT ${select} FROM ${source} WHERE ${ref} IS NOT NULL GROUP BY ${ref} ${order}`;
  });
  const frequencies = estimated.map((column) => {
    const ref = dialect.quoteIdentifier(column.name);
    const label = dialect.stringLiteral(`${FREQUENCY_KIND}:${column.name}`);
    const once = dialect.stringLiteral(SINGLETON_BUCKET);
    const bucket = `CASE WHEN ${freqAlias} = 1 THEN ${once} ELSE ${dialect.stringLiteral('n')} END`;
    const perValue = `SELECT COUNT(*) AS ${freqAlias} FROM ${estimateSource} WHERE ${ref} IS NOT NULL GROUP BY ${ref}`;
    const counts = `SUM(${freqAlias}) AS ${countAlias}, COUNT(*) AS ${groupsAlias}`;
    const select = `${label} AS ${colAlias}, ${bucket} AS ${valAlias}, ${counts}`;
    return `SELECT ${select} FROM (${perValue}) ${dialect.quoteIdentifier('dc_freq')} GROUP BY ${bucket}`;
  });
  return [...tops, ...frequencies].map(wrap).join(' UNION ALL ');
}

/** Rows read by query 3 for sample values and pattern detection. */
export const SAMPLE_ROWS = 100;

/** Query 3 of 3: sample rows (sample values, patterns, the profile's sample_data). */
export function sampleRowsQuery(dialect: Dialect, source: string): string {
  return dialect.limit(`SELECT * FROM ${source}`, SAMPLE_ROWS);
}

/** Columns worth top values: low distinct count, and a type people filter or group by. */
export function wantsTopValues(column: ColumnInfo, distinct: number | undefined): boolean {
  if (distinct === undefined || distinct === 0 || distinct > TOP_VALUES_MAX_DISTINCT) return false;
  if (OPAQUE.has(column.canonicalType) || isTemporalType(column.canonicalType)) return false;
  return column.canonicalType !== 'float' && column.canonicalType !== 'decimal';
}
