import { QueryError } from '../errors.js';
import {
  DEFAULT_MAX_RESULT_BYTES,
  DEFAULT_MAX_ROWS,
  DEFAULT_TIMEOUT_MS,
  type ConnectionTestResult,
  type Connector,
  type ExecuteOptions,
  type QueryResult,
} from './connector.js';
import type { Dialect } from './dialect.js';
import type { EngineType } from './engine-type.js';
import type { IntrospectOptions, SchemaMetadata } from './schema-metadata.js';
import { CLOSE_WAIT_MS, RunningStatements } from './running-statements.js';

/** `ExecuteOptions` with every default applied: what a connector's statement code works with. */
export interface StatementOptions {
  /** Row cap, a whole number ≥ 0. Default 1000. */
  maxRows: number;
  /** Byte budget, ≥ 0. Default 16 MiB. */
  maxBytes: number;
  /** Statement timeout in milliseconds, ≥ 1. Default 30 000. */
  timeoutMs: number;
  params: readonly unknown[];
  /** Fires on the caller's abort or when the connector closes. */
  signal: AbortSignal | undefined;
}

/** Applies the defaults and bounds every connector uses to a caller's `ExecuteOptions`. */
export function statementOptions(options: ExecuteOptions = {}): StatementOptions {
  return {
    maxRows: Math.max(0, Math.floor(options.maxRows ?? DEFAULT_MAX_ROWS)),
    maxBytes: Math.max(0, options.maxBytes ?? DEFAULT_MAX_RESULT_BYTES),
    timeoutMs: Math.max(1, options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    params: options.params ?? [],
    signal: options.signal,
  };
}

/**
 * What every connector shares: option defaults, `test()` timing, and the running statements that
 * `close()` cancels (server-side, through the same path as a caller's abort) before releasing the
 * driver. An engine implements `serverVersion`, `introspect`, `runStatement` and `release`.
 */
export abstract class ConnectorBase implements Connector {
  abstract readonly engine: EngineType;
  abstract readonly dialect: Dialect;
  protected readonly statements = new RunningStatements();

  /** Opens a connection and reports latency and server version; throws ConnectionError with a hint on failure. */
  async test(): Promise<ConnectionTestResult> {
    const started = performance.now();
    const serverVersion = await this.serverVersion();
    return { ok: true, latencyMs: performance.now() - started, serverVersion };
  }

  abstract introspect(options?: IntrospectOptions): Promise<SchemaMetadata>;

  execute(sql: string, options: ExecuteOptions = {}): Promise<QueryResult> {
    const statement = statementOptions(options);
    // async: a statement refused synchronously (bad parameters) still surfaces as a rejection.
    return this.statements.run(statement.signal, async (signal) => {
      if (signal.aborted) throw new QueryError('Query cancelled before it started.');
      return this.runStatement(sql, { ...statement, signal });
    });
  }

  async close(): Promise<void> {
    await this.statements.cancelAll(CLOSE_WAIT_MS);
    await this.release();
  }

  /** The server's product and version (`PostgreSQL 16.2`), read over a fresh or pooled connection. */
  protected abstract serverVersion(): Promise<string>;

  /** Runs one statement read-only under the options' caps and timeout, stopping it when `signal` fires. */
  protected abstract runStatement(sql: string, options: StatementOptions): Promise<QueryResult>;

  /** Releases pools, sessions and clients (running statements are already cancelled). */
  protected abstract release(): Promise<void>;
}
