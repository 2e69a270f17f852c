import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { translateSql } from './fake-bigquery-sql.js';

/** A REST `TableFieldSchema`. */
export interface FakeField {
  name: string;
  type: string;
  mode?: 'NULLABLE' | 'REQUIRED' | 'REPEATED';
  description?: string;
  defaultValueExpression?: string;
  fields?: FakeField[];
}

export interface FakeForeignKey {
  name?: string;
  columns: string[];
  /** Defaults to the table's own dataset. */
  referencedDataset?: string;
  referencedTable: string;
  referencedColumns: string[];
}

export interface FakeTableSpec {
  fields: FakeField[];
  description?: string;
  /** Reported as the unenforced `tableConstraints.primaryKey`. */
  primaryKey?: string[];
  /** Reported as unenforced `tableConstraints.foreignKeys`. */
  foreignKeys?: FakeForeignKey[];
  /** Rows as arrays in field order, or objects keyed by field name. */
  rows?: readonly (readonly unknown[] | Record<string, unknown>)[];
}

interface TableEntry extends FakeTableSpec {
  type: 'TABLE' | 'VIEW';
  viewQuery?: string;
  creationTime: number;
}

interface DatasetEntry {
  description?: string;
  tables: Map<string, TableEntry>;
  creationTime: number;
}

const ID = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** SQLite column affinity per BigQuery type; RECORD and REPEATED values are stored as JSON text. */
function sqliteType(field: FakeField): string {
  if (field.mode === 'REPEATED') return 'TEXT';
  switch (field.type.toUpperCase()) {
    case 'INT64':
    case 'INTEGER':
    case 'BOOL':
    case 'BOOLEAN':
      return 'INTEGER';
    case 'FLOAT64':
    case 'FLOAT':
      return 'REAL';
    case 'NUMERIC':
    case 'BIGNUMERIC':
      return 'NUMERIC';
    case 'BYTES':
      return 'BLOB';
    default:
      return 'TEXT';
  }
}

function toStorage(field: FakeField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (field.mode === 'REPEATED' || ['RECORD', 'STRUCT', 'JSON'].includes(field.type.toUpperCase())) {
    return typeof value === 'string' ? value : JSON.stringify(value);
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value;
  return value;
}

/**
 * Datasets and tables of the fake: each dataset is a SQLite file attached under the dataset's
 * name, plus the BigQuery metadata SQLite cannot hold (BigQuery types, modes, descriptions,
 * unenforced constraints). Query jobs open the files read-only (`openReadOnly`).
 */
export class FakeCatalog {
  readonly datasets = new Map<string, DatasetEntry>();
  private readonly dir = mkdtempSync(join(tmpdir(), 'fake-bigquery-'));
  private readonly mainFile = join(this.dir, 'main.db');
  private readonly writer: Database.Database;

  constructor() {
    this.writer = new Database(this.mainFile);
  }

  createDataset(id: string, options: { description?: string } = {}): void {
    if (!ID.test(id)) throw new Error(`invalid dataset id ${id}`);
    if (this.datasets.has(id)) return;
    this.writer.prepare(`ATTACH DATABASE ? AS "${id}"`).run(join(this.dir, `${id}.db`));
    this.datasets.set(id, {
      ...(options.description ? { description: options.description } : {}),
      tables: new Map(),
      creationTime: Date.now(),
    });
  }

  createTable(dataset: string, id: string, spec: FakeTableSpec): void {
    const entry = this.requireDataset(dataset);
    if (!ID.test(id)) throw new Error(`invalid table id ${id}`);
    const columns = spec.fields.map((f) => `"${f.name}" ${sqliteType(f)}`).join(', ');
    this.writer.exec(`CREATE TABLE "${dataset}"."${id}" (${columns})`);
    entry.tables.set(id, { ...spec, rows: undefined, type: 'TABLE', creationTime: Date.now() });
    if (spec.rows?.length) this.insertRows(dataset, id, spec.rows);
  }

  /** A view over GoogleSQL (the fake's subset); `fields` is the schema tables.get reports. */
  createView(dataset: string, id: string, query: string, fields: FakeField[], description?: string): void {
    const entry = this.requireDataset(dataset);
    this.writer.exec(`CREATE VIEW "${dataset}"."${id}" AS ${translateSql(query).sql}`);
    entry.tables.set(id, {
      fields,
      ...(description ? { description } : {}),
      type: 'VIEW',
      viewQuery: query,
      creationTime: Date.now(),
    });
  }

  insertRows(dataset: string, table: string, rows: readonly (readonly unknown[] | Record<string, unknown>)[]): void {
    const entry = this.requireTable(dataset, table);
    const fields = entry.fields;
    const insert = this.writer.prepare(
      `INSERT INTO "${dataset}"."${table}" VALUES (${fields.map(() => '?').join(', ')})`,
    );
    this.writer.transaction(() => {
      for (const row of rows) {
        const values = Array.isArray(row) ? row : fields.map((f) => (row as Record<string, unknown>)[f.name]);
        insert.run(fields.map((f, i) => toStorage(f, values[i])));
      }
    })();
  }

  rowCount(dataset: string, table: string): number {
    return Number((this.writer.prepare(`SELECT count(*) AS n FROM "${dataset}"."${table}"`).get() as { n: number }).n);
  }

  requireDataset(dataset: string): DatasetEntry {
    const entry = this.datasets.get(dataset);
    if (!entry) throw new Error(`no dataset ${dataset}`);
    return entry;
  }

  requireTable(dataset: string, table: string): TableEntry {
    const entry = this.requireDataset(dataset).tables.get(table);
    if (!entry) throw new Error(`no table ${dataset}.${table}`);
    return entry;
  }

  /** BigQuery type of a result column that comes straight from a table column. */
  fieldOf(dataset: string | null, table: string | null, column: string | null): FakeField | undefined {
    if (!dataset || !table || !column) return undefined;
    return this.datasets
      .get(dataset)
      ?.tables.get(table)
      ?.fields.find((f) => f.name === column);
  }

  /**
   * A read-only connection for one query job: the default dataset is attached first, so
   * unqualified table names resolve to it. Writes fail with SQLITE_READONLY.
   */
  openReadOnly(defaultDataset: string | undefined): Database.Database {
    const db = new Database(this.mainFile, { readonly: true, fileMustExist: true });
    const order = [...this.datasets.keys()].sort((a, b) => (a === defaultDataset ? -1 : b === defaultDataset ? 1 : 0));
    for (const id of order) {
      const file = join(this.dir, `${id}.db`);
      // Attached files inherit the connection's read-only flag.
      if (existsSync(file)) db.prepare(`ATTACH DATABASE ? AS "${id}"`).run(file);
    }
    db.pragma('query_only = 1');
    return db;
  }

  close(): void {
    this.writer.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
