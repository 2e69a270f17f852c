import stringWidth from 'string-width';
import { displayValue } from '../query/answer-values.js';

/**
 * Result tables for people, psql-like: a compact box (no line between rows), numbers right-aligned,
 * cells wider than `maxCell` cut with `…`, and an expanded layout (`\x`: one `column | value` block
 * per row) for rows too wide for the terminal. Pure: the terminal width and locale come in.
 */

/** Widest cell of the compact table, in terminal columns; longer values end with `…`. */
export const MAX_CELL_WIDTH = 40;

export interface TableRenderOptions {
  /** Terminal width in columns (undefined: unknown, never switch to expanded automatically). */
  width?: number;
  /** `true`: always expanded; `false`: never; undefined: when the compact table is wider than `width`. */
  expanded?: boolean;
  /** Digit grouping locale (default: the process's). */
  locale?: string;
  /** Header styling (e.g. bold); must not change the visible width. */
  header?: (text: string) => string;
  maxCell?: number;
}

/** A value as one line of cell text: line breaks shown as ↵, tabs as spaces. */
function cellText(value: unknown, locale: string | undefined): string {
  return displayValue(value, locale).replace(/\r?\n/g, '↵').replace(/\t/g, ' ');
}

/** `text` cut to at most `width` columns, ending with `…` when cut. */
export function truncate(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = '';
  for (const char of text) {
    if (stringWidth(out + char) > width - 1) break;
    out += char;
  }
  return `${out}…`;
}

const pad = (text: string, width: number, right: boolean): string => {
  const gap = ' '.repeat(Math.max(0, width - stringWidth(text)));
  return right ? gap + text : text + gap;
};

const isNumeric = (value: unknown): boolean => typeof value === 'number' || typeof value === 'bigint';

/** The compact boxed table's lines, or undefined when it is wider than `width` and expanded is allowed. */
type Rows = readonly Record<string, unknown>[];

function compact(rows: Rows, cols: readonly string[], options: TableRenderOptions): string[] | undefined {
  const max = options.maxCell ?? MAX_CELL_WIDTH;
  const header = options.header ?? ((t: string) => t);
  const texts = rows.map((row) => cols.map((c) => truncate(cellText(row[c], options.locale), max)));
  const heads = cols.map((c) => truncate(c, max));
  const widths = cols.map((_, i) => Math.max(stringWidth(heads[i]!), ...texts.map((t) => stringWidth(t[i]!))));
  // Numeric columns (every value a number or empty) are right-aligned, like psql.
  const empty = (v: unknown) => v === null || v === undefined;
  const right = cols.map((c) => rows.some((r) => isNumeric(r[c])) && rows.every((r) => isNumeric(r[c]) || empty(r[c])));
  const total = widths.reduce((sum, w) => sum + w + 3, 1);
  if (options.expanded === undefined && options.width !== undefined && total > options.width) return undefined;
  const rule = (l: string, m: string, r: string) => `${l}${widths.map((w) => '─'.repeat(w + 2)).join(m)}${r}`;
  const line = (cells: string[], style = (t: string) => t) =>
    `│${cells.map((t, i) => ` ${style(pad(t, widths[i]!, right[i]!))} `).join('│')}│`;
  const body = texts.map((t) => line(t));
  return [rule('┌', '┬', '┐'), line(heads, header), rule('├', '┼', '┤'), ...body, rule('└', '┴', '┘')];
}

/** psql's `\x` layout: `-[ RECORD n ]-` then one `column | value` line per column. */
function expandedLines(rows: Rows, cols: readonly string[], options: TableRenderOptions): string[] {
  const header = options.header ?? ((t: string) => t);
  const keyWidth = Math.max(...cols.map((c) => stringWidth(c)));
  const valueWidth = Math.max(MAX_CELL_WIDTH, (options.width ?? 120) - keyWidth - 3);
  const lines: string[] = [];
  rows.forEach((row, index) => {
    const title = `-[ RECORD ${index + 1} ]`;
    lines.push(title + '-'.repeat(Math.max(1, Math.min(options.width ?? 40, keyWidth + 20) - title.length)));
    for (const c of cols) {
      lines.push(`${header(pad(c, keyWidth, false))} │ ${truncate(cellText(row[c], options.locale), valueWidth)}`);
    }
  });
  return lines;
}

/** The table's text (no trailing newline): compact, or expanded when asked or too wide for the terminal. */
export function renderTable(rows: Rows, cols: readonly string[], options: TableRenderOptions = {}): string {
  if (cols.length === 0) return '';
  if (options.expanded === true) return expandedLines(rows, cols, options).join('\n');
  const lines = compact(rows, cols, options);
  return (lines ?? expandedLines(rows, cols, options)).join('\n');
}
