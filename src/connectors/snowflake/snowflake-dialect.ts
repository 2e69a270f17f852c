import { DialectBase } from '../dialect-base.js';
import { SNOWFLAKE_FUNCTIONS } from './snowflake-functions.js';
import type { TimeGrain } from '../dialect.js';

/**
 * Snowflake SQL. Identifiers are double-quoted, and quoting makes them case-sensitive: unquoted names
 * are stored upper-case, so callers must quote names exactly as the catalog spells them (which is
 * what introspection returns). Bound parameters are positional `?`.
 */
export class SnowflakeDialect extends DialectBase {
  readonly engine = 'snowflake' as const;
  readonly parserDatabase = 'Snowflake';
  readonly functions = SNOWFLAKE_FUNCTIONS;
  override readonly supportsTablesample = true;
  /** Snowflake records PRIMARY/FOREIGN KEY constraints but does not enforce them (except on hybrid tables). */
  override readonly supportsForeignKeys = false;

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
