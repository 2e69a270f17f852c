import { DialectBase } from '../dialect-base.js';
import { ANSI_LEX_PROFILE } from '../lex-profile.js';
import { BIGQUERY_FUNCTIONS } from './bigquery-functions.js';
import type { TimeGrain } from '../dialect.js';

const GRAINS: Record<TimeGrain, string> = {
  day: 'DAY',
  week: 'ISOWEEK',
  month: 'MONTH',
  quarter: 'QUARTER',
  year: 'YEAR',
};

/** Backslash escapes shared by GoogleSQL string literals and quoted identifiers. */
function escapeGoogleSql(value: string, quote: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(new RegExp(quote, 'g'), `\\${quote}`)
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
}

/** GoogleSQL (BigQuery standard SQL). https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical */
export class BigQueryDialect extends DialectBase {
  readonly engine = 'bigquery' as const;
  readonly name = 'BigQuery';
  readonly parserDatabase = 'BigQuery';
  /** node-sql-parser 5.4's BigQuery grammar lacks QUALIFY and WITH RECURSIVE. */
  override readonly parserFallbacks = ['Snowflake'];
  override readonly partialGrammar = true;
  override readonly lexProfile = {
    ...ANSI_LEX_PROFILE,
    backslashEscapes: true,
    doubleQuote: 'string' as const,
    backtick: true,
    hashComment: 'always' as const,
    tripleQuotes: true,
  };
  readonly functions = BIGQUERY_FUNCTIONS;
  /** `SAFE.f(x)` is f returning NULL instead of an error. */
  override readonly builtinQualifiers = ['safe'];

  /** Backticks; `project.dataset.table` inside one pair of backticks is also valid GoogleSQL. */
  override quoteIdentifier(identifier: string): string {
    return `\`${escapeGoogleSql(identifier, '`')}\``;
  }

  /** GoogleSQL literals take backslash escapes; doubling a quote (`''`) is not an escape there. */
  override stringLiteral(value: string): string {
    return `'${escapeGoogleSql(value, "'")}'`;
  }

  override placeholder(_index: number): string {
    return '?';
  }

  /** SYSTEM sampling reads whole storage blocks, so the cost scales with the percentage. */
  override sampleSource(qualifiedTable: string, rows: number, totalRows: number): string | undefined {
    if (totalRows <= 0 || totalRows <= rows) return undefined;
    const percent = Math.min(100, Math.ceil((rows / totalRows) * 100 * 10_000) / 10_000);
    return `${qualifiedTable} TABLESAMPLE SYSTEM (${percent} PERCENT)`;
  }

  override approxDistinct(expression: string): string {
    return `APPROX_COUNT_DISTINCT(${expression})`;
  }

  /** The cast lets one form serve DATE, DATETIME and TIMESTAMP columns (TIMESTAMP_TRUNC takes only TIMESTAMP). */
  override dateTrunc(grain: TimeGrain, expression: string): string {
    return `TIMESTAMP_TRUNC(CAST(${expression} AS TIMESTAMP), ${GRAINS[grain]})`;
  }

  override now(): string {
    return 'CURRENT_TIMESTAMP()';
  }

  override daysAgo(days: number): string {
    return `TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL ${Math.floor(days)} DAY)`;
  }

  override castToText(expression: string): string {
    return `CAST(${expression} AS STRING)`;
  }
}

export const bigqueryDialect = new BigQueryDialect();
