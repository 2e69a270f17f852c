import { matchesTableFilter, type ColumnInfo, type TableInfo } from '../schema-metadata.js';
import { type CatalogQuery, type Introspector, typedQuery } from '../introspector.js';
import { mapPostgresColumnType } from './type-mapping.js';

/** Schemas that are PostgreSQL's own, never the user's data. */
const SYSTEM_SCHEMA_FILTER = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;

/** Tables below this size without statistics get an exact count; bigger ones stay without an estimate. */
const EXACT_COUNT_MAX_BYTES = 16 * 1024 * 1024;

interface RelationRow {
  oid: string;
  schema: string;
  name: string;
  relkind: string;
  reltuples: number | null;
  bytes: string | number | null;
  readable: boolean;
  comment: string | null;
}
interface ColumnRow {
  oid: string;
  name: string;
  ordinal: number;
  formatted: string;
  typtype: string;
  base_type: string | null;
  not_null: boolean;
  default_value: string | null;
  comment: string | null;
}
interface ConstraintRow {
  oid: string;
  name: string;
  contype: 'p' | 'f';
  columns: string[];
  target_schema: string | null;
  target_table: string | null;
  target_columns: string[] | null;
}
interface IndexRow {
  oid: string;
  name: string;
  unique: boolean;
  primary: boolean;
  columns: string[];
}

/**
 * Reads pg_catalog in five queries whatever the number of tables: schemas, relations (with comments and
 * `reltuples` estimates), columns, primary/foreign keys, indexes. Partitions are folded into their parent.
 * `defaultSchemas` (the connection's `schemas`) applies when `options.schemas` is not given.
 */
export const introspectPostgresql: Introspector<readonly string[] | undefined> = async (
  catalogQuery,
  options,
  defaultSchemas,
) => {
  const query = typedQuery(catalogQuery);
  const wanted = options.schemas?.length ? options.schemas : defaultSchemas?.length ? defaultSchemas : undefined;
  const [catalog] = await query<{ database: string; schemas: string[] }>(
    `SELECT current_database() AS database,
            ARRAY(SELECT n.nspname::text FROM pg_namespace n WHERE ${SYSTEM_SCHEMA_FILTER} AND ($1::text[] IS NULL OR n.nspname = ANY($1::text[])) ORDER BY 1) AS schemas`,
    [wanted ?? null],
  );
  const { database, schemas } = catalog!;
  if (schemas.length === 0)
    return { engine: 'postgresql', database, schemas, tables: [], introspectedAt: new Date().toISOString() };

  // relkind: r table, p partitioned table, v view, m materialized view, f foreign table. A partitioned
  // table's estimate is the sum of its partitions' (-1, unknown, when one was never analyzed).
  const relations = (
    await query<RelationRow>(
      `SELECT c.oid::text AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind,
              CASE WHEN c.relkind <> 'p' THEN c.reltuples
                   ELSE (SELECT CASE WHEN bool_or(ch.reltuples < 0) THEN -1 ELSE coalesce(sum(ch.reltuples), 0) END
                           FROM pg_inherits i JOIN pg_class ch ON ch.oid = i.inhrelid WHERE i.inhparent = c.oid) END::float8 AS reltuples,
              CASE WHEN c.relkind IN ('r', 'm') THEN pg_relation_size(c.oid)
                   WHEN c.relkind = 'p' THEN (SELECT coalesce(sum(pg_relation_size(i.inhrelid)), 0) FROM pg_inherits i WHERE i.inhparent = c.oid) END AS bytes,
              has_table_privilege(c.oid, 'SELECT') AS readable, obj_description(c.oid, 'pg_class') AS comment
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
          -- A materialized view created WITH NO DATA cannot be read until refreshed: leave it out.
          AND (c.relkind <> 'm' OR c.relispopulated) AND n.nspname = ANY($1::text[])
        ORDER BY n.nspname, c.relname`,
      [schemas],
    )
  ).filter((r) => matchesTableFilter(r, options.tables));
  if (relations.length === 0)
    return { engine: 'postgresql', database, schemas, tables: [], introspectedAt: new Date().toISOString() };
  const oids = relations.map((r) => r.oid);

  const columns = await query<ColumnRow>(
    `SELECT a.attrelid::text AS oid, a.attname AS name, a.attnum::int AS ordinal,
            format_type(a.atttypid, a.atttypmod) AS formatted, t.typtype::text AS typtype,
            CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS base_type,
            a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default_value,
            col_description(a.attrelid, a.attnum) AS comment
       FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attrelid, a.attnum`,
    [oids],
  );
  const constraints = await query<ConstraintRow>(
    `SELECT con.conrelid::text AS oid, con.conname AS name, con.contype::text AS contype,
            ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
            fn.nspname AS target_schema, fc.relname AS target_table,
            ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS target_columns
       FROM pg_constraint con
       LEFT JOIN pg_class fc ON fc.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
      WHERE con.conrelid = ANY($1::oid[]) AND con.contype IN ('p', 'f')
      ORDER BY con.conrelid, con.conname`,
    [oids],
  );
  // indkey is an int2vector (0-based); attnum 0 marks an expression, rendered by pg_get_indexdef.
  const indexes = await query<IndexRow>(
    `SELECT ix.indrelid::text AS oid, ic.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
            ARRAY(SELECT COALESCE(a.attname::text, pg_get_indexdef(ix.indexrelid, k, true))
                    FROM generate_series(1, ix.indnkeyatts::int) k
                    LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k - 1] AND a.attnum > 0
                   ORDER BY k) AS columns
       FROM pg_index ix JOIN pg_class ic ON ic.oid = ix.indexrelid
      WHERE ix.indrelid = ANY($1::oid[])
      ORDER BY ix.indrelid, ic.relname`,
    [oids],
  );
  const exactCounts = await countUnanalyzed(catalogQuery, relations);
  // pg_stats is only trusted when few rows changed since the last ANALYZE (≤ 10 %, or 1,000 rows).
  const stats = await query<{ oid: string; name: string; null_frac: number; n_distinct: number; reltuples: number }>(
    `SELECT c.oid::text AS oid, s.attname::text AS name, s.null_frac::float8 AS null_frac, s.n_distinct::float8 AS n_distinct, c.reltuples::float8 AS reltuples
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname AND NOT s.inherited
       LEFT JOIN pg_stat_user_tables u ON u.relid = c.oid
      WHERE c.oid = ANY($1::oid[]) AND c.reltuples > 0
        AND (u.relid IS NULL OR u.n_mod_since_analyze <= greatest(1000, 0.1 * c.reltuples))`,
    [oids],
  );

  // Group once by table: filtering every list per table is quadratic in the number of tables.
  const byOid = <T extends { oid: string }>(rows: T[]): Map<string, T[]> => {
    const map = new Map<string, T[]>();
    for (const row of rows) map.set(row.oid, [...(map.get(row.oid) ?? []), row]);
    return map;
  };
  const columnsOf = byOid(columns);
  const constraintsOf = byOid(constraints);
  const indexesOf = byOid(indexes);
  const statsOf = byOid(stats);
  const tables = relations.map((relation): TableInfo => {
    const own = <T>(map: Map<string, T[]>): T[] => map.get(relation.oid) ?? [];
    const keys = own(constraintsOf);
    const table: TableInfo = {
      schema: relation.schema,
      name: relation.name,
      kind: relation.relkind === 'v' || relation.relkind === 'm' ? 'view' : 'table',
      columns: own(columnsOf).map((c, i) => toColumn(c, i + 1)),
      primaryKey: keys.find((k) => k.contype === 'p')?.columns ?? [],
      foreignKeys: keys
        .filter((k) => k.contype === 'f')
        .map((k) => ({
          name: k.name,
          columns: k.columns,
          targetSchema: k.target_schema ?? undefined,
          targetTable: k.target_table ?? '',
          targetColumns: k.target_columns ?? [],
        })),
      indexes: own(indexesOf).map((ix) => ({
        name: ix.name,
        columns: ix.columns,
        unique: ix.unique,
        primary: ix.primary,
      })),
    };
    if (relation.comment) table.comment = relation.comment;
    const fresh = own(statsOf);
    if (fresh.length) {
      // n_distinct < 0 is a fraction of the row count (-1: unique).
      table.columnStats = Object.fromEntries(
        fresh.map((st) => [
          st.name,
          {
            nullFraction: st.null_frac,
            distinctCount: Math.round(st.n_distinct >= 0 ? st.n_distinct : -st.n_distinct * st.reltuples),
          },
        ]),
      );
    }
    const estimate = rowEstimate(relation, exactCounts);
    if (estimate !== undefined) table.rowEstimate = estimate;
    return table;
  });
  return { engine: 'postgresql', database, schemas, tables, introspectedAt: new Date().toISOString() };
};

function toColumn(row: ColumnRow, ordinal: number): ColumnInfo {
  const column: ColumnInfo = {
    name: row.name,
    dataType: row.formatted,
    canonicalType: mapPostgresColumnType({ formatted: row.formatted, typtype: row.typtype, baseType: row.base_type }),
    nullable: !row.not_null,
    // Dense 1-based position: attnum keeps gaps where columns were dropped.
    ordinal,
  };
  if (row.comment) column.comment = row.comment;
  if (row.default_value !== null) column.defaultValue = row.default_value;
  return column;
}

/**
 * `reltuples` is -1 (PostgreSQL 14+) for a table never vacuumed or analyzed, and 0 with relpages 0 on
 * older servers. Views have no estimate.
 */
function rowEstimate(relation: RelationRow, exactCounts: Map<string, number>): number | undefined {
  const exact = exactCounts.get(relation.oid);
  if (exact !== undefined) return exact;
  if (relation.relkind === 'v' || relation.reltuples === null || relation.reltuples < 0) return undefined;
  return Math.round(relation.reltuples);
}

/**
 * One UNION ALL of exact counts for small readable tables the server has no statistics for yet. Runs
 * last, so that a failure (a lock, a timeout) only loses the counts, not the rest of the catalog.
 */
async function countUnanalyzed(catalogQuery: CatalogQuery, relations: RelationRow[]): Promise<Map<string, number>> {
  const query = typedQuery(catalogQuery);
  const small = relations.filter(
    (r) =>
      'rmp'.includes(r.relkind) &&
      r.readable &&
      (r.reltuples ?? -1) < 0 &&
      Number(r.bytes ?? Infinity) <= EXACT_COUNT_MAX_BYTES,
  );
  if (small.length === 0) return new Map();
  const quote = (id: string) => `"${id.replace(/"/g, '""')}"`;
  const sql = small
    .map((r, i) => `SELECT ${i} AS i, count(*)::float8 AS n FROM ${quote(r.schema)}.${quote(r.name)}`)
    .join(' UNION ALL ');
  const rows = await query<{ i: number; n: number }>(sql).catch(() => []);
  return new Map(rows.map((row) => [small[row.i]!.oid, Number(row.n)]));
}
