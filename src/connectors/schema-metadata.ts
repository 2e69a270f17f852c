import type { CanonicalType } from './canonical-type.js';
import type { EngineType } from './engine-type.js';

/** A column as the database catalog describes it. */
export interface ColumnInfo {
  name: string;
  /** Native type as the engine spells it, e.g. `character varying(255)`, `Nullable(String)`. */
  dataType: string;
  canonicalType: CanonicalType;
  nullable: boolean;
  /** 1-based position in the table. */
  ordinal: number;
  comment?: string;
  defaultValue?: string;
}

export interface ForeignKeyInfo {
  name?: string;
  columns: string[];
  targetSchema?: string;
  targetTable: string;
  targetColumns: string[];
}

export interface IndexInfo {
  name: string;
  columns: string[];
  unique: boolean;
  primary: boolean;
}

export interface TableInfo {
  /** Schema (PostgreSQL/Snowflake), database (MySQL/ClickHouse), dataset (BigQuery); absent for SQLite `main`. */
  schema?: string;
  name: string;
  kind: 'table' | 'view';
  comment?: string;
  columns: ColumnInfo[];
  primaryKey: string[];
  foreignKeys: ForeignKeyInfo[];
  indexes: IndexInfo[];
  /** Row count from the catalog (estimate on most engines, exact on SQLite). */
  rowEstimate?: number;
  /**
   * Column statistics the engine keeps in its catalog, only where they are fresh (PostgreSQL's
   * pg_stats when few rows changed since the last ANALYZE). The profiler prefers them to sample-based
   * estimates on sampled tables.
   */
  columnStats?: Record<string, { nullFraction: number; distinctCount: number }>;
}

export interface SchemaMetadata {
  engine: EngineType;
  /** Database / catalog / project name where the engine has one. */
  database?: string;
  schemas: string[];
  tables: TableInfo[];
  /** ISO timestamp. */
  introspectedAt: string;
}

export interface IntrospectOptions {
  /** Restrict to these schemas (default: every non-system schema). */
  schemas?: string[];
  /** Restrict to these table names (unqualified or `schema.table`). */
  tables?: string[];
}

/** `schema.table` or `table` when there is no schema. */
export function qualifiedName(table: Pick<TableInfo, 'schema' | 'name'>): string {
  return table.schema ? `${table.schema}.${table.name}` : table.name;
}

/** True when `table` is selected by a filter list of `name` or `schema.name` entries. */
export function matchesTableFilter(
  table: Pick<TableInfo, 'schema' | 'name'>,
  filter: readonly string[] | undefined,
): boolean {
  if (!filter || filter.length === 0) return true;
  const qualified = qualifiedName(table).toLowerCase();
  const name = table.name.toLowerCase();
  return filter.some((f) => {
    const wanted = f.toLowerCase();
    return wanted === name || wanted === qualified;
  });
}
