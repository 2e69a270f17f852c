import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import type { DataPoint, DataPointType } from '../datapoints/datapoint-model.js';
import { RuntimeError } from '../errors.js';
import { withBusyRetry } from './busy-retry.js';
import type { IndexEntry } from './index-entry.js';
import { migrate } from './migrations.js';

/** Version of the vector table's layout; part of the stored fingerprint so a layout change rebuilds it. */
const VECTOR_LAYOUT = 'vec-meta-v2';

export interface StoredFile {
  path: string;
  hash: string;
  size: number;
  mtimeMs: number;
}

export interface StoredDataPoint {
  rowid: number;
  connection: string;
  id: string;
  type: DataPointType;
  name: string;
  file: string;
  hash: string;
  dataPoint: DataPoint;
}

/** One DataPoint to (re)index, with everything derived from it. */
export interface IndexRecord {
  file: string;
  hash: string;
  dataPoint: DataPoint;
  entry: IndexEntry;
  embedding: Float32Array;
}

export interface DataPointFilter {
  connection?: string;
  type?: DataPointType;
}

/** How long (ms) one statement waits for another process's write lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * The derived index of one project (docs/datapoint-model.md) in one SQLite file: DataPoints, FTS5, sqlite-vec
 * vectors, graph edges, value index, conversations. WAL mode so readers never block the writer.
 * Several processes (CLI commands, a server) share it: every write transaction starts with
 * BEGIN IMMEDIATE (taking the write lock up front, so it never has to upgrade a stale read snapshot)
 * and is retried a bounded number of times on SQLITE_BUSY (see withBusyRetry).
 */
export class KnowledgeStore {
  readonly db: Database.Database;

  private constructor(db: Database.Database) {
    this.db = db;
  }

  static open(file: string): KnowledgeStore {
    mkdirSync(dirname(file), { recursive: true });
    let db: Database.Database | undefined;
    try {
      // Retried as a whole: a concurrent process may be creating or migrating the same file.
      db = withBusyRetry(() => {
        const opened = new Database(file, { timeout: BUSY_TIMEOUT_MS });
        try {
          // busy_timeout first: switching to WAL itself needs a lock another process may hold.
          opened.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
          opened.pragma('journal_mode = WAL');
          opened.pragma('synchronous = NORMAL');
          opened.pragma('foreign_keys = ON');
          sqliteVec.load(opened);
          migrate(opened);
          return opened;
        } catch (error) {
          opened.close();
          throw error;
        }
      });
    } catch (error) {
      throw new RuntimeError(`Cannot open the knowledge index ${file}: ${(error as Error).message}`, {
        cause: error,
        hint: 'The index is derived from the YAML files: delete it and run `datachat sync` to rebuild it.',
      });
    }
    return new KnowledgeStore(db);
  }

  close(): void {
    this.db.close();
  }

  /** Runs `fn` in a write transaction (BEGIN IMMEDIATE), retried while another process holds the lock. */
  write<T>(fn: () => T): T {
    return withBusyRetry(() => this.db.transaction(fn).immediate());
  }

  /** Increases with every sync that changed the index. */
  generation(): number {
    return Number(this.getMeta('generation') ?? 0);
  }

  getMeta(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    const upsert = this.db.prepare(
      'INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    this.write(() => upsert.run(key, value));
  }

  /** True when the vector table was built by this embedder with the current layout. */
  vectorsCurrent(fingerprint: string): boolean {
    return this.getMeta('embedder') === `${fingerprint}|${VECTOR_LAYOUT}`;
  }

  /**
   * Makes sure the vector table matches the embedder. Returns true when it had to be (re)created,
   * meaning every DataPoint must be re-embedded.
   */
  ensureVectors(dimensions: number, fingerprint: string): boolean {
    const lookup = this.db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'datapoint_vectors'`);
    const tableExists = (): boolean => Boolean(lookup.get());
    if (tableExists() && this.vectorsCurrent(fingerprint)) return false;
    return this.write(() => {
      // Again under the write lock: another process may have just rebuilt it.
      const exists = tableExists();
      if (exists && this.vectorsCurrent(fingerprint)) return false;
      if (exists) this.db.exec('DROP TABLE datapoint_vectors');
      // `connection` is a metadata column, not a PARTITION KEY: a partition allocates a whole chunk of
      // vectors, so an unrestricted KNN over thousands of connections scanned thousands of chunks
      // (2.8 s at 10,000 DataPoints in 2,000 connections; 18 ms with a metadata column).
      this.db.exec(
        `CREATE VIRTUAL TABLE datapoint_vectors USING vec0(dp_rowid INTEGER PRIMARY KEY, connection TEXT, embedding float[${dimensions}] distance_metric=cosine)`,
      );
      this.setMeta('embedder', `${fingerprint}|${VECTOR_LAYOUT}`);
      // Vectors are gone: forget file hashes so the next sync re-indexes everything.
      this.db.exec('DELETE FROM files');
      return true;
    });
  }

  files(): Map<string, StoredFile> {
    const rows = this.db.prepare('SELECT path, hash, size, mtime_ms AS mtimeMs FROM files').all() as StoredFile[];
    return new Map(rows.map((r) => [r.path, r]));
  }

  /**
   * Applies one sync in a single transaction: removes the DataPoints of `removedFiles` and of the
   * files being re-indexed, inserts `records`, and records file hashes. A failure rolls back all.
   */
  applySync(removedFiles: readonly string[], records: readonly IndexRecord[], files: readonly StoredFile[]): void {
    const deleteFile = this.db.prepare('SELECT rowid FROM datapoints WHERE file = ?');
    const del = {
      fts: this.db.prepare('DELETE FROM datapoints_fts WHERE rowid = ?'),
      vec: this.db.prepare('DELETE FROM datapoint_vectors WHERE dp_rowid = ?'),
      values: this.db.prepare('DELETE FROM column_values WHERE datapoint_rowid = ?'),
      dp: this.db.prepare('DELETE FROM datapoints WHERE rowid = ?'),
      file: this.db.prepare('DELETE FROM files WHERE path = ?'),
    };
    const ins = {
      dp: this.db.prepare(
        'INSERT INTO datapoints(connection, id, type, name, file, hash, json) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      fts: this.db.prepare('INSERT INTO datapoints_fts(rowid, name, body) VALUES (?, ?, ?)'),
      vec: this.db.prepare('INSERT INTO datapoint_vectors(dp_rowid, connection, embedding) VALUES (?, ?, ?)'),
      edge: this.db.prepare(
        'INSERT INTO edges(datapoint_rowid, connection, src, dst, kind, weight, src_columns, dst_columns) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      value: this.db.prepare(
        'INSERT INTO column_values(value, connection, table_name, column_name, datapoint_rowid) VALUES (?, ?, ?, ?, ?)',
      ),
      file: this.db.prepare(
        'INSERT INTO files(path, hash, size, mtime_ms) VALUES (?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET hash = excluded.hash, size = excluded.size, mtime_ms = excluded.mtime_ms',
      ),
    };
    const touchedConnections = new Set<string>();
    const connectionOf = this.db.prepare('SELECT connection FROM datapoints WHERE rowid = ?');
    const removeFile = (file: string): void => {
      for (const { rowid } of deleteFile.all(file) as { rowid: number }[]) {
        touchedConnections.add((connectionOf.get(rowid) as { connection: string }).connection);
        del.fts.run(rowid);
        del.vec.run(BigInt(rowid));
        del.values.run(rowid);
        del.dp.run(rowid);
      }
    };
    this.write(() => {
      for (const file of removedFiles) {
        removeFile(file);
        del.file.run(file);
      }
      for (const file of new Set(records.map((r) => r.file))) removeFile(file);
      for (const record of records) {
        const dp = record.dataPoint;
        const rowid = Number(
          ins.dp.run(dp.connection, dp.id, dp.type, dp.name, record.file, record.hash, JSON.stringify(dp))
            .lastInsertRowid,
        );
        ins.fts.run(rowid, record.entry.ftsName, record.entry.ftsBody);
        ins.vec.run(BigInt(rowid), dp.connection, record.embedding);
        for (const e of record.entry.edges)
          ins.edge.run(
            rowid,
            dp.connection,
            e.src,
            e.dst,
            e.kind,
            e.weight,
            e.srcColumns ? JSON.stringify(e.srcColumns) : null,
            e.dstColumns ? JSON.stringify(e.dstColumns) : null,
          );
        for (const v of record.entry.values) ins.value.run(v.value, dp.connection, v.table, v.column, rowid);
      }
      for (const f of files) ins.file.run(f.path, f.hash, f.size, f.mtimeMs);
      // Readers that cache derived results (answers) compare this to know the knowledge changed.
      this.setMeta('generation', String(Number(this.getMeta('generation') ?? 0) + 1));
      this.refreshConnectionDocuments([...touchedConnections, ...records.map((r) => r.dataPoint.connection)]);
    });
  }

  /**
   * One FTS document per connection (all its DataPoints' text), so routing can rank databases as
   * wholes: a question naming tables of one database scores that database, however its DataPoints
   * split the words.
   */
  private refreshConnectionDocuments(connections: readonly string[]): void {
    const del = this.db.prepare('DELETE FROM connections_fts WHERE connection = ?');
    const text = this.db.prepare(
      `SELECT group_concat(f.name || ' ' || f.body, ' ') AS body FROM datapoints_fts f JOIN datapoints d ON d.rowid = f.rowid WHERE d.connection = ?`,
    );
    const ins = this.db.prepare('INSERT INTO connections_fts(connection, body) VALUES (?, ?)');
    for (const connection of new Set(connections)) {
      del.run(connection);
      const body = (text.get(connection) as { body: string | null }).body;
      if (body) ins.run(connection, body);
    }
  }

  /** Records new size/mtime for files whose content hash did not change (keeps the next check cheap). */
  touchFiles(files: readonly StoredFile[]): void {
    const stmt = this.db.prepare('UPDATE files SET size = ?, mtime_ms = ? WHERE path = ?');
    this.write(() => {
      for (const f of files) stmt.run(f.size, f.mtimeMs, f.path);
    });
  }

  list(filter: DataPointFilter = {}): StoredDataPoint[] {
    const where: string[] = [];
    const params: string[] = [];
    if (filter.connection) {
      where.push('connection = ?');
      params.push(filter.connection);
    }
    if (filter.type) {
      where.push('type = ?');
      params.push(filter.type);
    }
    const rows = this.db
      .prepare(
        `SELECT rowid, connection, id, type, name, file, hash, json FROM datapoints ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY connection, type, id`,
      )
      .all(...params) as (Omit<StoredDataPoint, 'dataPoint'> & { json: string })[];
    return rows.map(({ json, ...rest }) => ({ ...rest, dataPoint: JSON.parse(json) as DataPoint }));
  }

  get(connection: string, id: string): StoredDataPoint | undefined {
    return this.list({ connection }).find((d) => d.id === id);
  }

  count(connection?: string): number {
    const row = (
      connection
        ? this.db.prepare('SELECT count(*) AS n FROM datapoints WHERE connection = ?').get(connection)
        : this.db.prepare('SELECT count(*) AS n FROM datapoints').get()
    ) as { n: number };
    return row.n;
  }

  /** A stable digest of the whole index content (used by tests and `status`). */
  digest(): string {
    const rows = this.db.prepare('SELECT connection, id, hash FROM datapoints ORDER BY connection, id').all() as {
      connection: string;
      id: string;
      hash: string;
    }[];
    return rows.map((r) => `${r.connection}/${r.id}@${r.hash}`).join('\n');
  }
}
