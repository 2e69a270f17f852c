import { ConnectionError } from '../../errors.js';
import { matchesTableFilter, type ColumnInfo, type ForeignKeyInfo, type TableInfo } from '../schema-metadata.js';
import type { CatalogQuery, Introspector } from '../introspector.js';
import { snowflakeDialect } from './snowflake-dialect.js';
import { mapSnowflakeType } from './type-mapping.js';

export interface SnowflakeIntrospectContext {
  /** The database whose INFORMATION_SCHEMA is read (the session's current database). */
  database: string;
}

/**
 * Reads the catalog of one database: INFORMATION_SCHEMA.SCHEMATA / TABLES (with ROW_COUNT and COMMENT)
 * / COLUMNS, plus `SHOW PRIMARY KEYS` and `SHOW IMPORTED KEYS` for key columns (Snowflake's
 * INFORMATION_SCHEMA has TABLE_CONSTRAINTS but no KEY_COLUMN_USAGE). Snowflake has no indexes.
 *
 * Names are returned exactly as the catalog spells them (upper case for unquoted identifiers, any
 * case for quoted ones) and never case-folded: quoted identifiers are case-sensitive, so a folded
 * name would no longer resolve when generated SQL quotes it. Filters match case-insensitively.
 */
export const introspectSnowflake: Introspector<SnowflakeIntrospectContext> = async (query, options, context) => {
  const schemaFilter = options.schemas?.length ? options.schemas.map((s) => s.toUpperCase()) : undefined;
  const tableNames = options.tables?.length
    ? [...new Set(options.tables.map((t) => t.split('.').pop()!.toUpperCase()))]
    : undefined;
  const where = (schemaColumn: string, tableColumn?: string): { sql: string; binds: string[] } => {
    let sql = `WHERE ${schemaColumn} <> 'INFORMATION_SCHEMA'`;
    const binds: string[] = [];
    if (schemaFilter) {
      sql += ` AND UPPER(${schemaColumn}) IN (${schemaFilter.map(() => '?').join(', ')})`;
      binds.push(...schemaFilter);
    }
    if (tableColumn && tableNames) {
      sql += ` AND UPPER(${tableColumn}) IN (${tableNames.map(() => '?').join(', ')})`;
      binds.push(...tableNames);
    }
    return { sql, binds };
  };
  const schemaWhere = where('SCHEMA_NAME');
  const tableWhere = where('TABLE_SCHEMA', 'TABLE_NAME');
  const database = snowflakeDialect.quoteIdentifier(context.database);
  // Independent statements: Snowflake runs them concurrently on one session.
  const [schemaRows, tableRows, columnRows, pkRows, fkRows] = await Promise.all([
    query(
      `SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA ${schemaWhere.sql} ORDER BY SCHEMA_NAME`,
      schemaWhere.binds,
    ),
    query(
      `SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, ROW_COUNT, COMMENT FROM INFORMATION_SCHEMA.TABLES ${tableWhere.sql} ORDER BY TABLE_SCHEMA, TABLE_NAME`,
      tableWhere.binds,
    ),
    query(
      `SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, DATA_TYPE, NUMERIC_PRECISION, NUMERIC_SCALE, IS_NULLABLE, COLUMN_DEFAULT, COMMENT ` +
        `FROM INFORMATION_SCHEMA.COLUMNS ${tableWhere.sql} ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`,
      tableWhere.binds,
    ),
    optionalKeys(query, `SHOW PRIMARY KEYS IN DATABASE ${database}`),
    optionalKeys(query, `SHOW IMPORTED KEYS IN DATABASE ${database}`),
  ]);

  const key = (schema: unknown, table: unknown): string => `${String(schema)}\u0000${String(table)}`;
  const columnsByTable = group(columnRows, (r) => key(r.TABLE_SCHEMA, r.TABLE_NAME));
  const pksByTable = group(pkRows, (r) => key(r.schema_name, r.table_name));
  const fksByTable = group(fkRows, (r) => key(r.fk_schema_name, r.fk_table_name));

  const tables: TableInfo[] = [];
  for (const row of tableRows) {
    const ref = { schema: String(row.TABLE_SCHEMA), name: String(row.TABLE_NAME) };
    if (!matchesTableFilter(ref, options.tables)) continue;
    const id = key(ref.schema, ref.name);
    const isView = /VIEW/i.test(String(row.TABLE_TYPE ?? ''));
    const table: TableInfo = {
      ...ref,
      kind: isView ? 'view' : 'table',
      columns: (columnsByTable.get(id) ?? []).map(toColumn),
      primaryKey: (pksByTable.get(id) ?? [])
        .sort((a, b) => Number(a.key_sequence) - Number(b.key_sequence))
        .map((r) => String(r.column_name)),
      foreignKeys: toForeignKeys(fksByTable.get(id) ?? []),
      indexes: [],
    };
    if (row.COMMENT !== null && row.COMMENT !== undefined && row.COMMENT !== '') table.comment = String(row.COMMENT);
    // ROW_COUNT is kept by Snowflake's metadata layer (exact for tables, NULL for views): no scan needed.
    if (!isView && row.ROW_COUNT !== null && row.ROW_COUNT !== undefined) table.rowEstimate = Number(row.ROW_COUNT);
    tables.push(table);
  }
  return {
    engine: 'snowflake',
    database: context.database,
    schemas: schemaRows.map((r) => String(r.SCHEMA_NAME)),
    tables,
    introspectedAt: new Date().toISOString(),
  };
};

/** NUMBER carries precision and scale separately in the catalog; the scale decides integer vs decimal. */
function nativeType(row: Record<string, unknown>): string {
  const dataType = String(row.DATA_TYPE ?? '');
  if (/^NUMBER$/i.test(dataType) && row.NUMERIC_PRECISION !== null && row.NUMERIC_PRECISION !== undefined) {
    return `NUMBER(${Number(row.NUMERIC_PRECISION)},${Number(row.NUMERIC_SCALE ?? 0)})`;
  }
  return dataType;
}

function toColumn(row: Record<string, unknown>): ColumnInfo {
  const dataType = nativeType(row);
  const column: ColumnInfo = {
    name: String(row.COLUMN_NAME),
    dataType,
    canonicalType: mapSnowflakeType(dataType),
    nullable: String(row.IS_NULLABLE).toUpperCase() === 'YES',
    ordinal: Number(row.ORDINAL_POSITION),
  };
  if (row.COMMENT !== null && row.COMMENT !== undefined && row.COMMENT !== '') column.comment = String(row.COMMENT);
  if (row.COLUMN_DEFAULT !== null && row.COLUMN_DEFAULT !== undefined) column.defaultValue = String(row.COLUMN_DEFAULT);
  return column;
}

/** One ForeignKeyInfo per constraint name, columns ordered by key_sequence. */
function toForeignKeys(rows: Record<string, unknown>[]): ForeignKeyInfo[] {
  return [...group(rows, (r) => String(r.fk_name)).entries()].map(([name, parts]) => {
    parts.sort((a, b) => Number(a.key_sequence) - Number(b.key_sequence));
    const first = parts[0]!;
    return {
      name,
      columns: parts.map((p) => String(p.fk_column_name)),
      targetSchema: String(first.pk_schema_name),
      targetTable: String(first.pk_table_name),
      targetColumns: parts.map((p) => String(p.pk_column_name)),
    };
  });
}

/**
 * Keys are declarative metadata in Snowflake; a role that may read tables but not run SHOW on the
 * database still gets tables and columns, just without keys (relationship discovery covers the gap).
 */
async function optionalKeys(query: CatalogQuery, sql: string): Promise<Record<string, unknown>[]> {
  try {
    return await query(sql);
  } catch (error) {
    if (error instanceof ConnectionError) throw error;
    return [];
  }
}

function group<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}
