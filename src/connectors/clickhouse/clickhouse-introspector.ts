import {
  matchesTableFilter,
  type ColumnInfo,
  type IndexInfo,
  type SchemaMetadata,
  type TableInfo,
} from '../schema-metadata.js';
import type { CatalogQuery, Introspector } from '../introspector.js';
import { clickhouseStringLiteral } from './clickhouse-dialect.js';
import { isNullableClickhouseType, mapClickhouseType } from './type-mapping.js';

export type { CatalogQuery } from '../introspector.js';

/** Databases that hold the server's own catalog, never user data. */
const SYSTEM_DATABASES = ['system', 'INFORMATION_SCHEMA', 'information_schema'];
/** Engines whose objects are views (they store no data of their own, or derive it from a query). */
const VIEW_ENGINES = new Set(['View', 'MaterializedView', 'LiveView', 'WindowView']);

/**
 * Reads ClickHouse's catalog (`system.databases`, `system.tables`, `system.columns`, `system.parts`).
 * The columns of the system tables differ across versions (18.x has no `total_rows` or table
 * `comment`), so the available ones are discovered first.
 *
 * - Schemas are databases: `options.schemas`, else the connection's database when one is configured,
 *   else every database but system/INFORMATION_SCHEMA.
 * - Primary key = the plain columns of the table's primary (sorting) key. ClickHouse keys order the
 *   data and are NOT unique: two rows may share a key.
 * - No foreign keys (ClickHouse has none); indexes are data-skipping indexes where the server lists them.
 * - Row estimate: `system.tables.total_rows` where it exists, else the rows of active parts of
 *   MergeTree tables; none for other engines (Log, Memory, views...).
 */
export const introspectClickhouse: Introspector<string | undefined> = async (query, options, defaultDatabase) => {
  const available = await systemColumns(query);
  const has = (table: string, column: string) => available.get(table)?.has(column) ?? false;

  const databases = (
    await query(`SELECT name FROM system.databases WHERE name NOT IN (${list(SYSTEM_DATABASES)}) ORDER BY name`)
  ).map((r) => String(r.name));
  const wanted = options.schemas?.length ? options.schemas : defaultDatabase ? [defaultDatabase] : databases;
  const schemas = databases.filter((d) => wanted.some((w) => w.toLowerCase() === d.toLowerCase()));
  const result: SchemaMetadata = {
    engine: 'clickhouse',
    schemas,
    tables: [],
    introspectedAt: new Date().toISOString(),
  };
  if (defaultDatabase) result.database = defaultDatabase;
  if (schemas.length === 0) return result;

  const inDatabases = `database IN (${list(schemas)})`;
  const tableNames = options.tables?.length ? options.tables.map((t) => t.split('.').pop()!) : undefined;
  const tableFilter = (column: string) => (tableNames ? ` AND ${column} IN (${list(tableNames)})` : '');
  const optional = (table: string, columns: string[]) =>
    columns
      .filter((c) => has(table, c))
      .map((c) => `, ${c}`)
      .join('');

  const tableRows = await query(
    `SELECT database, name, engine${optional('tables', ['primary_key', 'sorting_key', 'total_rows', 'comment', 'is_temporary'])} FROM system.tables WHERE ${inDatabases}${tableFilter('name')} ORDER BY database, name`,
  );
  const tables = tableRows
    .filter((r) => !Number(r.is_temporary ?? 0))
    .filter((r) => matchesTableFilter({ schema: String(r.database), name: String(r.name) }, options.tables));
  if (tables.length === 0) return result;

  const columnRows = await query(
    `SELECT database, table, name, type, default_kind, default_expression${optional('columns', ['comment', 'is_in_primary_key'])} FROM system.columns WHERE ${inDatabases}${tableFilter('table')}`,
  );
  // system.columns has no ordinal on 18.x; its rows come in declaration order per table.
  const columnsByTable = groupBy(columnRows, (r) => key(r.database, r.table));
  const partRows = has('tables', 'total_rows')
    ? []
    : await query(
        `SELECT database, table, sum(rows) AS row_count FROM system.parts WHERE active AND ${inDatabases}${tableFilter('table')} GROUP BY database, table`,
      );
  const partRowsByTable = new Map(partRows.map((r) => [key(r.database, r.table), Number(r.row_count)]));
  const indexRows = available.has('data_skipping_indices')
    ? await query(
        `SELECT database, table, name, expr FROM system.data_skipping_indices WHERE ${inDatabases}${tableFilter('table')}`,
      )
    : [];
  const indexesByTable = groupBy(indexRows, (r) => key(r.database, r.table));

  for (const row of tables) {
    const id = key(row.database, row.name);
    const columns = (columnsByTable.get(id) ?? []).map(toColumn);
    const engine = String(row.engine);
    const info: TableInfo = {
      schema: String(row.database),
      name: String(row.name),
      kind: VIEW_ENGINES.has(engine) ? 'view' : 'table',
      columns,
      primaryKey: primaryKeyOf(row, columnsByTable.get(id) ?? []),
      foreignKeys: [],
      indexes: (indexesByTable.get(id) ?? []).map((r) => skippingIndex(r, columns)),
    };
    if (typeof row.comment === 'string' && row.comment) info.comment = row.comment;
    const estimate = rowEstimate(row, engine, partRowsByTable.get(id));
    if (estimate !== undefined) info.rowEstimate = estimate;
    result.tables.push(info);
  }
  return result;
};

async function systemColumns(query: CatalogQuery): Promise<Map<string, Set<string>>> {
  const rows = await query(
    `SELECT table, name FROM system.columns WHERE database = 'system' AND table IN ('tables', 'columns', 'data_skipping_indices')`,
  );
  const map = new Map<string, Set<string>>();
  for (const r of rows) map.set(String(r.table), (map.get(String(r.table)) ?? new Set()).add(String(r.name)));
  return map;
}

function toColumn(row: Record<string, unknown>, index: number): ColumnInfo {
  const type = String(row.type);
  const column: ColumnInfo = {
    name: String(row.name),
    dataType: type,
    canonicalType: mapClickhouseType(type),
    nullable: isNullableClickhouseType(type),
    ordinal: index + 1,
  };
  if (typeof row.comment === 'string' && row.comment) column.comment = row.comment;
  const kind = String(row.default_kind ?? '');
  const expression = String(row.default_expression ?? '');
  // MATERIALIZED and ALIAS columns are computed, not defaulted: keep the kind so nobody mistakes them.
  if (expression) column.defaultValue = kind && kind !== 'DEFAULT' ? `${kind} ${expression}` : expression;
  return column;
}

function primaryKeyOf(table: Record<string, unknown>, columns: Record<string, unknown>[]): string[] {
  const names = new Set(columns.map((c) => String(c.name)));
  const expression = String(table.primary_key || table.sorting_key || '');
  const fromExpression = splitTopLevel(expression)
    .map((part) => part.trim().replace(/^`(.*)`$|^"(.*)"$/s, (_, a?: string, b?: string) => a ?? b ?? ''))
    .filter((part) => names.has(part));
  if (fromExpression.length > 0) return fromExpression;
  return columns.filter((c) => Number(c.is_in_primary_key ?? 0) === 1).map((c) => String(c.name));
}

function skippingIndex(row: Record<string, unknown>, columns: ColumnInfo[]): IndexInfo {
  const expr = String(row.expr ?? '');
  const identifiers = new Set(expr.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
  return {
    name: String(row.name),
    columns: columns.filter((c) => identifiers.has(c.name)).map((c) => c.name),
    unique: false,
    primary: false,
  };
}

function rowEstimate(row: Record<string, unknown>, engine: string, partRows: number | undefined): number | undefined {
  if (row.total_rows !== undefined && row.total_rows !== null) return Number(row.total_rows);
  if (partRows !== undefined) return partRows;
  // A MergeTree table without active parts is empty.
  return /MergeTree$/.test(engine) && !('total_rows' in row) ? 0 : undefined;
}

/** Splits `a, f(b, c), d` on commas outside parentheses and quotes. */
function splitTopLevel(expression: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (const ch of expression) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '`' || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) parts.push(current);
  // A whole-key tuple `(a, b)` is the same as `a, b`.
  if (parts.length === 1 && /^\s*\(.*\)\s*$/s.test(parts[0]!)) return splitTopLevel(parts[0]!.trim().slice(1, -1));
  return parts;
}

function list(values: readonly string[]): string {
  return values.map(clickhouseStringLiteral).join(', ');
}

function key(database: unknown, table: unknown): string {
  return `${String(database)}\u0000${String(table)}`;
}

function groupBy<T>(rows: T[], keyOf: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const group = map.get(k);
    if (group) group.push(row);
    else map.set(k, [row]);
  }
  return map;
}
