import { QueryError } from '../../errors.js';
import { clickhouseStringLiteral } from './clickhouse-dialect.js';

/**
 * Client-side parameter binding. ClickHouse 18.x has no server-side query parameters (`{name:Type}`
 * arrived in 19.x), so each `?` placeholder is replaced by a literal rendered here. Values are never
 * spliced as raw text: strings are escaped, numbers must be finite, anything else is refused.
 */
export function renderClickhouseLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new QueryError(`Cannot bind the number ${String(value)} as a ClickHouse parameter.`, {
        hint: 'Pass a finite number.',
      });
    // Parenthesised so that `a-?` with -1 never becomes the comment `a--1`.
    return value < 0 ? `(${String(value)})` : String(value);
  }
  if (typeof value === 'bigint') return value < 0n ? `(${value.toString()})` : value.toString();
  if (typeof value === 'string') return clickhouseStringLiteral(value);
  if (value instanceof Date) return dateLiteral(value);
  if (Array.isArray(value)) return `[${value.map(renderClickhouseLiteral).join(', ')}]`;
  throw new QueryError(
    `Cannot bind a value of type ${value.constructor?.name ?? typeof value} as a ClickHouse parameter.`,
    {
      hint: 'Parameters may be strings, finite numbers, bigints, booleans, dates, null, or arrays of those.',
    },
  );
}

/**
 * A Date as a quoted string in UTC: `'YYYY-MM-DD'` at midnight UTC (so it compares with Date columns,
 * which 18.x refuses to parse from a string with a time part), `'YYYY-MM-DD hh:mm:ss'` otherwise
 * (milliseconds dropped: DateTime has second precision). The server reads it in its own timezone.
 */
function dateLiteral(value: Date): string {
  if (Number.isNaN(value.getTime())) throw new QueryError('Cannot bind an invalid Date as a ClickHouse parameter.');
  const iso = value.toISOString();
  const midnight =
    value.getUTCHours() === 0 &&
    value.getUTCMinutes() === 0 &&
    value.getUTCSeconds() === 0 &&
    value.getUTCMilliseconds() === 0;
  return `'${midnight ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`}'`;
}

/**
 * Replaces each `?` outside string literals, quoted identifiers and comments with the next value.
 * Without params the statement is returned untouched (so the ternary `c ? a : b` still works).
 */
export function bindClickhouseParams(sql: string, params: readonly unknown[] | undefined): string {
  if (!params || params.length === 0) return sql;
  const positions = placeholderPositions(sql);
  if (positions.length !== params.length) {
    throw new QueryError(
      `The statement has ${positions.length} placeholder(s) but ${params.length} parameter(s) were given.`,
      {
        hint: 'Use one `?` per parameter; with parameters, write `if(c, a, b)` instead of the ternary `c ? a : b`.',
      },
    );
  }
  let out = '';
  let last = 0;
  positions.forEach((pos, i) => {
    out += sql.slice(last, pos) + renderClickhouseLiteral(params[i]);
    last = pos + 1;
  });
  return out + sql.slice(last);
}

/** Offsets of `?` placeholders, skipping '...', "...", `...` (backslash or doubled escapes) and comments. */
export function placeholderPositions(sql: string): number[] {
  const positions: number[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"' || ch === '`') {
      i = skipQuoted(sql, i, ch);
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else {
      if (ch === '?') positions.push(i);
      i++;
    }
  }
  return positions;
}

function skipQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === '\\') i += 2;
    else if (ch === quote && sql[i + 1] === quote) i += 2;
    else if (ch === quote) return i + 1;
    else i++;
  }
  return sql.length;
}
