import type { SchemaMetadata, TableInfo } from '../connectors/schema-metadata.js';
import type { Relationship, SchemaDataPoint } from './datapoint-model.js';

/** A DataPoint id for a table: lower-case slug, schema-qualified only when the database has several schemas. */
export function tableDataPointId(table: Pick<TableInfo, 'schema' | 'name'>, qualify: boolean): string {
  const raw = qualify && table.schema ? `${table.schema}.${table.name}` : table.name;
  const slug = raw
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '_')
    .replace(/^[^a-z0-9]+/, '');
  return slug || 'table';
}

function relationshipsOf(table: TableInfo): Relationship[] {
  const uniqueSets = [table.primaryKey, ...table.indexes.filter((i) => i.unique).map((i) => i.columns)].filter(
    (s) => s.length,
  );
  return table.foreignKeys.map((fk) => {
    const unique = uniqueSets.some(
      (set) => set.length === fk.columns.length && set.every((c) => fk.columns.includes(c)),
    );
    return {
      columns: fk.columns,
      target_table: fk.targetTable,
      target_columns: fk.targetColumns,
      cardinality: unique ? '1:1' : 'N:1',
      kind: 'foreign_key',
      confidence: 1,
    };
  });
}

/**
 * Schema DataPoints straight from introspection (no profiling, no LLM): structure, keys and declared
 * relationships. Profiling and generation enrich them later.
 */
export function schemaDataPointsFromMetadata(connection: string, metadata: SchemaMetadata): SchemaDataPoint[] {
  const schemas = new Set(metadata.tables.map((t) => t.schema ?? ''));
  const qualify = schemas.size > 1;
  return metadata.tables.map((table) => {
    const dataPoint: SchemaDataPoint = {
      type: 'Schema',
      id: tableDataPointId(table, qualify),
      name: table.name,
      connection,
      table: table.name,
      kind: table.kind,
      description: table.comment ?? '',
      purpose: '',
      columns: table.columns.map((c) => ({
        name: c.name,
        type: c.dataType || c.canonicalType,
        canonical_type: c.canonicalType,
        nullable: c.nullable,
        meaning: c.comment ?? '',
      })),
      primary_key: table.primaryKey,
      relationships: relationshipsOf(table),
      common_queries: [],
      gotchas: [],
      tags: [],
      source: 'auto_generated',
      generated_by: 'introspection',
      confidence: 1,
    };
    if (table.schema && qualify) dataPoint.schema = table.schema;
    if (table.rowEstimate !== undefined && table.rowEstimate >= 0) dataPoint.row_count = Math.round(table.rowEstimate);
    return dataPoint;
  });
}
