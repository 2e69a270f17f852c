import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { ConnectionError, QueryError } from '../../errors.js';
import { DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_MS, type ConnectionTestResult, type Connector, type ConnectorSettings, type ExecuteOptions, type QueryResult } from '../connector.js';
import type { IntrospectOptions, SchemaMetadata } from '../schema-metadata.js';
import { sqliteConfigSchema, sqlitePathFromUrl } from './sqlite-config.js';
import { sqliteDialect } from './sqlite-dialect.js';
import { introspectSqlite } from './sqlite-introspector.js';
import { SQLITE_WORKER_SOURCE } from './sqlite-worker-source.js';
import type { PrivilegeReport } from '../privileges.js';
import { inspectSqlitePrivileges } from './sqlite-privileges.js';

interface WorkerReply {
  id: number;
  ok: boolean;
  columns?: { name: string; type?: string }[];
  rows?: Record<string, unknown>[];
  truncated?: boolean;
  message?: string;
  code?: string;
}

const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');

/** The embedded engine: a file opened read-only; statements run in a worker so they can time out. */
export class SqliteConnector implements Connector {
  readonly engine = 'sqlite' as const;
  readonly dialect = sqliteDialect;
  readonly file: string;
  private worker: Worker | undefined;
  private nextId = 1;

  constructor(settings: ConnectorSettings) {
    const fields = sqliteConfigSchema.parse(settings.options ?? {});
    const path = fields.path ?? (settings.url ? sqlitePathFromUrl(settings.url) : undefined);
    if (!path) throw new ConnectionError(`Connection "${settings.id}": a SQLite connection needs a file path.`);
    this.file = isAbsolute(path) ? path : resolve(settings.baseDir, path);
  }

  async test(): Promise<ConnectionTestResult> {
    const started = performance.now();
    const db = this.open();
    try {
      const { version } = db.prepare('SELECT sqlite_version() AS version').get() as { version: string };
      db.prepare('SELECT count(*) FROM sqlite_master').get();
      return { ok: true, latencyMs: performance.now() - started, serverVersion: `SQLite ${version}` };
    } finally {
      db.close();
    }
  }

  async introspect(options?: IntrospectOptions): Promise<SchemaMetadata> {
    const db = this.open();
    try {
      return { ...introspectSqlite(db, options), database: this.file };
    } finally {
      db.close();
    }
  }

  execute(sql: string, options: ExecuteOptions = {}): Promise<QueryResult> {
    const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (options.signal?.aborted) return Promise.reject(new QueryError('Query cancelled before it started.'));
    let worker: Worker;
    try {
      worker = this.ensureWorker();
    } catch (error) {
      return Promise.reject(error);
    }
    const id = this.nextId++;
    const started = performance.now();
    return new Promise<QueryResult>((resolvePromise, reject) => {
      const finish = (error: Error | undefined, reply?: WorkerReply): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        options.signal?.removeEventListener('abort', onAbort);
        if (error) return reject(error);
        const rows = reply!.rows ?? [];
        resolvePromise({ columns: reply!.columns ?? [], rows, rowCount: rows.length, truncated: reply!.truncated ?? false, elapsedMs: performance.now() - started });
      };
      const kill = (): void => {
        void worker.terminate();
        if (this.worker === worker) this.worker = undefined;
      };
      const onMessage = (reply: WorkerReply): void => {
        if (reply.id !== id) return;
        if (reply.ok) return finish(undefined, reply);
        finish(new QueryError(`SQLite: ${reply.message}`, { details: reply.code ? { code: reply.code } : undefined }));
      };
      const onError = (error: Error): void => {
        kill();
        finish(new QueryError(`SQLite worker failed: ${error.message}`, { cause: error }));
      };
      const onAbort = (): void => {
        kill();
        finish(new QueryError('Query cancelled.'));
      };
      const timer = setTimeout(() => {
        kill();
        finish(new QueryError(`Query timed out after ${timeoutMs} ms and was cancelled.`, { hint: 'Narrow the question or raise the timeout.' }));
      }, timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      worker.postMessage({ id, sql, params: options.params ?? [], maxRows });
    });
  }

  inspectPrivileges(): Promise<PrivilegeReport> {
    return inspectSqlitePrivileges(this.file);
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  private open(): Database.Database {
    if (!existsSync(this.file)) {
      throw new ConnectionError(`SQLite database file not found: ${this.file}`, { hint: 'Check the path in .datachat.yml, or run `datachat init --sample` to create the sample database.' });
    }
    try {
      const db = new Database(this.file, { readonly: true, fileMustExist: true });
      db.pragma('query_only = 1');
      return db;
    } catch (error) {
      throw new ConnectionError(`Cannot open SQLite database ${this.file}: ${(error as Error).message}`, { cause: error });
    }
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    if (!existsSync(this.file)) {
      throw new ConnectionError(`SQLite database file not found: ${this.file}`, { hint: 'Check the path in .datachat.yml.' });
    }
    const worker = new Worker(SQLITE_WORKER_SOURCE, { eval: true, workerData: { file: this.file, driverPath } });
    // Let the process exit while the worker idles between statements.
    worker.unref();
    this.worker = worker;
    return worker;
  }
}

export function createConnector(settings: ConnectorSettings): Connector {
  return new SqliteConnector(settings);
}
