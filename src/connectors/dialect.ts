import type { EngineType } from './engine-type.js';

/** Time grains the metric compiler and profiler truncate timestamps to. */
export type TimeGrain = 'day' | 'week' | 'month' | 'quarter' | 'year';

/**
 * How one engine spells SQL. Database quirks live here as capabilities and builders so services
 * never branch on the engine type. Defaults are in `DialectBase`.
 */
export interface Dialect {
  readonly engine: EngineType;
  /** Database name node-sql-parser uses for this engine (`PostgresQL`, `MySQL`, `BigQuery`, ...). */
  readonly parserDatabase: string;
  /** Engine supports `TABLESAMPLE` (or an equivalent `SAMPLE`) in FROM. */
  readonly supportsTablesample: boolean;
  /**
   * `SELECT MIN(c) FROM t` on a column leading a B-tree index is an index lookup (a few pages), not a
   * scan: the profiler then reads exact min/max of indexed columns of sampled tables.
   */
  readonly indexedMinMax: boolean;
  /** `COUNT(x) OVER (PARTITION BY x)` over a sample works (not on ClickHouse before 21.x; see SQLite's note). */
  readonly supportsWindowFunctions: boolean;
  /** Engine enforces declared foreign keys in its catalog (false for ClickHouse, BigQuery). */
  readonly supportsForeignKeys: boolean;
  /** Side-effect-free built-in functions (lower-case) the SQL guard lets queries call; any other is refused. */
  readonly functions: ReadonlySet<string>;

  quoteIdentifier(identifier: string): string;
  /** Quotes and joins `schema.table` (skipping empty parts). */
  quoteQualified(...parts: (string | undefined)[]): string;
  /** Literal for a string value, escaped for this engine. */
  stringLiteral(value: string): string;
  /** Placeholder for the n-th (1-based) bound parameter: `$1`, `?`, `@p1`. */
  placeholder(index: number): string;
  /** Wraps or suffixes `sql` so that at most `n` rows come back. */
  limit(sql: string, n: number): string;
  /** FROM-clause source reading roughly `rows` rows of a table of `totalRows` rows, or undefined when not possible. */
  sampleSource(qualifiedTable: string, rows: number, totalRows: number): string | undefined;
  /** Approximate distinct count of an expression (exact COUNT(DISTINCT) where the engine has none). */
  approxDistinct(expression: string): string;
  /** Average of a numeric expression, exact enough for profiles (no integer or decimal-scale truncation). */
  average(expression: string): string;
  /** Truncates a temporal expression to a grain. */
  dateTrunc(grain: TimeGrain, expression: string): string;
  /** A date literal comparable with this engine's date and timestamp columns (`iso` is YYYY-MM-DD). */
  dateLiteral(iso: string): string;
  /** The current timestamp expression. */
  now(): string;
  /** `expression` minus `days` days, as a timestamp expression. */
  daysAgo(days: number): string;
  /** Casts an expression to text. */
  castToText(expression: string): string;
}
