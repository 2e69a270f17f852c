import type { QueryResult, ResultColumn } from '../connectors/connector.js';
import type { TimeGrain } from '../connectors/dialect.js';
import { decimalValue, isDecimalType } from '../connectors/result-values.js';
import { uniqueColumnNames } from '../connectors/result-rows.js';

/**
 * The one value model of answers, for every engine and every surface (JSON, CSV, table, chart, API).
 *
 * - Numbers are numbers: exact decimals (PostgreSQL `numeric`, MySQL `DECIMAL`) become numbers like
 *   SQLite's REAL, and stay strings only when their integer part is past 2^53 (see decimalValue).
 * - Binary floating-point noise is rounded away (`2292216.7600000002` → `2292216.76`): 15 significant
 *   digits are all a double holds reliably, so anything past them is an artefact of the arithmetic.
 * - A time bucket is labelled by its grain (`2024-03`, `2024-Q1`, `2024-W09` as ISO weeks, `2024`),
 *   whatever the engine returned for it (a DATE, a `YYYY-MM-01` text, a timestamp).
 * - A `date` column is `YYYY-MM-DD`, never a made-up `T00:00:00.000Z`; other Date values are ISO.
 *
 * Machine output (JSON, CSV, tab-separated) uses `plainValue`; people (TTY table, chart, one-line
 * summaries) see `displayValue`, the only place with locale-aware digit grouping.
 */

/** Significant digits kept from a non-integer double. */
const SIGNIFICANT_DIGITS = 15;

/** A number without float noise: integers as they are, others to 15 significant digits. */
export function cleanNumber(n: number): number {
  if (!Number.isFinite(n) || Number.isInteger(n)) return n;
  return Number(n.toPrecision(SIGNIFICANT_DIGITS));
}

/** How one result column is read: its native type and, for a time bucket, its grain. */
export interface ValueColumn {
  type?: string;
  grain?: TimeGrain;
}

/** A value as answers carry it (see the model above). */
export function answerValue(value: unknown, column: ValueColumn = {}): unknown {
  if (value === null || value === undefined) return null;
  if (column.grain) {
    const label = grainLabel(value, column.grain);
    if (label !== undefined) return label;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? cleanNumber(value) : String(value);
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'string') {
    if (!isDecimalType(column.type)) return value;
    const n = decimalValue(value);
    return typeof n === 'number' ? cleanNumber(n) : n;
  }
  if (value instanceof Date) return dateText(value, column.type);
  if (Array.isArray(value)) return value.map((v) => answerValue(v, { ...(column.type ? { type: column.type } : {}) }));
  return value;
}

/** `YYYY-MM-DD` for a date column or a Date at UTC midnight of a `date` type; else the ISO instant. */
function dateText(value: Date, type: string | undefined): string {
  if (Number.isNaN(value.getTime())) return String(value);
  const iso = value.toISOString();
  return type !== undefined && /^date$/i.test(type.trim()) ? iso.slice(0, 10) : iso;
}

const DATE_PREFIX = /^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:$|[T\s])/;

/** The calendar day a bucket value starts on (a Date in UTC, or a text starting `YYYY[-MM[-DD]]`). */
function bucketDay(value: unknown): { y: number; m: number; d: number } | undefined {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    return { y: value.getUTCFullYear(), m: value.getUTCMonth() + 1, d: value.getUTCDate() };
  }
  const year = typeof value === 'number' && Number.isInteger(value) && value >= 1000 && value <= 9999;
  if (year) return { y: value, m: 1, d: 1 };
  if (typeof value !== 'string') return undefined;
  const match = DATE_PREFIX.exec(value);
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2] ?? 1), Number(match[3] ?? 1)];
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  return { y, m, d };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** ISO 8601 week of a day: the week-numbering year and week (weeks start on Monday; week 1 holds a Thursday). */
export function isoWeek(y: number, m: number, d: number): { year: number; week: number } {
  const date = new Date(Date.UTC(y, m - 1, d));
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  date.setUTCDate(date.getUTCDate() - weekday + 3); // the Thursday of this week decides its year
  const year = date.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  return { year, week: 1 + Math.round((date.getTime() - firstThursday.getTime()) / (7 * 86_400_000)) };
}

/** The label of a time bucket at a grain, or undefined when the value is not a date. */
export function grainLabel(value: unknown, grain: TimeGrain): string | undefined {
  const day = bucketDay(value);
  if (!day) return undefined;
  const { y, m, d } = day;
  switch (grain) {
    case 'year':
      return pad(y, 4);
    case 'quarter':
      return `${pad(y, 4)}-Q${Math.floor((m - 1) / 3) + 1}`;
    case 'month':
      return `${pad(y, 4)}-${pad(m)}`;
    case 'week': {
      const { year, week } = isoWeek(y, m, d);
      return `${pad(year, 4)}-W${pad(week)}`;
    }
    case 'day':
      return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
  }
}

/** Rows of a result as answer objects under unique column names, every value through `answerValue`. */
export function answerRows(
  result: Pick<QueryResult, 'columns' | 'rows'>,
  grains: Readonly<Record<string, TimeGrain>> = {},
): { columns: string[]; data: Record<string, unknown>[] } {
  const columns = uniqueColumnNames(result.columns.map((c) => c.name));
  const readers: ValueColumn[] = result.columns.map((c: ResultColumn, i) => {
    const grain = Object.hasOwn(grains, columns[i]!) ? grains[columns[i]!] : undefined;
    return { ...(c.type ? { type: c.type } : {}), ...(grain ? { grain } : {}) };
  });
  const data = result.rows.map((row) =>
    Object.fromEntries(columns.map((key, i) => [key, answerValue(row[i], readers[i])])),
  );
  return { columns, data };
}

/** Values as machine text (CSV, tab-separated): no grouping, no rounding beyond `cleanNumber`. */
export function plainValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(cleanNumber(value));
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plainValue).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A number from a finite number, a bigint, or a numeric text (exact decimals past 2^53 are strings). */
export function numericValue(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(value)) return Number(value);
  return undefined;
}

/**
 * Values for people: numbers with the locale's digit grouping and exactly the decimals the value has
 * (the table and the chart print the same text for the same value); the rest as `plainValue`.
 */
export function displayValue(value: unknown, locale?: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) {
    const n = cleanNumber(value);
    // en-US by hand: the first Intl number format costs ~20 ms of ICU start-up in a one-shot CLI.
    return locale === 'en-US' ? groupEnUs(n) : n.toLocaleString(locale, { maximumFractionDigits: 20 });
  }
  if (typeof value === 'bigint') return value.toLocaleString(locale);
  return plainValue(value);
}

/** Whether a value is exactly the first day of its bucket at `grain` (a month's 1st, a week's Monday…). */
function isBucketStart(value: unknown, grain: TimeGrain): boolean {
  const day = bucketDay(value);
  if (!day) return false;
  const { y, m, d } = day;
  if (grain === 'day') return true;
  if (grain === 'week') return new Date(Date.UTC(y, m - 1, d)).getUTCDay() === 1;
  if (grain === 'month') return d === 1;
  if (grain === 'quarter') return d === 1 && (m - 1) % 3 === 0;
  return d === 1 && m === 1;
}

/**
 * Other rows (an eval's gold SQL) labelled like an answer's time buckets: a column whose every
 * value is the start of a bucket at one of the answer's grains gets that grain's labels, so
 * `2024-03-01` from gold SQL compares equal to the answer's `2024-03`. Other columns are unchanged.
 */
export function labelBuckets(
  rows: readonly Record<string, unknown>[],
  grains: Readonly<Record<string, TimeGrain>> | undefined,
): Record<string, unknown>[] {
  const wanted = [...new Set(Object.values(grains ?? {}))];
  if (wanted.length === 0 || rows.length === 0) return [...rows];
  const relabel = new Map<string, TimeGrain>();
  for (const key of Object.keys(rows[0]!)) {
    const grain = wanted.find((g) => rows.every((row) => isBucketStart(row[key], g)));
    if (grain) relabel.set(key, grain);
  }
  return rows.map((row) => {
    const out = { ...row };
    for (const [key, grain] of relabel) out[key] = grainLabel(row[key], grain);
    return out;
  });
}

/** `1234567.5` → `1,234,567.5`, as `toLocaleString('en-US')` writes it (exponent forms left to Intl). */
function groupEnUs(n: number): string {
  const text = String(n);
  const match = /^(-?)(\d+)(\.\d+)?$/.exec(text);
  if (!match) return n.toLocaleString('en-US', { maximumFractionDigits: 20 });
  return `${match[1]}${match[2]!.replace(/\B(?=(\d{3})+$)/g, ',')}${match[3] ?? ''}`;
}
