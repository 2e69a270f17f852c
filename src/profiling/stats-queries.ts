import { isNumericType, isTemporalType, type CanonicalType } from '../connectors/canonical-type.js';
import type { Dialect } from '../connectors/dialect.js';
import type { ColumnInfo } from '../connectors/schema-metadata.js';

/** Columns whose values cannot be compared or counted distinct on every engine. */
const OPAQUE: ReadonlySet<CanonicalType> = new Set(['json', 'array', 'struct', 'binary', 'geography', 'unknown', 'interval']);

export const ROWS_ALIAS = 'dc_rows';

/** Result aliases of one column in the aggregate query (short, so wide tables stay under identifier limits). */
export const aliases = (i: number) => ({ nonNull: `c${i}_nn`, distinct: `c${i}_d`, min: `c${i}_min`, max: `c${i}_max`, avg: `c${i}_avg` });

/**
 * Query 1 of 3: every column's statistics in one aggregate over the table or its sample: row
 * count, non-null count, distinct count (exact or approximate), min/max (comparable types), avg
 * (numeric types).
 */
export function aggregateStatsQuery(dialect: Dialect, source: string, columns: readonly ColumnInfo[], approximate: boolean): string {
  const q = (c: ColumnInfo) => dialect.quoteIdentifier(c.name);
  const parts = [`COUNT(*) AS ${dialect.quoteIdentifier(ROWS_ALIAS)}`];
  columns.forEach((column, i) => {
    const a = aliases(i);
    const ref = q(column);
    parts.push(`COUNT(${ref}) AS ${dialect.quoteIdentifier(a.nonNull)}`);
    if (OPAQUE.has(column.canonicalType)) return;
    parts.push(`${approximate ? dialect.approxDistinct(ref) : `COUNT(DISTINCT ${ref})`} AS ${dialect.quoteIdentifier(a.distinct)}`);
    if (column.canonicalType !== 'boolean') {
      parts.push(`MIN(${ref}) AS ${dialect.quoteIdentifier(a.min)}`, `MAX(${ref}) AS ${dialect.quoteIdentifier(a.max)}`);
    }
    if (isNumericType(column.canonicalType)) parts.push(`${dialect.average(ref)} AS ${dialect.quoteIdentifier(a.avg)}`);
  });
  return `SELECT ${parts.join(', ')} FROM ${source}`;
}

/** Most distinct values a column may have to get top values. */
export const TOP_VALUES_MAX_DISTINCT = 50;
export const TOP_VALUES_PER_COLUMN = 10;

/**
 * Query 2 of 3: the most frequent values of every low-cardinality column, as one UNION ALL of
 * per-column GROUP BYs (each wrapped so its ORDER BY/LIMIT is legal on every engine).
 */
export function topValuesQuery(dialect: Dialect, source: string, columns: readonly ColumnInfo[]): string | undefined {
  if (columns.length === 0) return undefined;
  const [colAlias, valAlias, countAlias] = ['dc_col', 'dc_val', 'dc_n'].map((a) => dialect.quoteIdentifier(a));
  const branches = columns.map((column, i) => {
    const ref = dialect.quoteIdentifier(column.name);
    const inner = `SELECT ${dialect.stringLiteral(column.name)} AS ${colAlias}, ${dialect.castToText(ref)} AS ${valAlias}, COUNT(*) AS ${countAlias} FROM ${source} WHERE ${ref} IS NOT NULL GROUP BY ${ref} ORDER BY ${countAlias} DESC, ${valAlias} LIMIT ${TOP_VALUES_PER_COLUMN}`;
    return `SELECT * FROM (${inner}) ${dialect.quoteIdentifier(`t${i}`)}`;
  });
  return branches.join(' UNION ALL ');
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
