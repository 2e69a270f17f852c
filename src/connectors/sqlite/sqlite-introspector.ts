import type Database from 'better-sqlite3';
import {
  matchesTableFilter,
  type ForeignKeyInfo,
  type IndexInfo,
  type IntrospectOptions,
  type SchemaMetadata,
  type TableInfo,
} from '../schema-metadata.js';
import { mapSqliteType } from './type-mapping.js';

interface MasterRow {
  name: string;
  type: 'table' | 'view';
}
interface ColumnRow {
  cid: number;
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
  hidden: number;
}
interface FkRow {
  id: number;
  seq: number;
  table: string;
  from: string;
  to: string | null;
}
interface IndexListRow {
  name: string;
  unique: number;
  origin: 'c' | 'u' | 'pk';
}

/** Reads the catalog of an open SQLite database (pragmas, plus an exact count(*) per table). */
export function introspectSqlite(db: Database.Database, options: IntrospectOptions = {}): SchemaMetadata {
  const objects = db
    .prepare(
      `SELECT name, type FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' ORDER BY name`,
    )
    .all() as MasterRow[];
  const tables: TableInfo[] = [];
  for (const object of objects) {
    if (!matchesTableFilter({ name: object.name }, options.tables)) continue;
    tables.push(describe(db, object));
  }
  return { engine: 'sqlite', schemas: ['main'], tables, introspectedAt: new Date().toISOString() };
}

function describe(db: Database.Database, object: MasterRow): TableInfo {
  const quoted = `"${object.name.replace(/"/g, '""')}"`;
  const columnRows = (db.prepare(`PRAGMA table_xinfo(${quoted})`).all() as ColumnRow[]).filter((c) => c.hidden === 0);
  const primaryKey = columnRows
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  const columns = columnRows.map((c, i) => ({
    name: c.name,
    dataType: c.type || '',
    canonicalType: mapSqliteType(c.type),
    // A rowid alias (INTEGER PRIMARY KEY) can never be NULL even though notnull is 0.
    nullable: c.notnull === 0 && !(primaryKey.length === 1 && primaryKey[0] === c.name && /^integer$/i.test(c.type)),
    ordinal: i + 1,
    ...(c.dflt_value !== null ? { defaultValue: c.dflt_value } : {}),
  }));
  const table: TableInfo = {
    name: object.name,
    kind: object.type,
    columns,
    primaryKey,
    foreignKeys: object.type === 'table' ? foreignKeys(db, quoted, primaryKeyOf(db)) : [],
    indexes: object.type === 'table' ? indexes(db, quoted) : [],
  };
  // SQLite keeps no row statistics worth trusting; an exact count is cheap on an embedded file.
  if (object.type === 'table') table.rowEstimate = countRows(db, quoted);
  return table;
}

function primaryKeyOf(db: Database.Database): (table: string) => string[] {
  return (table) =>
    (db.prepare(`PRAGMA table_info("${table.replace(/"/g, '""')}")`).all() as ColumnRow[])
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
}

function foreignKeys(db: Database.Database, quoted: string, pkOf: (table: string) => string[]): ForeignKeyInfo[] {
  const rows = db.prepare(`PRAGMA foreign_key_list(${quoted})`).all() as FkRow[];
  const byId = new Map<number, FkRow[]>();
  for (const row of rows) byId.set(row.id, [...(byId.get(row.id) ?? []), row]);
  return [...byId.values()].map((group) => {
    group.sort((a, b) => a.seq - b.seq);
    const target = group[0]!.table;
    // `REFERENCES t` without columns points at t's primary key.
    const targetColumns = group.every((g) => g.to) ? group.map((g) => g.to!) : pkOf(target);
    return { columns: group.map((g) => g.from), targetTable: target, targetColumns };
  });
}

function indexes(db: Database.Database, quoted: string): IndexInfo[] {
  const list = db.prepare(`PRAGMA index_list(${quoted})`).all() as IndexListRow[];
  return list.map((index) => ({
    name: index.name,
    columns: (
      db.prepare(`PRAGMA index_info("${index.name.replace(/"/g, '""')}")`).all() as { name: string | null }[]
    ).map((c) => c.name ?? '<expr>'),
    unique: index.unique === 1,
    primary: index.origin === 'pk',
  }));
}

function countRows(db: Database.Database, quoted: string): number {
  return Number((db.prepare(`SELECT count(*) AS n FROM ${quoted}`).get() as { n: number }).n);
}
