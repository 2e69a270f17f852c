import { type Introspector, typedQuery } from '../introspector.js';
import { matchesTableFilter, type ForeignKeyInfo, type IndexInfo, type TableInfo } from '../schema-metadata.js';
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

/**
 * Reads the catalog of a SQLite database (pragmas, plus an exact count(*) per table); `query` runs on the
 * connector's read-only handle.
 */
export const introspectSqlite: Introspector<undefined> = async (catalogQuery, options) => {
  const query = typedQuery(catalogQuery);
  const objects = await query<MasterRow>(
    `SELECT name, type FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' ORDER BY name`,
  );
  const tables: TableInfo[] = [];
  for (const object of objects) {
    if (!matchesTableFilter({ name: object.name }, options.tables)) continue;
    tables.push(await describe(query, object));
  }
  return { engine: 'sqlite', schemas: ['main'], tables, introspectedAt: new Date().toISOString() };
};

type Query = ReturnType<typeof typedQuery>;

async function describe(query: Query, object: MasterRow): Promise<TableInfo> {
  const quoted = `"${object.name.replace(/"/g, '""')}"`;
  const columnRows = (await query<ColumnRow>(`PRAGMA table_xinfo(${quoted})`)).filter((c) => c.hidden === 0);
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
  const isTable = object.type === 'table';
  const table: TableInfo = {
    name: object.name,
    kind: object.type,
    columns,
    primaryKey,
    foreignKeys: isTable ? await foreignKeys(query, quoted) : [],
    indexes: isTable ? await indexes(query, quoted) : [],
  };
  // SQLite keeps no row statistics worth trusting; an exact count is cheap on an embedded file.
  if (isTable) table.rowEstimate = await countRows(query, quoted);
  return table;
}

async function primaryKeyOf(query: Query, table: string): Promise<string[]> {
  return (await query<ColumnRow>(`PRAGMA table_info("${table.replace(/"/g, '""')}")`))
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
}

async function foreignKeys(query: Query, quoted: string): Promise<ForeignKeyInfo[]> {
  const rows = await query<FkRow>(`PRAGMA foreign_key_list(${quoted})`);
  const byId = new Map<number, FkRow[]>();
  for (const row of rows) byId.set(row.id, [...(byId.get(row.id) ?? []), row]);
  const keys: ForeignKeyInfo[] = [];
  for (const group of byId.values()) {
    group.sort((a, b) => a.seq - b.seq);
    const target = group[0]!.table;
    // `REFERENCES t` without columns points at t's primary key.
    const targetColumns = group.every((g) => g.to) ? group.map((g) => g.to!) : await primaryKeyOf(query, target);
    keys.push({ columns: group.map((g) => g.from), targetTable: target, targetColumns });
  }
  return keys;
}

async function indexes(query: Query, quoted: string): Promise<IndexInfo[]> {
  const list = await query<IndexListRow>(`PRAGMA index_list(${quoted})`);
  const found: IndexInfo[] = [];
  for (const index of list) {
    const columns = await query<{ name: string | null }>(`PRAGMA index_info("${index.name.replace(/"/g, '""')}")`);
    found.push({
      name: index.name,
      columns: columns.map((c) => c.name ?? '<expr>'),
      unique: index.unique === 1,
      primary: index.origin === 'pk',
    });
  }
  return found;
}

async function countRows(query: Query, quoted: string): Promise<number> {
  const [row] = await query<{ n: number }>(`SELECT count(*) AS n FROM ${quoted}`);
  return Number(row!.n);
}
