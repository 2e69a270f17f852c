import { DialectBase } from '../dialect-base.js';
import { ANSI_LEX_PROFILE } from '../lex-profile.js';
import { CLICKHOUSE_FUNCTIONS, CLICKHOUSE_TABLE_FUNCTIONS } from './clickhouse-functions.js';
import type { TimeGrain } from '../dialect.js';

/**
 * ClickHouse functions that truncate to a grain. They exist since 1.1; `toStartOfWeek` does not
 * exist on 18.x, so weeks use `toMonday` (ISO weeks). `toDate` truncates to the day for both Date and
 * DateTime input, where `toStartOfDay` rejects a Date on 18.x. All return a Date in the server timezone.
 */
const GRAIN_FUNCTIONS: Record<TimeGrain, string> = {
  day: 'toDate',
  week: 'toMonday',
  month: 'toStartOfMonth',
  quarter: 'toStartOfQuarter',
  year: 'toStartOfYear',
};

/**
 * ClickHouse SQL. node-sql-parser has no ClickHouse grammar; MySQL is the closest (backtick
 * identifiers, backslash string escapes, `?` placeholders), so the guard parses with it.
 */
export class ClickhouseDialect extends DialectBase {
  readonly engine = 'clickhouse' as const;
  readonly name = 'ClickHouse';
  readonly parserDatabase = 'MySQL';
  /** No grammar knows `count()` or `numbers(10)`; PostgreSQL's reads what MySQL's cannot of the rest. */
  override readonly parserFallbacks = ['PostgresQL'];
  override readonly partialGrammar = true;
  override readonly lexProfile = {
    ...ANSI_LEX_PROFILE,
    backslashEscapes: true,
    backtick: true,
    hashComment: 'space' as const,
    dollarQuotes: 'tagged' as const,
  };
  readonly functions = CLICKHOUSE_FUNCTIONS;
  /** Table functions that only generate rows; every other one is refused (most reach files or servers). */
  override readonly tableFunctions: ReadonlySet<string> = CLICKHOUSE_TABLE_FUNCTIONS;
  /** Window functions arrived in 21.x (experimental first); 18.x servers are supported. */
  override readonly supportsWindowFunctions = false;

  /** Backticks with backslash escapes: the one quoting every ClickHouse version reads the same way. */
  override quoteIdentifier(identifier: string): string {
    return `\`${identifier.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
  }

  /** ClickHouse string literals use backslash escapes (`''` also works, but `\` must be escaped). */
  override stringLiteral(value: string): string {
    return clickhouseStringLiteral(value);
  }

  /**
   * `?`, substituted client-side by the connector (18.x has no server-side parameters). Every `?`
   * outside literals, quoted identifiers and comments counts, so write `if(c, a, b)` rather than the
   * ternary `c ? a : b` in a statement that has parameters.
   */
  override placeholder(_index: number): string {
    return '?';
  }

  /** Needs a sampling key (`SAMPLE BY`); `SAMPLE n` with n > 1 reads about n rows. */
  /**
   * `SAMPLE n` only works on MergeTree tables declared with a SAMPLE BY key, which introspection
   * does not report yet; returning undefined makes the profiler read a bounded prefix instead, which
   * ClickHouse serves cheaply from the first granules.
   */
  override sampleSource(_qualifiedTable: string, _rows: number, _totalRows: number): string | undefined {
    return undefined;
  }

  /** 18.x will not compare a DateTime with a date-only string; a Date value compares with both. */
  override dateLiteral(iso: string): string {
    return `toDate(${this.stringLiteral(iso)})`;
  }

  /** avg() of a Decimal keeps the column's scale and truncates (avg(10.50, 20.25) = 15.37): average in Float64. */
  override average(expression: string): string {
    return `avg(toFloat64(${expression}))`;
  }

  override approxDistinct(expression: string): string {
    return `uniq(${expression})`;
  }

  override dateTrunc(grain: TimeGrain, expression: string): string {
    return `${GRAIN_FUNCTIONS[grain]}(${expression})`;
  }

  override now(): string {
    return 'now()';
  }

  override daysAgo(days: number): string {
    return `now() - INTERVAL ${Math.floor(days)} DAY`;
  }

  override castToText(expression: string): string {
    return `toString(${expression})`;
  }
}

const STRING_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\0': '\\0',
};

/** A ClickHouse string literal: backslash, quote and control characters escaped with backslashes. */
export function clickhouseStringLiteral(value: string): string {
  return `'${value.replace(/[\\'\n\r\t\0]/g, (ch) => STRING_ESCAPES[ch]!)}'`;
}

export const clickhouseDialect = new ClickhouseDialect();
