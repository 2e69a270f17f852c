import type { SchemaColumn, StatsBasis } from './datapoint-model.js';

/** A column's statistics as stored in a Schema DataPoint (or mapped from a profile). */
export type ColumnStats = NonNullable<SchemaColumn['stats']>;

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const percent = (f: number) => `${Number((f * 100).toFixed(f < 0.01 && f > 0 ? 2 : 1))}%`;
const inSample = (rows: number | undefined) => (rows ? `in a ${count(rows)}-row sample` : 'in a sample');

/**
 * How people and prompts read a distinct count: "4,014" when counted, "≈ 20,000 (one per row: key)",
 * "≈ 3,443 (estimated from a sample)", "764 in a 1,000-row sample"; never a sample's figure as the table's.
 * Without a basis (DataPoints from before provenance) the figure is given as it is.
 */
export function describeDistinct(value: number, basis: StatsBasis | undefined, sampleRows?: number): string {
  switch (basis?.distinct) {
    case 'key':
      return `${sampleRows ? '≈ ' : ''}${count(value)} (one per row: unique key)`;
    case 'catalog':
      return `≈ ${count(value)} (database statistics)`;
    case 'estimate:duj1':
      return `≈ ${count(value)} (estimated from a sample)`;
    case 'sample':
      return `${count(value)} ${inSample(sampleRows)}`;
    default:
      return count(value);
  }
}

export function describeNulls(fraction: number, basis: StatsBasis | undefined, sampleRows?: number): string {
  switch (basis?.nulls) {
    case 'declared':
      return 'none (NOT NULL)';
    case 'catalog':
      return `≈ ${percent(fraction)} (database statistics)`;
    case 'sample':
      return `${percent(fraction)} ${inSample(sampleRows)}`;
    default:
      return percent(fraction);
  }
}

type Scalar = string | number | boolean | null | undefined;

export function describeRange(
  min: Scalar,
  max: Scalar,
  basis: StatsBasis | undefined,
  sampleRows?: number,
): string | undefined {
  if (min === undefined || min === null || max === undefined || max === null) return undefined;
  const range = `${String(min)} to ${String(max)}`;
  return basis?.min_max === 'sample' ? `${range} ${inSample(sampleRows)}` : range;
}

/**
 * One line per column for prompts and listings:
 * `distinct ≈ 3,443 (estimated from a sample); nulls 2% in a 1,000-row sample; ...`.
 */
export function describeColumnStats(stats: ColumnStats): string {
  const parts: string[] = [];
  const { sample_rows: rows, basis } = stats;
  if (stats.distinct_count !== undefined) parts.push(`distinct ${describeDistinct(stats.distinct_count, basis, rows)}`);
  if (stats.null_fraction !== undefined) parts.push(`nulls ${describeNulls(stats.null_fraction, basis, rows)}`);
  const range = describeRange(stats.min, stats.max, basis, rows);
  if (range) parts.push(`range ${range}`);
  if (stats.avg !== undefined && stats.avg !== null) {
    parts.push(`avg ${stats.avg}${basis?.avg === 'sample' ? ` ${inSample(rows)}` : ''}`);
  }
  return parts.join('; ');
}

/** True when a statistic was measured over the whole table (or its catalog), so two readings can be compared. */
export function wholeTable(basis: string | undefined): boolean {
  return basis === undefined || WHOLE_TABLE.has(basis);
}
const WHOLE_TABLE: ReadonlySet<string> = new Set(['exact', 'key', 'catalog', 'index', 'declared']);
