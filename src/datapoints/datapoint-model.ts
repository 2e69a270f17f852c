import { z } from 'zod';
import { CANONICAL_TYPES } from '../connectors/canonical-type.js';

const slug = z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'must be a lower-case slug (letters, digits, "_", "-", ".")');
const confidence = z.number().min(0).max(1);

const common = {
  id: slug,
  name: z.string().min(1),
  connection: z.string().min(1),
  owner: z.string().optional(),
  tags: z.array(z.string()).default([]),
  description: z.string().default(''),
  source: z.enum(['manual', 'auto_generated']).default('manual'),
  confidence: confidence.optional(),
  status: z.enum(['pending', 'approved']).optional(),
  generated_by: z.string().optional(),
  /**
   * Fingerprints of what the generator last wrote, by field path (docs/datapoint-ownership.md): a field
   * whose value no longer matches its fingerprint was changed by a person and is never regenerated.
   */
  generated: z.record(z.string(), z.string()).optional(),
};

/**
 * Where each statistic comes from (docs/profiling-statistics.md): `exact` counted over every row; `key`
 * a single-column primary key or unique index (distinct = rows); `catalog` the database's own statistics
 * (PostgreSQL pg_stats); `estimate:duj1` scaled from a sample by the Haas–Stokes estimator; `index` read
 * from an index (exact); `declared` a NOT NULL column (no nulls); `sample` seen in the sample only.
 */
export const DISTINCT_BASES = ['exact', 'key', 'catalog', 'estimate:duj1', 'sample'] as const;
export const MIN_MAX_BASES = ['exact', 'index', 'sample'] as const;
export const NULLS_BASES = ['exact', 'declared', 'catalog', 'sample'] as const;
export const COUNT_BASES = ['exact', 'sample'] as const;

export const statsBasisSchema = z.strictObject({
  distinct: z.enum(DISTINCT_BASES).optional(),
  nulls: z.enum(NULLS_BASES).optional(),
  min_max: z.enum(MIN_MAX_BASES).optional(),
  avg: z.enum(COUNT_BASES).optional(),
  top_values: z.enum(COUNT_BASES).optional(),
});
export type StatsBasis = z.infer<typeof statsBasisSchema>;
export type DistinctBasis = (typeof DISTINCT_BASES)[number];

export const columnStatsSchema = z.strictObject({
  null_fraction: z.number().min(0).max(1).optional(),
  distinct_count: z.number().int().min(0).optional(),
  min: z.union([z.string(), z.number(), z.boolean()]).nullable().optional(),
  max: z.union([z.string(), z.number(), z.boolean()]).nullable().optional(),
  avg: z.number().nullable().optional(),
  sample_values: z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])).default([]),
  patterns: z.array(z.string()).default([]),
  /** Provenance of the figures above; absent on DataPoints written before it existed (read as unknown). */
  basis: statsBasisSchema.optional(),
  /** Rows of the sample the `sample`-based figures were seen in (absent when the whole table was read). */
  sample_rows: z.number().int().min(0).optional(),
});

export const schemaColumnSchema = z.strictObject({
  name: z.string().min(1),
  type: z.string().min(1),
  canonical_type: z.enum(CANONICAL_TYPES).optional(),
  nullable: z.boolean().default(true),
  meaning: z.string().default(''),
  pii: z.boolean().optional(),
  stats: columnStatsSchema.optional(),
});

export const relationshipSchema = z.strictObject({
  columns: z.array(z.string()).min(1),
  target_table: z.string().min(1),
  target_columns: z.array(z.string()).min(1),
  cardinality: z.enum(['1:1', '1:N', 'N:1', 'N:M']).default('N:1'),
  kind: z.enum(['foreign_key', 'naming', 'value_overlap']).default('foreign_key'),
  confidence: confidence.default(1),
});

export const schemaDataPointSchema = z.strictObject({
  ...common,
  type: z.literal('Schema'),
  table: z.string().min(1),
  schema: z.string().optional(),
  kind: z.enum(['table', 'view']).default('table'),
  purpose: z.string().default(''),
  row_count: z.number().int().min(0).optional(),
  columns: z.array(schemaColumnSchema).default([]),
  primary_key: z.array(z.string()).default([]),
  relationships: z.array(relationshipSchema).default([]),
  common_queries: z.array(z.string()).default([]),
  gotchas: z.array(z.string()).default([]),
  freshness: z.string().optional(),
});

export const businessDataPointSchema = z.strictObject({
  ...common,
  type: z.literal('Business'),
  expression: z.string().min(1),
  table: z.string().min(1),
  filters: z.array(z.string()).default([]),
  time_column: z.string().optional(),
  dimensions: z.array(z.string()).default([]),
  synonyms: z.array(z.string()).default([]),
  unit: z.string().optional(),
  aggregation: z.enum(['SUM', 'AVG', 'COUNT', 'COUNT_DISTINCT', 'MIN', 'MAX', 'CUSTOM']),
  business_rules: z.array(z.string()).default([]),
});

export const processDataPointSchema = z.strictObject({
  ...common,
  type: z.literal('Process'),
  schedule: z.string().default(''),
  data_freshness: z.string().default(''),
  target_tables: z.array(z.string()).default([]),
  dependencies: z.array(z.string()).default([]),
  sla: z.string().optional(),
});

export const queryParameterSchema = z.strictObject({
  name: z.string().regex(/^[a-z_][a-z0-9_]*$/i),
  type: z.enum(['string', 'integer', 'number', 'boolean', 'date']),
  description: z.string().optional(),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  required: z.boolean().default(true),
});

export const queryDataPointSchema = z.strictObject({
  ...common,
  type: z.literal('Query'),
  sql: z.string().min(1),
  parameters: z.array(queryParameterSchema).default([]),
  dialect_variants: z.record(z.string(), z.string()).optional(),
});

export const dataPointSchema = z.discriminatedUnion('type', [
  schemaDataPointSchema,
  businessDataPointSchema,
  processDataPointSchema,
  queryDataPointSchema,
]);

export type DataPoint = z.infer<typeof dataPointSchema>;
export type DataPointInput = z.input<typeof dataPointSchema>;
export type SchemaDataPoint = z.infer<typeof schemaDataPointSchema>;
export type BusinessDataPoint = z.infer<typeof businessDataPointSchema>;
export type ProcessDataPoint = z.infer<typeof processDataPointSchema>;
export type QueryDataPoint = z.infer<typeof queryDataPointSchema>;
export type SchemaColumn = z.infer<typeof schemaColumnSchema>;
export type Relationship = z.infer<typeof relationshipSchema>;
export type DataPointType = DataPoint['type'];

export const DATAPOINT_TYPES: readonly DataPointType[] = ['Schema', 'Business', 'Process', 'Query'];

/** Folder name of each type under `datapoints/<connection>/`. */
export const TYPE_FOLDERS: Record<DataPointType, string> = {
  Schema: 'schema',
  Business: 'business',
  Process: 'process',
  Query: 'query',
};
