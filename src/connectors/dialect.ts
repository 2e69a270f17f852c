import type { EngineType } from './engine-type.js';
import type { LexProfile } from './lex-profile.js';

/** Time grains the metric compiler and profiler truncate timestamps to. */
export type TimeGrain = 'day' | 'week' | 'month' | 'quarter' | 'year';

/**
 * How one engine spells SQL. Database quirks live here as capabilities and builders so services
 * never branch on the engine type. Defaults are in `DialectBase`.
 */
export interface Dialect {
  readonly engine: EngineType;
  /** The engine's name in messages (`PostgreSQL`, `ClickHouse`). */
  readonly name: string;
  /** Database name node-sql-parser uses for this engine (`PostgresQL`, `MySQL`, `BigQuery`, ...). */
  readonly parserDatabase: string;
  /**
   * Grammars the SQL guard tries, in order, when `parserDatabase` cannot parse a text. Only grammars that
   * read strings and comments like the engine belong here (the guard checks that too).
   */
  readonly parserFallbacks: readonly string[];
  /** Engine SQL often uses syntax node-sql-parser does not know, so a parse failure says which grammars were tried. */
  readonly partialGrammar: boolean;
  /** How the engine tokenizes strings, identifiers and comments (the guard lexes the way the engine does). */
  readonly lexProfile: LexProfile;
  /**
   * `SELECT MIN(c) FROM t` on a column leading a B-tree index is an index lookup (a few pages), not a
   * scan: the profiler then reads exact min/max of indexed columns of sampled tables.
   */
  readonly indexedMinMax: boolean;
  /** `COUNT(x) OVER (PARTITION BY x)` over a sample works (not on ClickHouse before 21.x; see SQLite's note). */
  readonly supportsWindowFunctions: boolean;
  /** Side-effect-free built-in functions (lower-case) the SQL guard lets queries call; any other is refused. */
  readonly functions: ReadonlySet<string>;
  /** Qualifiers under which a call still names a built-in (`pg_catalog.lower`, BigQuery `SAFE.`), lower-case. */
  readonly builtinQualifiers: readonly string[];
  /**
   * How a quoted function name must be spelled to still name the built-in: PostgreSQL folds unquoted names
   * to lower case and Snowflake to upper case, so `"Lower"(x)` there calls some other (user) function.
   */
  readonly quotedNameCase: 'lower' | 'upper' | 'any';
  /** Table functions (lower-case) allowed in FROM; undefined when any allow-listed function may be one. */
  readonly tableFunctions: ReadonlySet<string> | undefined;
  /** `SHOW <setting>` reads a server setting (PostgreSQL), which the guard allows unless it may hold a secret. */
  readonly showsSettings: boolean;

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
