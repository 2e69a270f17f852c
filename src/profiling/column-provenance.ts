import type { ColumnInfo, TableInfo } from '../connectors/schema-metadata.js';
import { estimateDistinct } from './distinct-estimator.js';
import type { ColumnStatsBasis } from './profile-model.js';
import { round } from './profile-value.js';

/** What the profiler learned about one column, before deciding which figure to report. */
export interface ColumnEvidence {
  /** True when every row was read (the statistics are exact). */
  full: boolean;
  /** The table's row count (counted when full, else the catalog's estimate). */
  tableRows: number;
  tableRowsExact: boolean;
  /** Rows of the sample (all rows when full). */
  sampleRows: number;
  /** Non-null values of the column in the sample. */
  sampleNonNull: number;
  /** Distinct values in the sample (exact or, on engines with a sketch, approximate). */
  sampleDistinct: number;
  /** A single-column primary key or unique index over a NOT NULL column: distinct = rows. */
  key: boolean;
  /** Not nullable by declaration: no nulls whatever the sample says. */
  declaredNotNull: boolean;
  /** Fresh whole-table statistics from the catalog (PostgreSQL pg_stats). */
  catalog?: { nullFraction: number; distinctCount: number };
  /** The sample's frequency profile (from one consistent read): rows, distinct values, values seen once. */
  frequencies?: { rows: number; distinct: number; singletons: number };
  /** True when the frequency profile read every row (its distinct count is exact). */
  frequenciesExact?: boolean;
  /** True when min/max came from an index lookup over the whole table. */
  indexMinMax: boolean;
}

export interface ResolvedStatistics {
  unique_count: number;
  unique_count_approx: boolean;
  null_percentage: number;
  stats_basis: ColumnStatsBasis;
}

/**
 * Picks, per statistic, the best figure available, exact and cheap first: a full read, then a key
 * (distinct = rows), fresh catalog statistics, the Haas–Stokes estimate from the sample's frequency
 * profile, and last the sample's own count, each labelled with where it came from.
 */
export function resolveStatistics(e: ColumnEvidence): ResolvedStatistics {
  const sampleNulls = e.sampleRows > 0 ? round(1 - e.sampleNonNull / e.sampleRows) : 0;
  if (e.full) {
    return {
      unique_count: e.sampleDistinct,
      unique_count_approx: false,
      null_percentage: sampleNulls,
      stats_basis: { distinct: 'exact', nulls: 'exact', min_max: 'exact', avg: 'exact', top_values: 'exact' },
    };
  }
  const [nulls, nullBasis]: [number, ColumnStatsBasis['nulls']] = e.declaredNotNull
    ? [0, 'declared']
    : e.catalog
      ? [round(e.catalog.nullFraction), 'catalog']
      : [sampleNulls, 'sample'];
  const minMax = e.indexMinMax ? 'index' : 'sample';
  const common = { nulls: nullBasis, min_max: minMax, avg: 'sample', top_values: 'sample' } as const;
  type Distinct = ColumnStatsBasis['distinct'];
  const result = (count: number, approx: boolean, distinct: Distinct, nullShare = nulls): ResolvedStatistics => ({
    unique_count: count,
    unique_count_approx: approx,
    null_percentage: nullShare,
    stats_basis: { distinct, ...common },
  });
  if (e.key) return result(Math.round(e.tableRows), !e.tableRowsExact, 'key', 0);
  if (e.catalog) return result(e.catalog.distinctCount, true, 'catalog');
  const f = e.frequencies;
  if (f && e.frequenciesExact) return result(f.distinct, false, 'exact');
  if (f && f.rows > 0) {
    // Scale to the table's non-null rows: the estimator's N is the population the sample was drawn from.
    const population = Math.max(f.rows, Math.round(e.tableRows * (1 - nulls)));
    const { rows: sampleRows, distinct, singletons } = f;
    const estimate = estimateDistinct({ tableRows: population, sampleRows, distinct, singletons });
    return result(estimate, true, 'estimate:duj1');
  }
  return result(e.sampleDistinct, true, 'sample');
}

/** Columns whose distinct count is the row count: a one-column primary key or unique index over a NOT NULL column. */
export function keyColumns(table: TableInfo): Set<string> {
  const keys = new Set<string>();
  if (table.primaryKey.length === 1) keys.add(table.primaryKey[0]!);
  const notNull = new Set(table.columns.filter((c) => !c.nullable).map((c) => c.name));
  for (const index of table.indexes) {
    const [only] = index.columns;
    if (index.unique && index.columns.length === 1 && only && (index.primary || notNull.has(only))) keys.add(only);
  }
  return keys;
}

/** Columns leading an index (or the primary key): their MIN/MAX is an index lookup where the dialect allows it. */
export function indexLeadingColumns(table: TableInfo): Set<string> {
  const leading = new Set<string>();
  if (table.kind !== 'table') return leading;
  if (table.primaryKey.length > 0) leading.add(table.primaryKey[0]!);
  for (const index of table.indexes) if (index.columns[0]) leading.add(index.columns[0]);
  return leading;
}

/** Declared NOT NULL, or part of the primary key (some catalogs report key columns as nullable). */
export function declaredNotNull(table: TableInfo, column: ColumnInfo): boolean {
  return !column.nullable || table.primaryKey.includes(column.name);
}
