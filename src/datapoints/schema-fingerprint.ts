import type { DataPoint, SchemaDataPoint } from './datapoint-model.js';
import { fingerprint } from './field-fingerprint.js';

/**
 * Fingerprint of a table's structure (column names, types, nullability, primary key) from its Schema
 * DataPoint: statistics and descriptions are left out, so it changes only when the schema does.
 */
export function tableSchemaFingerprint(schema: SchemaDataPoint): string {
  const structure = {
    columns: schema.columns.map((c) => [c.name, c.type, c.nullable]),
    primary_key: schema.primary_key,
  };
  return fingerprint(structure) ?? '';
}

/** The Schema DataPoints of a connection by table name (and `schema.table` when qualified). */
export function schemasByTable(schemas: readonly SchemaDataPoint[]): Map<string, SchemaDataPoint> {
  const out = new Map<string, SchemaDataPoint>();
  for (const s of schemas) {
    out.set(s.table.toLowerCase(), s);
    if (s.schema) out.set(`${s.schema}.${s.table}`.toLowerCase(), s);
  }
  return out;
}

/**
 * Tables a DataPoint is about: a Schema DataPoint's table, a metric's table plus tables its SQL
 * fragments qualify columns with (`customers.country`), a process's target tables.
 */
export function dataPointTables(dataPoint: DataPoint, known: ReadonlyMap<string, SchemaDataPoint>): string[] {
  const names = new Set<string>();
  if (dataPoint.type === 'Schema') names.add(dataPoint.table);
  if (dataPoint.type === 'Process') dataPoint.target_tables.forEach((t) => void names.add(t));
  if (dataPoint.type === 'Business') {
    names.add(dataPoint.table);
    const { expression, time_column: time = '', dimensions, filters } = dataPoint;
    const fragments = [expression, time, ...dimensions, ...filters];
    for (const fragment of fragments) {
      for (const match of fragment.matchAll(/[`"[]?([A-Za-z_][\w$]*)[`"\]]?\s*\.\s*[`"[]?[A-Za-z_]/g)) {
        if (known.has(match[1]!.toLowerCase())) names.add(match[1]!);
      }
    }
  }
  return [...names].map((n) => n.toLowerCase()).sort();
}

/** `{table: fingerprint}` of the tables a DataPoint is about ('' for a table without a Schema DataPoint). */
export function tableFingerprints(
  dataPoint: DataPoint,
  known: ReadonlyMap<string, SchemaDataPoint>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const table of dataPointTables(dataPoint, known)) {
    const schema = known.get(table);
    out[table] = schema ? tableSchemaFingerprint(schema) : '';
  }
  return out;
}
