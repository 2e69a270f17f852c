import { randomUUID } from 'node:crypto';
import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import { ConnectionError, QueryError } from '../../errors.js';
import {
  type Connector,
  type ConnectorSettings,
  DEFAULT_MAX_RESULT_BYTES,
  DEFAULT_TIMEOUT_MS,
  type QueryResult,
} from '../connector.js';
import { ConnectorBase, type StatementOptions } from '../connector-base.js';
import { ResultCollector } from '../result-collector.js';
import { rowObjects } from '../result-rows.js';
import type { IntrospectOptions, SchemaMetadata } from '../schema-metadata.js';
import { resolveClickhouseOptions, type ClickhouseOptions } from './clickhouse-config.js';
import { clickhouseDialect, clickhouseStringLiteral } from './clickhouse-dialect.js';
import { toClickhouseError } from './clickhouse-errors.js';
import { introspectClickhouse } from './clickhouse-introspector.js';
import { bindClickhouseParams } from './clickhouse-params.js';
import { TsvResultDecoder } from './clickhouse-result.js';
import type { PrivilegeReport } from '../privileges.js';
import { inspectClickhousePrivileges } from './clickhouse-privileges.js';

/** How long after the server-side limit the client gives up on its own (the server error is clearer). */
const CLIENT_GRACE_MS = 1000;
/** Catalog queries: generous, since system.columns of a large server is big. */
const CATALOG_MAX_ROWS = 1_000_000;
const CATALOG_TIMEOUT_MS = 60_000;

interface RunOptions {
  maxRows: number;
  maxBytes: number;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/**
 * ClickHouse over its HTTP interface with @clickhouse/client (works with servers from 18.x on).
 *
 * Read-only by construction: every request carries `readonly=1`, which makes the server refuse
 * writes, DDL, settings changes inside the query and table functions. Settings are sent as URL
 * parameters, which the server applies before `readonly` takes effect for the query. Each request
 * also carries `max_execution_time` (whole seconds, rounded up) and `max_result_rows = maxRows + 1`
 * with `result_overflow_mode = 'break'` so the server stops producing rows; the client streams
 * `TabSeparatedWithNamesAndTypes` and stops reading after `maxRows`. The HTTP interface runs exactly
 * one statement per request. Timeouts and `signal` abort the request and send
 * `KILL QUERY ... ASYNC` for the query id, since 18.x keeps running queries whose client went away.
 */
export class ClickhouseConnector extends ConnectorBase {
  readonly engine = 'clickhouse' as const;
  readonly dialect = clickhouseDialect;
  private readonly options: ClickhouseOptions;
  private client: Promise<ClickHouseClient> | undefined;

  constructor(settings: ConnectorSettings) {
    super();
    this.options = resolveClickhouseOptions(settings.url, settings.options ?? {});
  }

  protected async serverVersion(): Promise<string> {
    const limits = { maxRows: 1, maxBytes: DEFAULT_MAX_RESULT_BYTES, timeoutMs: DEFAULT_TIMEOUT_MS };
    const result = await this.run('SELECT version() AS version', limits, 'connect');
    return `ClickHouse ${String(result.rows[0]?.[0] ?? '')}`;
  }

  introspect(options?: IntrospectOptions): Promise<SchemaMetadata> {
    // Catalog reads are ours and small per row: no byte budget.
    const limits = { maxRows: CATALOG_MAX_ROWS, maxBytes: Number.MAX_SAFE_INTEGER, timeoutMs: CATALOG_TIMEOUT_MS };
    const query = async (sql: string) => rowObjects(await this.run(sql, limits, 'connect'));
    return introspectClickhouse(query, options ?? {}, this.options.database);
  }

  protected runStatement(sql: string, options: StatementOptions): Promise<QueryResult> {
    return this.run(bindClickhouseParams(sql, options.params), options, 'query');
  }

  inspectPrivileges(): Promise<PrivilegeReport> {
    return inspectClickhousePrivileges((sql) => this.execute(sql));
  }

  protected async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await (await client.catch(() => undefined))?.close();
  }

  private async run(sql: string, options: RunOptions, phase: 'connect' | 'query'): Promise<QueryResult> {
    const client = await this.getClient();
    const queryId = randomUUID();
    const serverSeconds = Math.max(1, Math.ceil(options.timeoutMs / 1000));
    const controller = new AbortController();
    let stopped: 'timeout' | 'cancel' | undefined;
    const stop = (why: 'timeout' | 'cancel') => {
      if (stopped) return;
      stopped = why;
      controller.abort();
    };
    const onAbort = () => stop('cancel');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => stop('timeout'), serverSeconds * 1000 + CLIENT_GRACE_MS);
    const started = performance.now();
    try {
      const resultSet = await client.query({
        query: sql,
        format: 'TabSeparatedWithNamesAndTypes',
        query_id: queryId,
        abort_signal: controller.signal,
        clickhouse_settings: readOnlySettings(options.maxRows, serverSeconds),
      });
      const decoder = new TsvResultDecoder();
      const collector = new ResultCollector(Math.max(0, Math.floor(options.maxRows)), Math.max(0, options.maxBytes));
      let complete = false;
      try {
        read: for await (const batch of resultSet.stream()) {
          for (const line of batch) {
            const row = decoder.push(line.text);
            if (row && !collector.add(row)) break read;
          }
        }
        complete = collector.open;
      } finally {
        // Stop the download: the rows past the caps are never read.
        if (!complete) resultSet.close();
      }
      return collector.result(decoder.columns, started);
    } catch (error) {
      if (stopped) {
        void this.kill(client, queryId);
        if (stopped === 'cancel') throw new QueryError('Query cancelled.', { cause: error });
        throw new QueryError(`Query timed out after ${options.timeoutMs} ms and was cancelled.`, {
          cause: error,
          hint: 'Narrow the question or raise the timeout.',
        });
      }
      throw toClickhouseError(error, { ...this.options, phase, timeoutMs: options.timeoutMs });
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Best effort: ClickHouse 18.x does not cancel a query when its HTTP client disconnects. */
  private async kill(client: ClickHouseClient, queryId: string): Promise<void> {
    try {
      await client.command({
        query: `KILL QUERY WHERE query_id = ${clickhouseStringLiteral(queryId)} ASYNC`,
        clickhouse_settings: { readonly: '1' },
      });
    } catch {
      // The query may be gone already, or the user may lack the right to kill; the server-side
      // max_execution_time still ends it.
    }
  }

  private getClient(): Promise<ClickHouseClient> {
    this.client ??= this.createClient().catch((error: unknown) => {
      this.client = undefined;
      throw new ConnectionError('Cannot load the ClickHouse driver (@clickhouse/client).', {
        cause: error,
        hint: "Reinstall datachat's dependencies (npm install).",
      });
    });
    return this.client;
  }

  private async createClient(): Promise<ClickHouseClient> {
    // Imported here so that loading the connector module stays cheap.
    const { createClient, ClickHouseLogLevel } = await import('@clickhouse/client');
    const { host, port, secure, username, password, database } = this.options;
    return createClient({
      url: `${secure ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`,
      username,
      password,
      ...(database ? { database } : {}),
      // Our own timer (timeoutMs + grace) cancels requests; the client's 30 s default would cut longer ones.
      request_timeout: 24 * 3600 * 1000,
      application: 'datachat',
      // The client logs every failed request to the console by default; errors reach callers as exceptions.
      log: { level: ClickHouseLogLevel.OFF },
    });
  }
}

/**
 * Settings sent with every request. The server checks URL settings against the user's profile, not
 * against each other, so `readonly=1` may travel with the limits (verified on 18.16); it goes last
 * anyway, defensively. UInt64 settings travel as text.
 */
function readOnlySettings(maxRows: number, seconds: number): ClickHouseSettings {
  return {
    max_execution_time: seconds,
    max_result_rows: String(Math.max(0, Math.floor(maxRows)) + 1),
    result_overflow_mode: 'break',
    readonly: '1',
  };
}

/** Entry point used by the registry. */
export function createConnector(settings: ConnectorSettings): Connector {
  return new ClickhouseConnector(settings);
}
