import { DialectBase } from '../dialect-base.js';
import { ANSI_LEX_PROFILE } from '../lex-profile.js';
import { POSTGRESQL_FUNCTIONS } from './postgresql-functions.js';

/** Above this many rows a block-level sample (SYSTEM) replaces the row-level one (BERNOULLI reads every page). */
const BERNOULLI_MAX_ROWS = 100_000;

/** Fixed seed so an unchanged table yields the same sample, and regenerated DataPoints the same stats. */
const SAMPLE_SEED = 42;

/**
 * PostgreSQL: `$n` placeholders, TABLESAMPLE, `DATE_TRUNC` (the base default) and `COUNT(DISTINCT)`
 * for approximate distinct counts, since PostgreSQL has no HyperLogLog built in (catalog statistics
 * in pg_stats are the profiler's business).
 */
export class PostgresqlDialect extends DialectBase {
  readonly engine = 'postgresql' as const;
  readonly name = 'PostgreSQL';
  readonly parserDatabase = 'PostgresQL';
  override readonly lexProfile = {
    ...ANSI_LEX_PROFILE,
    backslashSetting: true,
    dollarQuotes: 'tagged' as const,
    postgresPrefixes: true,
  };
  readonly functions = POSTGRESQL_FUNCTIONS;
  override readonly builtinQualifiers = ['pg_catalog'];
  /** Unquoted names fold to lower case. */
  override readonly quotedNameCase = 'lower' as const;
  override readonly showsSettings = true;
  /** The planner turns MIN/MAX into an index scan with LIMIT 1 (planagg.c). */
  override readonly indexedMinMax = true;

  override placeholder(index: number): string {
    return `$${index}`;
  }

  /**
   * `table TABLESAMPLE BERNOULLI|SYSTEM (p) REPEATABLE (42)`, oversampled by 10 % because the
   * percentage applies to the real row count, of which `totalRows` (reltuples) is an estimate.
   * No alias may follow the returned source: PostgreSQL wants `t AS x TABLESAMPLE ...`.
   */
  override sampleSource(qualifiedTable: string, rows: number, totalRows: number): string | undefined {
    if (!(totalRows > 0) || totalRows <= rows) return undefined;
    const percent = Math.min(100, ((rows * 1.1) / totalRows) * 100);
    const method = totalRows <= BERNOULLI_MAX_ROWS ? 'BERNOULLI' : 'SYSTEM';
    return `${qualifiedTable} TABLESAMPLE ${method} (${Number(percent.toPrecision(6))}) REPEATABLE (${SAMPLE_SEED})`;
  }

  override now(): string {
    return 'now()';
  }

  override daysAgo(days: number): string {
    return `now() - INTERVAL '${Math.floor(days)} days'`;
  }

  override castToText(expression: string): string {
    return `CAST(${expression} AS TEXT)`;
  }
}

export const postgresqlDialect = new PostgresqlDialect();
