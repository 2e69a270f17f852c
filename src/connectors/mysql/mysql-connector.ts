import type { Connection as CoreConnection, Pool, PoolConnection, PoolOptions, QueryValues } from 'mysql2';
import { DatachatError, QueryError } from '../../errors.js';
import type { Connector, ConnectorSettings, QueryResult } from '../connector.js';
import { ConnectorBase, type StatementOptions } from '../connector-base.js';
import type { IntrospectOptions, SchemaMetadata } from '../schema-metadata.js';
import { resolveMysqlConfig, type ResolvedMysqlConfig } from './mysql-config.js';
import { mariadbDialect, mysqlDialect, type MysqlDialect, type MysqlFlavour } from './mysql-dialect.js';
import { connectionFailure, isFatal, queryFailure } from './mysql-errors.js';
import { introspectMysql } from './mysql-introspector.js';
import { streamRows } from './mysql-stream.js';
import type { PrivilegeReport } from '../privileges.js';
import { inspectMysqlPrivileges } from './mysql-privileges.js';

type Mysql2 = typeof import('mysql2');
type Row = Record<string, unknown>;

interface ServerInfo {
  version: string;
  flavour: MysqlFlavour;
}

const POOL_SIZE = 4;
const CONNECT_TIMEOUT_MS = 10_000;
/** ER_TRUNCATED_WRONG_VALUE: "Truncated incorrect DOUBLE value: '2abc'". */
const ER_TRUNCATED_WRONG_VALUE = 1292;

/**
 * MySQL and MariaDB through mysql2's callback API (its row events are what lets the row cap stop
 * reading). Every statement runs on a pooled connection in a read-only session and transaction,
 * under the server's statement timeout, and is stopped with KILL QUERY from a second connection
 * on timeout, on abort, or when the result keeps coming past the row cap.
 */
export class MysqlConnector extends ConnectorBase {
  readonly engine = 'mysql' as const;
  readonly dialect: MysqlDialect;
  private readonly config: ResolvedMysqlConfig;
  private driver: Promise<Mysql2> | undefined;
  private pool: Pool | undefined;
  private server: Promise<ServerInfo> | undefined;

  constructor(settings: ConnectorSettings) {
    super();
    this.config = resolveMysqlConfig(settings);
    this.dialect = this.config.flavour === 'mariadb' ? mariadbDialect : mysqlDialect;
  }

  protected serverVersion(): Promise<string> {
    return this.withConnection(async (conn) => {
      const server = await this.serverInfo(conn);
      return server.flavour === 'mariadb'
        ? `MariaDB ${server.version.replace(/-MariaDB.*$/i, '')}`
        : `MySQL ${server.version}`;
    });
  }

  async introspect(options: IntrospectOptions = {}): Promise<SchemaMetadata> {
    return this.withConnection(async (conn) => {
      const server = await this.serverInfo(conn);
      const [current] = await run(conn, 'SELECT DATABASE() AS db');
      const defaultSchema = typeof current?.db === 'string' ? current.db : undefined;
      return introspectMysql((sql, values) => run(conn, sql, values), options, {
        flavour: server.flavour,
        defaultSchema,
      });
    });
  }

  protected async runStatement(sql: string, options: StatementOptions): Promise<QueryResult> {
    const { maxRows, maxBytes, timeoutMs, params } = options;
    const started = performance.now();
    const conn = await this.acquire();
    let reusable = true;
    try {
      const server = await this.serverInfo(conn);
      // MariaDB's max_statement_time is in seconds and covers every statement; MySQL's
      // max_execution_time is in milliseconds and covers SELECT only (the client timer covers the rest).
      await run(
        conn,
        server.flavour === 'mariadb'
          ? `SET SESSION max_statement_time = ${(timeoutMs / 1000).toFixed(3)}`
          : `SET SESSION max_execution_time = ${Math.ceil(timeoutMs)}`,
      );
      // The session default matters too: DDL commits the open transaction implicitly and then runs
      // in the session's access mode, which READ ONLY refuses. Set on every call, since a previous
      // statement could have changed it.
      await run(conn, 'SET SESSION TRANSACTION READ ONLY');
      await run(conn, 'START TRANSACTION READ ONLY');
      const killQuery = (id: number): Promise<void> => this.killQuery(id);
      const { password } = this.config;
      const outcome = await streamRows(conn, {
        sql,
        params,
        maxRows,
        maxBytes,
        timeoutMs,
        signal: options.signal,
        password,
        killQuery,
      });
      reusable = outcome.reusable;
      if (outcome.error) throw outcome.error;
      if (params.length > 0 && outcome.collector.open) await refuseCoercedParameters(conn);
      return outcome.collector.result(outcome.columns, started);
    } catch (error) {
      if (isFatal(error)) reusable = false;
      throw error instanceof DatachatError ? error : queryFailure(error, this.config.password);
    } finally {
      await release(conn, reusable);
    }
  }

  inspectPrivileges(): Promise<PrivilegeReport> {
    return inspectMysqlPrivileges((sql) => this.execute(sql));
  }

  protected async release(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    this.server = undefined;
    if (pool) await new Promise<void>((resolve) => pool.end(() => resolve()));
  }

  /** Runs catalog work on a pooled connection; driver errors become QueryError/ConnectionError. */
  private async withConnection<T>(work: (conn: PoolConnection) => Promise<T>): Promise<T> {
    const conn = await this.acquire();
    let reusable = true;
    try {
      return await work(conn);
    } catch (error) {
      if (isFatal(error)) reusable = false;
      throw error instanceof DatachatError ? error : queryFailure(error, this.config.password);
    } finally {
      if (reusable) conn.release();
      else conn.destroy();
    }
  }

  /** KILL QUERY from a separate, short-lived connection: the statement's own connection is busy. */
  private async killQuery(threadId: number): Promise<void> {
    if (!threadId) return;
    const mysql = await this.loadDriver();
    // No default database: KILL needs none, and the statement's database may be gone.
    const killer = mysql.createConnection({ ...this.connectionOptions(), database: undefined });
    killer.on('error', () => undefined);
    try {
      await run(killer, `KILL QUERY ${Math.floor(threadId)}`);
    } catch {
      // The statement may have ended meanwhile (unknown thread); the deadline covers the rest.
    } finally {
      killer.destroy();
    }
  }

  private async acquire(): Promise<PoolConnection> {
    const pool = await this.getPool();
    return new Promise<PoolConnection>((resolve, reject) => {
      pool.getConnection((error, conn) => (error ? reject(connectionFailure(error, this.config)) : resolve(conn)));
    });
  }

  /** `SELECT VERSION()` once per connector: the flavour decides the timeout variable. */
  private serverInfo(conn: CoreConnection): Promise<ServerInfo> {
    this.server ??= run(conn, 'SELECT VERSION() AS version').then((rows) => {
      const version = String(rows[0]?.version ?? '');
      return { version, flavour: /mariadb/i.test(version) ? 'mariadb' : 'mysql' } satisfies ServerInfo;
    });
    const pending = this.server;
    pending.catch(() => {
      if (this.server === pending) this.server = undefined;
    });
    return pending;
  }

  private async getPool(): Promise<Pool> {
    if (this.pool) return this.pool;
    const mysql = await this.loadDriver();
    this.pool ??= mysql.createPool({
      ...this.connectionOptions(),
      connectionLimit: POOL_SIZE,
      maxIdle: POOL_SIZE,
      idleTimeout: 60_000,
    });
    return this.pool;
  }

  private loadDriver(): Promise<Mysql2> {
    // Imported on first use so that loading the connector module stays cheap.
    this.driver ??= import('mysql2');
    return this.driver;
  }

  private connectionOptions(): PoolOptions {
    const c = this.config;
    return {
      host: c.host,
      port: c.port,
      user: c.user,
      password: c.password ?? '',
      ...(c.database ? { database: c.database } : {}),
      ...(c.ssl ? { ssl: {} } : {}),
      connectTimeout: CONNECT_TIMEOUT_MS,
      // Exactly one statement per call, and no LOAD DATA LOCAL (a server could ask for any local file).
      multipleStatements: false,
      flags: ['-LOCAL_FILES', '-MULTI_STATEMENTS'],
      // DATE/DATETIME/TIMESTAMP as the server's strings: Date objects would shift by the local time zone.
      dateStrings: true,
      // DECIMAL stays a string (exact); BIGINT is a number while it fits in a double, else a string.
      decimalNumbers: false,
      supportBigNumbers: true,
      bigNumberStrings: false,
      typeCast: (field, next) => (field.type === 'BIT' && field.length === 1 ? bitToBoolean(field.buffer()) : next()),
    };
  }
}

/** One query with `?` values on a core connection; rows (or [] for statements without a result set). */
function run(conn: CoreConnection, sql: string, values?: readonly unknown[]): Promise<Row[]> {
  return new Promise<Row[]>((resolve, reject) => {
    conn.query({ sql, values: values as QueryValues }, (error, result) =>
      error ? reject(error) : resolve(Array.isArray(result) ? (result as Row[]) : []),
    );
  });
}

/** Ends the read-only transaction and returns the connection, or drops it when it is unusable. */
async function release(conn: PoolConnection, reusable: boolean): Promise<void> {
  if (!reusable) return conn.destroy();
  try {
    await run(conn, 'ROLLBACK');
    conn.release();
  } catch {
    conn.destroy();
  }
}

/**
 * MySQL compares `int_column = '2abc'` as `= 2` with only a warning, so a malformed bound value
 * silently matches another row. With parameters bound, that warning is an error.
 */
async function refuseCoercedParameters(conn: CoreConnection): Promise<void> {
  const warnings = await run(conn, 'SHOW WARNINGS');
  const coerced = warnings.find((w) => Number(w.Code) === ER_TRUNCATED_WRONG_VALUE);
  if (coerced) {
    throw new QueryError(`MySQL could not convert a value exactly: ${String(coerced.Message)}`, {
      hint: 'A bound parameter does not match the type of the column it is compared with.',
      details: { code: 'ER_TRUNCATED_WRONG_VALUE', errno: ER_TRUNCATED_WRONG_VALUE },
    });
  }
}

function bitToBoolean(buffer: Buffer | null): boolean | null {
  return buffer === null ? null : buffer[0] === 1;
}

/** Entry point used by the registry. */
export function createConnector(settings: ConnectorSettings): Connector {
  return new MysqlConnector(settings);
}
