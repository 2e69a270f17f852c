import { DialectBase } from '../dialect-base.js';
import { ANSI_LEX_PROFILE } from '../lex-profile.js';
import { SNOWFLAKE_FUNCTIONS } from './snowflake-functions.js';
import type { TimeGrain } from '../dialect.js';

/**
 * Snowflake SQL. Identifiers are double-quoted, and quoting makes them case-sensitive: unquoted names
 * are stored upper-case, so callers must quote names exactly as the catalog spells them (which is
 * what introspection returns). Bound parameters are positional `?`.
 */
export class SnowflakeDialect extends DialectBase {
  readonly engine = 'snowflake' as const;
  readonly name = 'Snowflake';
  readonly parserDatabase = 'Snowflake';
  /** node-sql-parser 5.4's Snowflake grammar lacks INTERSECT/EXCEPT/MINUS. */
  override readonly parserFallbacks = ['PostgresQL', 'MySQL'];
  override readonly partialGrammar = true;
  override readonly lexProfile = {
    ...ANSI_LEX_PROFILE,
    backslashEscapes: true,
    slashComment: true,
    dollarQuotes: 'plain' as const,
  };
  readonly functions = SNOWFLAKE_FUNCTIONS;
  /** Unquoted names fold to upper case. */
  override readonly quotedNameCase = 'upper' as const;

  /** Row-count sampling (`SAMPLE (n ROWS)`) reads a fixed number of rows; wrapped so the source can take an alias. */
  override sampleSource(qualifiedTable: string, rows: number, totalRows: number): string | undefined {
    if (totalRows <= rows) return undefined;
    return `(SELECT * FROM ${qualifiedTable} SAMPLE (${Math.max(0, Math.floor(rows))} ROWS))`;
  }

  override approxDistinct(expression: string): string {
    return `APPROX_COUNT_DISTINCT(${expression})`;
  }

  override dateTrunc(grain: TimeGrain, expression: string): string {
    return `DATE_TRUNC('${grain}', ${expression})`;
  }

  override now(): string {
    return 'CURRENT_TIMESTAMP()';
  }

  override daysAgo(days: number): string {
    return `DATEADD(day, -${Math.floor(days)}, CURRENT_TIMESTAMP())`;
  }

  override castToText(expression: string): string {
    return `TO_VARCHAR(${expression})`;
  }
}

export const snowflakeDialect = new SnowflakeDialect();
