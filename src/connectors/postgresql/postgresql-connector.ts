import type { CustomTypesConfig, FieldDef, Pool, PoolClient, PoolConfig, QueryConfig } from 'pg';
import { QueryError } from '../../errors.js';
import type { ConnectorSettings, Connector, QueryResult, ResultColumn } from '../connector.js';
import { DEFAULT_TIMEOUT_MS } from '../connector.js';
import { ConnectorBase, type StatementOptions } from '../connector-base.js';
import { ResultCollector } from '../result-collector.js';
import type { IntrospectOptions, SchemaMetadata } from '../schema-metadata.js';
import { resolvePostgresqlConfig, type PostgresqlConfig } from './postgresql-config.js';
import { postgresqlDialect } from './postgresql-dialect.js';
import { postgresqlConnectionError, postgresqlQueryError, postgresqlTimeoutError } from './postgresql-errors.js';
import { introspectPostgresql } from './postgresql-introspector.js';
import type { PrivilegeReport } from '../privileges.js';
import { inspectPostgresqlPrivileges } from './postgresql-privileges.js';

/** node-postgres's CommonJS exports, as the ESM default import sees them. */
type PgModule = typeof import('pg')['default'];

const POOL_SIZE = 4;
/** Rows per FETCH while streaming a cursor, at most. */
const FETCH_BATCH = 5000;
/** Bytes one FETCH is sized to hold at most (from the largest row seen). */
const FETCH_BATCH_BYTES = 4 * 1024 * 1024;
/** The server's statement_timeout normally fires first; the client timer is the backstop (network stalls). */
const CLIENT_GRACE_MS = 1000;
/** After a cancel, how long the statement may take to stop before its connection is destroyed. */
const HARD_STOP_MS = 3000;
/**
 * PostgreSQL ≥ 14 checks every second whether the client is still connected and stops the statement when it is
 * gone: if the CLI exits while its cancel could not get through (no free connection slot for the canceller),
 * the statement still stops instead of running on for its whole timeout. Older servers skip the setting.
 */
const CHECK_CLIENT_SQL =
  "SELECT set_config('client_connection_check_interval', '1000', true) WHERE current_setting('server_version_num')::int >= 140000;";
const INTROSPECT_TIMEOUT_MS = 120_000;
/** Statements DECLARE ... CURSOR accepts; anything else (SHOW, EXPLAIN, a write) runs as is. */
const CURSOR_KEYWORDS = new Set(['select', 'with', 'values', 'table']);
/** Would end or outlive the read-only transaction the connector wraps around each statement. */
const TRANSACTION_KEYWORDS = new Set([
  'begin',
  'start',
  'commit',
  'end',
  'rollback',
  'abort',
  'savepoint',
  'release',
  'prepare',
]);

/**
 * PostgreSQL over node-postgres. Every statement runs in `BEGIN READ ONLY` (and sessions default to
 * read-only transactions), with `SET LOCAL statement_timeout`, and is rolled back, never committed.
 * Queries stream through a server-side cursor so rows past the cap are never fetched.
 */
export class PostgresqlConnector extends ConnectorBase {
  readonly engine = 'postgresql' as const;
  readonly dialect = postgresqlDialect;
  private readonly config: PostgresqlConfig;
  private opened: Promise<{ pg: PgModule; pool: Pool }> | undefined;
  /** Cancels on their way to the server: close() waits for them, so an exiting CLI still sends them. */
  private readonly cancels = new Set<Promise<void>>();

  constructor(settings: ConnectorSettings) {
    super();
    this.config = resolvePostgresqlConfig(settings.url, settings.options);
  }

  protected async serverVersion(): Promise<string> {
    const version = await this.session(DEFAULT_TIMEOUT_MS, undefined, async (client) => {
      const result = await client.query<{ version: string }>(`SELECT current_setting('server_version') AS version`);
      return result.rows[0]!.version;
    });
    return `PostgreSQL ${version}`;
  }

  async introspect(options?: IntrospectOptions): Promise<SchemaMetadata> {
    return this.session(INTROSPECT_TIMEOUT_MS, undefined, (client) =>
      introspectPostgresql(
        async (sql, params) => (await client.query(extended(sql, [...(params ?? [])]))).rows,
        options ?? {},
        this.config.schemas,
      ),
    );
  }

  protected async runStatement(sql: string, options: StatementOptions): Promise<QueryResult> {
    const collector = new ResultCollector(options.maxRows, options.maxBytes);
    const { timeoutMs } = options;
    const params = [...options.params];
    const started = performance.now();
    const keyword = firstKeyword(sql);
    if (TRANSACTION_KEYWORDS.has(keyword)) {
      throw new QueryError(
        `${keyword.toUpperCase()} is not allowed: datachat runs each statement in a read-only transaction of its own.`,
      );
    }
    const { fields, pg } = await this.session(timeoutMs, options.signal, async (client, pg) => {
      if (!CURSOR_KEYWORDS.has(keyword)) {
        // Utility statements (SHOW, EXPLAIN) return few rows; writes fail in the read-only transaction.
        const result = await client.query({ ...extended(sql, params), rowMode: 'array' });
        for (const row of (result.rows ?? []) as unknown[][]) if (!collector.add(row)) break;
        return { fields: result.fields ?? [], pg };
      }
      // Extended protocol: a second statement smuggled after the SELECT is a parse error, not a query.
      await client.query(extended(`DECLARE datachat_cursor NO SCROLL CURSOR FOR ${sql}`, params));
      let fieldDefs: FieldDef[] | undefined;
      // node-postgres holds a whole FETCH in memory: batches are sized from the largest row seen so
      // far so that one batch stays within the byte budget (the first FETCH takes one row to learn).
      let largestRow = 0;
      let batch = 1;
      for (;;) {
        const fetch = `FETCH FORWARD ${batch} FROM datachat_cursor`;
        const result = await client.query<unknown[]>({ text: fetch, rowMode: 'array' });
        fieldDefs ??= result.fields;
        for (const row of result.rows) {
          const before = collector.bytes;
          if (!collector.add(row)) break;
          largestRow = Math.max(largestRow, collector.bytes - before);
        }
        if (!collector.open || result.rows.length < batch) break;
        // One row past the cap tells whether the result was truncated.
        const rowsWanted = collector.maxRows + 1 - collector.rows.length;
        const batchBytes = Math.min(collector.bytesLeft, FETCH_BATCH_BYTES);
        const rowsAffordable = Math.floor(batchBytes / Math.max(1, largestRow)) + 1;
        batch = Math.max(1, Math.min(FETCH_BATCH, rowsWanted, rowsAffordable));
      }
      return { fields: fieldDefs ?? [], pg };
    });
    return collector.result(
      fields.map((f) => describeField(pg, f)),
      started,
    );
  }

  inspectPrivileges(): Promise<PrivilegeReport> {
    return inspectPostgresqlPrivileges((sql) => this.execute(sql));
  }

  protected async release(): Promise<void> {
    await Promise.all(this.cancels);
    const opened = this.opened;
    this.opened = undefined;
    if (opened) await (await opened).pool.end();
  }

  /**
   * Runs `work` on a pooled client inside a read-only transaction with a server-side statement timeout,
   * then rolls back. A client-side timer and `signal` cancel the backend (pg_cancel_backend from a
   * separate connection); a cancelled connection is destroyed rather than reused, so a late cancel can
   * never hit another statement.
   */
  private async session<T>(
    timeoutMs: number,
    signal: AbortSignal | undefined,
    work: (client: PoolClient, pg: PgModule) => Promise<T>,
  ): Promise<T> {
    if (signal?.aborted) throw new QueryError('Query cancelled before it started.');
    const { pg, pool } = await this.open();
    const client = await pool.connect().catch((error: unknown) => {
      throw postgresqlConnectionError(error, this.config);
    });
    let interrupted = false;
    let released = false;
    const release = (destroy: boolean): void => {
      if (released) return;
      released = true;
      client.release(destroy ? true : undefined);
    };
    const running = (async () => {
      let healthy = false;
      try {
        await client.query(
          `BEGIN READ ONLY; SET LOCAL statement_timeout = ${Math.max(1, Math.floor(timeoutMs))}; ${CHECK_CLIENT_SQL} ${this.searchPathSql()}`,
        );
        return await work(client, pg);
      } finally {
        if (!interrupted)
          healthy = await client.query('ROLLBACK').then(
            () => true,
            () => false,
          );
        release(!healthy || interrupted);
      }
    })();
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const settle = (finish: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        finish();
      };
      const interrupt = (error: QueryError): void =>
        settle(() => {
          interrupted = true;
          const pid = (client as unknown as { processID?: number | null }).processID;
          const cancelling = cancelBackend(pg, this.clientConfig(pg), pid);
          this.cancels.add(cancelling);
          void cancelling.finally(() => this.cancels.delete(cancelling));
          setTimeout(() => release(true), HARD_STOP_MS).unref();
          reject(error);
        });
      const onAbort = (): void => interrupt(new QueryError('Query cancelled.'));
      const timer = setTimeout(() => interrupt(postgresqlTimeoutError(timeoutMs)), timeoutMs + CLIENT_GRACE_MS);
      signal?.addEventListener('abort', onAbort, { once: true });
      running.then(
        (value) => settle(() => resolve(value)),
        (error: unknown) => settle(() => reject(postgresqlQueryError(error, timeoutMs, this.config))),
      );
    });
  }

  private open(): Promise<{ pg: PgModule; pool: Pool }> {
    this.opened ??= (async () => {
      const pg = (await import('pg')).default;
      const pool = new pg.Pool({
        ...this.clientConfig(pg),
        max: POOL_SIZE,
        idleTimeoutMillis: 10_000,
        allowExitOnIdle: true,
        // Belt and braces: even a transaction begun by a smuggled COMMIT/BEGIN stays read-only.
        onConnect: async (client) => {
          await client.query('SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY');
        },
      });
      // An idle client dropped by the server must not crash the process; the pool replaces it.
      pool.on('error', () => undefined);
      return { pg, pool };
    })();
    return this.opened;
  }

  private clientConfig(pg: PgModule): PoolConfig {
    const c = this.config;
    return {
      host: c.host,
      port: c.port,
      database: c.database,
      user: c.user,
      password: c.password,
      ssl:
        c.sslmode === undefined || c.sslmode === 'disable' || c.sslmode === 'prefer'
          ? false
          : { rejectUnauthorized: c.sslmode === 'verify-ca' || c.sslmode === 'verify-full' },
      connectionTimeoutMillis: Math.round((c.connect_timeout ?? 10) * 1000),
      application_name: 'datachat',
      keepAlive: true,
      types: { getTypeParser: typeParsers(pg) as unknown as CustomTypesConfig['getTypeParser'] },
    };
  }

  private searchPathSql(): string {
    const schemas = this.config.schemas;
    if (!schemas?.length) return '';
    const path = schemas.includes('public') ? schemas : [...schemas, 'public'];
    return `SET LOCAL search_path TO ${path.map((s) => this.dialect.quoteIdentifier(s)).join(', ')};`;
  }
}

/** Best effort, from a connection of its own: a failed cancel is covered by the hard stop that destroys the connection. */
async function cancelBackend(pg: PgModule, config: PoolConfig, pid: number | null | undefined): Promise<void> {
  if (!pid) return;
  const canceller = new pg.Client({ ...config, connectionTimeoutMillis: 5000 });
  canceller.on('error', () => undefined);
  try {
    await canceller.connect();
    await canceller.query('SELECT pg_cancel_backend($1)', [pid]);
  } catch {
    // Ignored: see above.
  } finally {
    await canceller.end().catch(() => undefined);
  }
}

/** Builds the extended-protocol query (never the simple protocol, which would accept several statements). */
function extended(text: string, values: unknown[]): QueryConfig {
  return { text, values, queryMode: 'extended' } as QueryConfig;
}

/** First keyword of a statement, skipping comments and opening parentheses. */
export function firstKeyword(sql: string): string {
  const match = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/|\()*([a-z]+)/i.exec(sql);
  return match?.[1]?.toLowerCase() ?? '';
}

/**
 * Type parsers of this connector's pool (not the global registry other code may share): bigint as a
 * number while it is exact, `date` and `timestamp` (without time zone) as the server's text, since
 * node-postgres would otherwise invent a time zone (the process's) for them.
 */
function typeParsers(pg: PgModule): (oid: number, format?: string) => unknown {
  const asText = (value: string): string => value;
  const bigint = (value: string): number | string => {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  };
  return (oid, format) => {
    if (format !== 'binary') {
      if (oid === pg.types.builtins.INT8) return bigint;
      if (oid === pg.types.builtins.DATE || oid === pg.types.builtins.TIMESTAMP) return asText;
    }
    return pg.types.getTypeParser(oid, (format ?? 'text') as 'text');
  };
}

let typeNames: Map<number, string> | undefined;

function describeField(pg: PgModule, field: FieldDef): ResultColumn {
  typeNames ??= new Map(Object.entries(pg.types.builtins).map(([name, oid]) => [oid as number, name.toLowerCase()]));
  const type = typeNames.get(field.dataTypeID);
  return type ? { name: field.name, type } : { name: field.name };
}

export function createConnector(settings: ConnectorSettings): Connector {
  return new PostgresqlConnector(settings);
}
