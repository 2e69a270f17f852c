import {
  matchesTableFilter,
  type ColumnInfo,
  type ForeignKeyInfo,
  type IndexInfo,
  type IntrospectOptions,
  type TableInfo,
} from '../schema-metadata.js';
import type { CatalogQuery, Introspector } from '../introspector.js';
import type { MysqlFlavour } from './mysql-dialect.js';
import { mapMysqlType } from './type-mapping.js';

/** Runs one catalog query with `?` parameters (arrays expand to lists) and returns its rows. */

export interface MysqlIntrospectionContext {
  flavour: MysqlFlavour;
  /** The connection's current database (`SELECT DATABASE()`); introspected by default. */
  defaultSchema: string | undefined;
}

/** Databases that belong to the server itself. */
export const MYSQL_SYSTEM_SCHEMAS = ['information_schema', 'mysql', 'performance_schema', 'sys'] as const;

type Row = Record<string, unknown>;
const key = (schema: unknown, table: unknown): string => `${String(schema)}\u0000${String(table)}`;
const text = (value: unknown): string | undefined =>
  value === null || value === undefined || value === '' ? undefined : String(value);

/**
 * Reads tables, views, columns, keys and indexes from information_schema: one query per catalog
 * view for every selected table at once, whatever the number of tables. Schemas default to the
 * connection's database (or every non-system database when it has none); `schema.table` entries of
 * `options.tables` add their schema.
 */
export const introspectMysql: Introspector<MysqlIntrospectionContext> = async (query, options, context) => {
  const schemas = await selectSchemas(query, options, context.defaultSchema);
  const introspectedAt = new Date().toISOString();
  if (schemas.length === 0) return { engine: 'mysql', schemas, tables: [], introspectedAt };
  // Push the table filter down as candidate names; matchesTableFilter below decides exactly. LOWER():
  // the filter is case-insensitive, information_schema table names are not (on case-sensitive file systems).
  const names = options.tables?.length
    ? [...new Set(options.tables.flatMap((t) => [t, t.slice(t.lastIndexOf('.') + 1)]).map((t) => t.toLowerCase()))]
    : undefined;
  const where = (alias = ''): { sql: string; values: unknown[] } => ({
    sql: `${alias}TABLE_SCHEMA IN (?)${names ? ` AND LOWER(${alias}TABLE_NAME) IN (?)` : ''}`,
    values: names ? [schemas, names] : [schemas],
  });

  const w = where();
  const [tableRows, columnRows, indexRows, fkRows, jsonColumns] = await Promise.all([
    query(
      `SELECT TABLE_SCHEMA AS table_schema, TABLE_NAME AS table_name, TABLE_TYPE AS table_type, TABLE_ROWS AS table_rows, TABLE_COMMENT AS table_comment
       FROM information_schema.TABLES WHERE ${w.sql} ORDER BY TABLE_SCHEMA, TABLE_NAME`,
      w.values,
    ),
    query(
      `SELECT TABLE_SCHEMA AS table_schema, TABLE_NAME AS table_name, COLUMN_NAME AS column_name, ORDINAL_POSITION AS ordinal,
         COLUMN_DEFAULT AS column_default, IS_NULLABLE AS is_nullable, COLUMN_TYPE AS column_type, COLUMN_COMMENT AS column_comment
       FROM information_schema.COLUMNS WHERE ${w.sql} ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`,
      w.values,
    ),
    query(
      `SELECT TABLE_SCHEMA AS table_schema, TABLE_NAME AS table_name, INDEX_NAME AS index_name, NON_UNIQUE AS non_unique, COLUMN_NAME AS column_name
       FROM information_schema.STATISTICS WHERE ${w.sql} ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
      w.values,
    ),
    foreignKeyRows(query, where('k.')),
    context.flavour === 'mariadb' ? mariadbJsonColumns(query, schemas) : Promise.resolve(new Set<string>()),
  ]);

  const columns = groupBy(columnRows);
  const indexes = groupBy(indexRows);
  const foreignKeys = groupBy(fkRows);
  const tables: TableInfo[] = [];
  for (const row of tableRows) {
    // MariaDB sequences are listed as tables but hold no data worth asking about.
    if (row.table_type === 'SEQUENCE') continue;
    const schema = String(row.table_schema);
    const name = String(row.table_name);
    if (!matchesTableFilter({ schema, name }, options.tables)) continue;
    const id = key(schema, name);
    const kind = /VIEW/.test(String(row.table_type)) ? 'view' : 'table';
    const tableIndexes = toIndexes(indexes.get(id) ?? []);
    const table: TableInfo = {
      schema,
      name,
      kind,
      columns: (columns.get(id) ?? []).map((c) =>
        toColumn(c, context.flavour, jsonColumns.has(key(id, c.column_name))),
      ),
      primaryKey: tableIndexes.find((i) => i.primary)?.columns ?? [],
      foreignKeys: toForeignKeys(foreignKeys.get(id) ?? []),
      indexes: tableIndexes,
    };
    // Views report their kind in TABLE_COMMENT ('VIEW'), not a comment.
    const comment = kind === 'view' ? undefined : text(row.table_comment);
    if (comment) table.comment = comment;
    // TABLE_ROWS is InnoDB's sampled estimate (exact for MyISAM); NULL for views.
    if (kind === 'table' && row.table_rows !== null && row.table_rows !== undefined)
      table.rowEstimate = Number(row.table_rows);
    tables.push(table);
  }
  return {
    engine: 'mysql',
    ...(context.defaultSchema ? { database: context.defaultSchema } : {}),
    schemas,
    tables,
    introspectedAt,
  };
};

async function selectSchemas(
  query: CatalogQuery,
  options: IntrospectOptions,
  defaultSchema: string | undefined,
): Promise<string[]> {
  if (options.schemas?.length) return [...new Set(options.schemas)];
  if (defaultSchema) {
    const qualified = (options.tables ?? []).filter((t) => t.includes('.')).map((t) => t.slice(0, t.lastIndexOf('.')));
    return [...new Set([defaultSchema, ...qualified])];
  }
  const rows = await query(
    'SELECT SCHEMA_NAME AS schema_name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN (?) ORDER BY SCHEMA_NAME',
    [[...MYSQL_SYSTEM_SCHEMAS]],
  );
  return rows.map((r) => String(r.schema_name));
}

function foreignKeyRows(query: CatalogQuery, where: { sql: string; values: unknown[] }): Promise<Row[]> {
  // KEY_COLUMN_USAGE also lists PRIMARY/UNIQUE key columns; the join keeps foreign keys only.
  return query(
    `SELECT k.TABLE_SCHEMA AS table_schema, k.TABLE_NAME AS table_name, k.CONSTRAINT_NAME AS constraint_name, k.COLUMN_NAME AS column_name,
       k.REFERENCED_TABLE_SCHEMA AS target_schema, k.REFERENCED_TABLE_NAME AS target_table, k.REFERENCED_COLUMN_NAME AS target_column
     FROM information_schema.KEY_COLUMN_USAGE k
     JOIN information_schema.REFERENTIAL_CONSTRAINTS r
       ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
     WHERE ${where.sql} AND k.REFERENCED_TABLE_NAME IS NOT NULL
     ORDER BY k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
    where.values,
  );
}

/**
 * MariaDB's JSON is an alias of LONGTEXT plus a `json_valid(col)` check constraint; COLUMN_TYPE says
 * `longtext`. The constraint is how to tell. Older servers without CHECK_CONSTRAINTS: no JSON columns.
 */
async function mariadbJsonColumns(query: CatalogQuery, schemas: string[]): Promise<Set<string>> {
  try {
    const rows = await query(
      `SELECT CONSTRAINT_SCHEMA AS table_schema, TABLE_NAME AS table_name, CHECK_CLAUSE AS check_clause
       FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA IN (?) AND CHECK_CLAUSE LIKE 'json\\_valid(%'`,
      [schemas],
    );
    const found = new Set<string>();
    for (const row of rows) {
      const match = /^json_valid\(`((?:[^`]|``)+)`\)$/i.exec(String(row.check_clause).trim());
      if (match) found.add(key(key(row.table_schema, row.table_name), match[1]!.replace(/``/g, '`')));
    }
    return found;
  } catch {
    return new Set();
  }
}

function groupBy(rows: Row[]): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const id = key(row.table_schema, row.table_name);
    const group = groups.get(id);
    if (group) group.push(row);
    else groups.set(id, [row]);
  }
  return groups;
}

function toColumn(row: Row, flavour: MysqlFlavour, isJson: boolean): ColumnInfo {
  const dataType = isJson ? 'json' : String(row.column_type ?? '');
  const column: ColumnInfo = {
    name: String(row.column_name),
    dataType,
    canonicalType: mapMysqlType(dataType),
    nullable: row.is_nullable === 'YES',
    ordinal: Number(row.ordinal),
  };
  const comment = text(row.column_comment);
  if (comment) column.comment = comment;
  // MariaDB 10.2.7+ spells "no default" as the string 'NULL' (literals come quoted); MySQL uses SQL NULL.
  const defaultValue = text(row.column_default);
  if (defaultValue !== undefined && !(flavour === 'mariadb' && defaultValue === 'NULL'))
    column.defaultValue = defaultValue;
  return column;
}

function toIndexes(rows: Row[]): IndexInfo[] {
  const byName = new Map<string, IndexInfo>();
  for (const row of rows) {
    const name = String(row.index_name);
    let index = byName.get(name);
    if (!index) {
      index = { name, columns: [], unique: Number(row.non_unique) === 0, primary: name === 'PRIMARY' };
      byName.set(name, index);
    }
    // Functional key parts (MySQL 8.0.13+) have no column name.
    index.columns.push(text(row.column_name) ?? '<expr>');
  }
  return [...byName.values()];
}

function toForeignKeys(rows: Row[]): ForeignKeyInfo[] {
  const byName = new Map<string, ForeignKeyInfo>();
  for (const row of rows) {
    const name = String(row.constraint_name);
    let fk = byName.get(name);
    if (!fk) {
      fk = {
        name,
        columns: [],
        targetSchema: String(row.target_schema),
        targetTable: String(row.target_table),
        targetColumns: [],
      };
      byName.set(name, fk);
    }
    fk.columns.push(String(row.column_name));
    fk.targetColumns.push(String(row.target_column));
  }
  return [...byName.values()];
}
