import type { Connector, ExecuteOptions, QueryResult } from '../connectors/connector.js';
import type { Dialect } from '../connectors/dialect.js';
import type { EngineType } from '../connectors/engine-type.js';
import type { ParseBudget } from './bounded-parser.js';
import { assertSafeSql, guardSql, type GuardOptions, type GuardResult } from './sql-guard.js';

export interface GuardedResult extends QueryResult {
  sql: string;
}

export interface GuardedExecuteOptions extends ExecuteOptions {
  maxRows: number;
  timeoutMs: number;
}

/**
 * The way SQL that comes from content (an LLM, a user, a DataPoint, a template, an eval file) reaches a
 * database: the AST guard first (one read-only statement, allow-listed functions, no secret catalogs;
 * SqlRejectedError, exit 4), then the connector's read-only session with a timeout and a row cap (the
 * second wall). Services hold one of these rather than the connector's raw `execute`.
 *
 * The only other way in is the trusted path: SQL that datachat itself builds from quoted identifiers and
 * dialect builders (profiler statistics, relationship probes, process cadence counts) calls the connector
 * directly, because it contains no text from content. Never pass content-derived SQL there.
 */
export class GuardedExecutor {
  private readonly options: GuardOptions;

  /** `allowedFunctions`: the connection's `allowed_functions` (user-defined functions its owner trusts). */
  constructor(
    private readonly connector: Connector,
    allowedFunctions: readonly string[] = [],
    parseBudget?: ParseBudget,
  ) {
    const { parserDatabase, functions } = connector.dialect;
    this.options = { parserDatabase, functions, allowedFunctions, ...(parseBudget ? { parseBudget } : {}) };
  }

  get engine(): EngineType {
    return this.connector.engine;
  }

  get dialect(): Dialect {
    return this.connector.dialect;
  }

  /** The guard's verdict, without running anything. */
  check(sql: string): GuardResult {
    return guardSql(sql, this.connector.engine, this.options);
  }

  /** Throws SqlRejectedError when the guard refuses `sql`; returns the normalized statement and its tables. */
  assertSafe(sql: string): { sql: string; tables: string[] } {
    return assertSafeSql(sql, this.connector.engine, this.options);
  }

  async execute(sql: string, options: GuardedExecuteOptions): Promise<GuardedResult> {
    const safe = this.assertSafe(sql);
    const result = await this.connector.execute(safe.sql, options);
    return { ...result, sql: safe.sql };
  }
}

/** One guarded statement; `allowedFunctions` is the connection's `allowed_functions`. */
export async function executeGuarded(
  connector: Connector,
  sql: string,
  options: GuardedExecuteOptions & { allowedFunctions?: readonly string[]; parseBudget?: ParseBudget },
): Promise<GuardedResult> {
  const { allowedFunctions, parseBudget, ...execute } = options;
  return new GuardedExecutor(connector, allowedFunctions, parseBudget).execute(sql, execute);
}
