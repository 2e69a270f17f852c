import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { ConnectionError, QueryError } from '../../errors.js';
import type { Connector, ConnectorSettings, QueryResult } from '../connector.js';
import { ConnectorBase, type StatementOptions } from '../connector-base.js';
import type { CatalogRow } from '../introspector.js';
import type { IntrospectOptions, SchemaMetadata } from '../schema-metadata.js';
import { sqliteConfigSchema, sqlitePathFromUrl } from './sqlite-config.js';
import { sqliteDialect } from './sqlite-dialect.js';
import { introspectSqlite } from './sqlite-introspector.js';
import { SqliteChild } from './sqlite-child.js';
import type { PrivilegeReport } from '../privileges.js';
import { inspectSqlitePrivileges } from './sqlite-privileges.js';

const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * The embedded engine: a file opened read-only. Statements run in a child process of their own
 * (see SqliteChild) so that a timeout or an abort really stops them; catalog work stays in-process.
 */
export class SqliteConnector extends ConnectorBase {
  readonly engine = 'sqlite' as const;
  readonly dialect = sqliteDialect;
  readonly file: string;
  private readonly child: SqliteChild;

  constructor(settings: ConnectorSettings) {
    super();
    const fields = sqliteConfigSchema.parse(settings.options ?? {});
    const path = fields.path ?? (settings.url ? sqlitePathFromUrl(settings.url) : undefined);
    if (!path) throw new ConnectionError(`Connection "${settings.id}": a SQLite connection needs a file path.`);
    this.file = isAbsolute(path) ? path : resolve(settings.baseDir, path);
    this.child = new SqliteChild(this.file, driverPath);
  }

  protected async serverVersion(): Promise<string> {
    const db = this.open();
    try {
      const { version } = db.prepare('SELECT sqlite_version() AS version').get() as { version: string };
      db.prepare('SELECT count(*) FROM sqlite_master').get();
      return `SQLite ${version}`;
    } finally {
      db.close();
    }
  }

  async introspect(options?: IntrospectOptions): Promise<SchemaMetadata> {
    const db = this.open();
    try {
      const query = async (sql: string, params: readonly unknown[] = []) =>
        db.prepare(sql).all(...params) as CatalogRow[];
      return { ...(await introspectSqlite(query, options ?? {}, undefined)), database: this.file };
    } finally {
      db.close();
    }
  }

  /** Starts the statement process now, so its start overlaps the caller's planning and guard. */
  warmUp(): void {
    if (existsSync(this.file)) this.child.warm();
  }

  protected async runStatement(sql: string, options: StatementOptions): Promise<QueryResult> {
    const { maxRows, maxBytes, timeoutMs, params } = options;
    if (!existsSync(this.file)) {
      throw new ConnectionError(`SQLite database file not found: ${this.file}`, {
        hint: 'Check the path in .datachat.yml.',
      });
    }
    const started = performance.now();
    const reply = await this.child.run({ sql, params, maxRows, maxBytes }, timeoutMs, options.signal);
    if (!reply.ok)
      throw new QueryError(`SQLite: ${reply.message}`, { details: reply.code ? { code: reply.code } : undefined });
    const rows = reply.rows ?? [];
    return {
      columns: reply.columns ?? [],
      rows,
      rowCount: rows.length,
      truncated: reply.truncatedBy !== undefined,
      ...(reply.truncatedBy ? { truncatedBy: reply.truncatedBy } : {}),
      bytes: reply.bytes ?? 0,
      elapsedMs: performance.now() - started,
    };
  }

  /** Process id of the child running this connector's statements, when one is running. */
  get childPid(): number | undefined {
    return this.child.pid;
  }

  inspectPrivileges(): Promise<PrivilegeReport> {
    return inspectSqlitePrivileges(this.file);
  }

  /**
   * Closing the child ends its statement at once (`Query cancelled: the connection was closed.`), so there
   * is nothing to cancel first.
   */
  override async close(): Promise<void> {
    await this.release();
  }

  protected async release(): Promise<void> {
    await this.child.close();
  }

  private open(): Database.Database {
    if (!existsSync(this.file)) {
      throw new ConnectionError(`SQLite database file not found: ${this.file}`, {
        hint: 'Check the path in .datachat.yml, or run `datachat init --sample` to create the sample database.',
      });
    }
    try {
      const db = new Database(this.file, { readonly: true, fileMustExist: true });
      db.pragma('query_only = 1');
      return db;
    } catch (error) {
      throw new ConnectionError(`Cannot open SQLite database ${this.file}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
}

export function createConnector(settings: ConnectorSettings): Connector {
  return new SqliteConnector(settings);
}
