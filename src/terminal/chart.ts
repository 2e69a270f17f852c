import { displayValue, numericValue } from '../query/answer-values.js';

/**
 * Terminal charts for small answers: a horizontal bar chart (category breakdowns and time series) and
 * a sparkline (the trend of a time series at a glance). Pure functions: no terminal or environment
 * access, so the output for a given input is exact and testable.
 */

/** Eighth blocks: index n draws n/8 of a cell. */
const PARTIAL_BLOCKS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const FULL_BLOCK = '█';
const SPARK_TICKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** Rows charted at most (and at least): more is a table's job, fewer is a single number. */
export const CHART_MIN_ROWS = 2;
export const CHART_MAX_ROWS = 40;
/** Label column width at most; longer labels end with "…". */
const MAX_LABEL_WIDTH = 24;

const ANSI_CYAN = '\u001b[36m';
const ANSI_RESET_FG = '\u001b[39m';

export interface ChartOptions {
  /** Wrap bars and sparkline ticks in ANSI color (default false). */
  color?: boolean;
  /** Locale of the values' digit grouping (default: the process's, as the table). */
  locale?: string;
}

/** A number from a finite number, a bigint, or a numeric string (exact decimals past 2^53 stay strings). */
export function toChartNumber(value: unknown): number | undefined {
  return numericValue(value);
}

/**
 * A value as the table shows it (answer-values.ts `displayValue`): the same digits, the locale's
 * grouping; `locale` defaults to the process's.
 */
export function formatChartValue(value: number, locale?: string): string {
  return displayValue(value, locale);
}

/** A label as shown: dates as YYYY-MM-DD (with the time only when it is not midnight), then truncated. */
export function formatChartLabel(value: unknown): string {
  let text: string;
  if (value instanceof Date) text = value.toISOString();
  else if (value === null || value === undefined) text = '(null)';
  else text = String(value);
  text = text.replace(/^(\d{4}-\d{2}-\d{2})[T ]00:00(:00(\.0+)?)?(Z|[+-]00(:?00)?)?$/, '$1');
  return text.length > MAX_LABEL_WIDTH ? `${text.slice(0, MAX_LABEL_WIDTH - 1)}…` : text;
}

/** A bar of `cells` character cells (fractions drawn with eighth blocks; any positive value gets at least ▏). */
function bar(cells: number): string {
  const eighths = Math.max(0, Math.round(cells * 8));
  return FULL_BLOCK.repeat(Math.floor(eighths / 8)) + PARTIAL_BLOCKS[eighths % 8]!;
}

/**
 * One line per row: `label │bar value`, labels padded to the longest, bars scaled so the largest
 * value fills `width` cells, values right-aligned. Zero, negative and non-numeric values get no bar.
 */
export function barChart(
  rows: readonly Record<string, unknown>[],
  labelColumn: string,
  valueColumn: string,
  width: number,
  options: ChartOptions = {},
): string {
  const items = rows.map((row) => ({
    label: formatChartLabel(row[labelColumn]),
    value: toChartNumber(row[valueColumn]),
  }));
  const max = Math.max(0, ...items.map((i) => i.value ?? 0));
  const labelWidth = Math.max(0, ...items.map((i) => i.label.length));
  const texts = items.map((i) => (i.value === undefined ? '' : formatChartValue(i.value, options.locale)));
  const valueWidth = Math.max(0, ...texts.map((t) => t.length));
  const cells = Math.max(1, Math.floor(width));
  return items
    .map((item, index) => {
      const value = item.value ?? 0;
      let drawn = max > 0 && value > 0 ? bar((value / max) * cells) : '';
      if (max > 0 && value > 0 && drawn === '') drawn = PARTIAL_BLOCKS[1]!;
      const padded = drawn + ' '.repeat(Math.max(0, cells - [...drawn].length));
      const painted =
        options.color && drawn ? `${ANSI_CYAN}${drawn}${ANSI_RESET_FG}${padded.slice(drawn.length)}` : padded;
      return `${item.label.padEnd(labelWidth)} │${painted} ${texts[index]!.padStart(valueWidth)}`;
    })
    .join('\n');
}

/** One tick per value, scaled from the minimum (▁) to the maximum (█); a flat series is all ▄, a gap is a space. */
export function sparkline(values: readonly number[], options: ChartOptions = {}): string {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return ' '.repeat(values.length);
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const ticks = values
    .map((v) => {
      if (!Number.isFinite(v)) return ' ';
      if (max === min) return SPARK_TICKS[3]!;
      return SPARK_TICKS[Math.round(((v - min) / (max - min)) * (SPARK_TICKS.length - 1))]!;
    })
    .join('');
  return options.color ? `${ANSI_CYAN}${ticks}${ANSI_RESET_FG}` : ticks;
}

export interface ChartSpec {
  labelColumn: string;
  valueColumn: string;
  /** `time` when every label is a date, month or timestamp; then the chart starts with a sparkline. */
  kind: 'time' | 'category';
}

const TIME_LABEL =
  /^\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?)?|-Q[1-4]|-W\d{2})$/;

function isTimeLabel(value: unknown): boolean {
  if (value instanceof Date) return true;
  return typeof value === 'string' && TIME_LABEL.test(value.trim());
}

/**
 * Whether an answer is worth a chart: 2–40 rows and exactly two columns, one label (or time) column
 * and one numeric column. When both are numeric, the first is the label (e.g. a year).
 */
export function chartSpec(columns: readonly string[], rows: readonly Record<string, unknown>[]): ChartSpec | undefined {
  if (columns.length !== 2 || rows.length < CHART_MIN_ROWS || rows.length > CHART_MAX_ROWS) return undefined;
  const numeric = (column: string) => rows.every((row) => toChartNumber(row[column]) !== undefined);
  const [first, second] = columns as [string, string];
  let labelColumn: string;
  let valueColumn: string;
  if (numeric(second)) [labelColumn, valueColumn] = [first, second];
  else if (numeric(first)) [labelColumn, valueColumn] = [second, first];
  else return undefined;
  const kind = rows.every((row) => isTimeLabel(row[labelColumn])) ? 'time' : 'category';
  return { labelColumn, valueColumn, kind };
}

export interface RenderChartOptions {
  /** Terminal width in columns (default 80). */
  columns?: number;
  /** The environment: NO_COLOR (any value) turns color off. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Color allowed by the caller (e.g. not --no-color, stderr a TTY); default true. */
  color?: boolean;
  /** Locale of digit grouping (default: the process's). */
  locale?: string;
}

/** The chart for an answer, or undefined when `chartSpec` says it does not fit one. */
export function renderChart(
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
  options: RenderChartOptions = {},
): string | undefined {
  const spec = chartSpec(columns, rows);
  if (!spec) return undefined;
  const color = options.color !== false && options.env?.NO_COLOR === undefined && options.env?.TERM !== 'dumb';
  const labelWidth = Math.max(...rows.map((r) => formatChartLabel(r[spec.labelColumn]).length));
  const values = rows.map((r) => toChartNumber(r[spec.valueColumn]) ?? Number.NaN);
  const { locale } = options;
  const valueWidth = Math.max(...values.map((v) => formatChartValue(Number.isFinite(v) ? v : 0, locale).length));
  const width = Math.max(10, Math.min(50, (options.columns ?? 80) - labelWidth - valueWidth - 4));
  const bars = barChart(rows, spec.labelColumn, spec.valueColumn, width, { color, ...(locale ? { locale } : {}) });
  if (spec.kind === 'category') return bars;
  const finite = values.filter((v) => Number.isFinite(v));
  const first = formatChartLabel(rows[0]![spec.labelColumn]);
  const last = formatChartLabel(rows[rows.length - 1]![spec.labelColumn]);
  const range = `${first} → ${last}  min ${formatChartValue(Math.min(...finite), locale)} · max ${formatChartValue(Math.max(...finite), locale)}`;
  return `${spec.valueColumn} ${sparkline(values, { color })}  ${range}\n${bars}`;
}
