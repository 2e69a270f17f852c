import type { TableInfo } from '../connectors/schema-metadata.js';
import type { ColumnProfile, DiscoveredRelationship, TableProfile } from './profile-model.js';
import type { Relationship, SchemaColumn, SchemaDataPoint } from '../datapoints/datapoint-model.js';
import { mergeGenerated } from '../datapoints/field-ownership.js';
import { schemaDataPointsFromMetadata } from '../datapoints/schema-datapoint-builder.js';

/** Sample values kept per column in a DataPoint; all top values (up to 10) of low-cardinality columns, which feed the value index. */
const SAMPLE_VALUES = 5;
const TOP_VALUES = 10;

/**
 * A column's statistics with their provenance (`basis`), and the sample's size when any figure is
 * the sample's own, so readers never take a sample figure for the table's.
 */
function statsOf(column: ColumnProfile, table: TableProfile): NonNullable<SchemaColumn['stats']> {
  const stats: NonNullable<SchemaColumn['stats']> = {
    null_fraction: column.null_percentage,
    distinct_count: column.unique_count,
    sample_values: column.top_values.length
      ? column.top_values.map((t) => t.value).slice(0, TOP_VALUES)
      : column.sample_values.slice(0, SAMPLE_VALUES),
    patterns: column.patterns,
  };
  if (column.min_value !== null && typeof column.min_value !== 'object') stats.min = column.min_value;
  if (column.max_value !== null && typeof column.max_value !== 'object') stats.max = column.max_value;
  if (column.avg_value !== null) stats.avg = column.avg_value;
  if (column.stats_basis) {
    stats.basis = { ...column.stats_basis };
    if (Object.values(column.stats_basis).includes('sample')) stats.sample_rows = table.sampling.rows_profiled;
  }
  return stats;
}

function toRelationship(r: DiscoveredRelationship): Relationship {
  return {
    columns: r.from_columns,
    target_table: r.to_table,
    target_columns: r.to_columns,
    cardinality: r.cardinality === 'N:M' ? 'N:M' : r.cardinality,
    kind: r.kind,
    confidence: r.confidence,
  };
}

/**
 * Merges profiling results into a Schema DataPoint through {@link mergeGenerated}: structure and
 * statistics are measurements and always refresh; the discovered relationships and PII flags are
 * proposals that refresh only while nobody changed them; descriptions (purpose, meanings, common
 * queries, gotchas) are not the profiler's to say and stay as they are.
 */
export function refreshSchemaDataPoint(
  existing: SchemaDataPoint | undefined,
  connection: string,
  table: TableInfo,
  qualify: boolean,
  profile: TableProfile | undefined,
  relationships: readonly DiscoveredRelationship[],
): SchemaDataPoint {
  const fresh = schemaDataPointsFromMetadata(connection, {
    engine: 'sqlite',
    schemas: [],
    tables: [table],
    introspectedAt: '',
  })[0]!;
  if (qualify && table.schema) {
    fresh.id = `${table.schema}.${table.name}`.toLowerCase().replace(/[^a-z0-9_.-]+/g, '_');
    fresh.schema = table.schema;
  }
  const oldColumns = new Map((existing?.columns ?? []).map((c) => [c.name, c]));
  const profiled = new Map((profile?.columns ?? []).map((c) => [c.name, c]));
  const proposal: SchemaDataPoint = {
    ...fresh,
    columns: fresh.columns.map((column) => {
      const p = profiled.get(column.name);
      const stats = p && profile ? statsOf(p, profile) : oldColumns.get(column.name)?.stats;
      const { pii: _pii, ...rest } = column;
      return { ...rest, ...(stats ? { stats } : {}), ...(p?.pii ? { pii: true } : {}) };
    }),
    relationships: relationships.filter((r) => r.from_table === table.name).map(toRelationship),
  };
  if (profile) proposal.row_count = profile.row_count;
  else if (fresh.row_count === undefined && existing?.row_count !== undefined) proposal.row_count = existing.row_count;
  // Without a profile of a column the profiler has no opinion on its PII flag.
  const speaksFor = (path: string): boolean =>
    path === 'relationships' || (path.endsWith('.pii') && profiled.has(path.slice('columns.'.length, -'.pii'.length)));
  return mergeGenerated(existing, proposal, { speaksFor }).dataPoint as SchemaDataPoint;
}
