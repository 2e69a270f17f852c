import { z } from 'zod';
import {
  businessDataPointSchema,
  DATAPOINT_TYPES,
  dataPointSchema,
  processDataPointSchema,
  schemaDataPointSchema,
} from '../datapoints/datapoint-model.js';
import { count, id, syncResultSchema } from './schemas-common.js';

// ─── datapoints ────────────────────────────────────────────────────────────
export const generateBody = z.strictObject({
  connection_id: id.optional().describe('default: the default connection'),
  tables: z.array(z.string().min(1)).optional(),
  auto_approve: z.boolean().default(false).describe('true: write to datapoints/ and sync; false: leave for review'),
  offline: z.boolean().default(false).describe('heuristics only, even when an LLM is configured'),
});

export const generateResultSchema = z.object({
  connection_id: z.string(),
  generated_at: z.string().describe('ISO 8601'),
  method: z.enum(['heuristic', 'llm']),
  llm_model_used: z.string(),
  schema_datapoints: z
    .array(schemaDataPointSchema)
    .describe('as merged with the approved files (what was written or awaits review)'),
  business_datapoints: z.array(businessDataPointSchema),
  process_datapoints: z.array(processDataPointSchema),
  confidence_scores: z.record(z.string(), z.number()).describe('`<connection>/<id>` → confidence (0..1)'),
  counts: z.object({ schema: count, business: count, process: count }).describe('sizes of the three lists'),
  written: count,
  pending: count,
  unchanged: count,
  dropped: z.array(z.object({ id: z.string(), error: z.string() })),
  rejected: count
    .optional()
    .describe('generated but held back: rejected in review, tables unchanged since (datapoints/<conn>/.rejected.yaml)'),
  changes: z.array(
    z.object({
      key: z.string(),
      type: z.enum(DATAPOINT_TYPES),
      change: z.enum(['added', 'changed', 'unchanged', 'rejected']),
      file: z.string(),
      kept: z
        .array(
          z.object({
            path: z.string(),
            current: z.unknown().optional(),
            overrides: z.boolean(),
            proposed: z.unknown().optional(),
          }),
        )
        .optional()
        .describe(
          'fields kept because a person owns them; `overrides`: generation proposes something else (`proposed`)',
        ),
      manual: z.boolean().optional(),
      schema_changed_since_rejection: z.array(z.string()).optional(),
    }),
  ),
  usage: z.object({ calls: count, prompt_tokens: count, completion_tokens: count }),
});

const profileValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * The DatabaseProfile of docs/rest-api.md (`.datachat/profiles/<conn>.json`). Tables and columns are open
 * (`.loose()`): the profiler may add statistics fields there (additive, see the versioning note).
 */
export const databaseProfileSchema = z.object({
  connection_id: z.string(),
  engine: z.string(),
  profiled_at: z.string(),
  table_count: count,
  total_rows: z.number(),
  tables: z.array(
    z
      .object({
        table_name: z.string(),
        schema: z.string(),
        row_count: z.number(),
        column_count: count,
        columns: z.array(
          z
            .object({
              name: z.string(),
              data_type: z.string(),
              is_nullable: z.boolean(),
              null_percentage: z.number(),
              unique_count: z.number(),
              sample_values: z.array(profileValue),
              min_value: profileValue,
              max_value: profileValue,
              avg_value: z.number().nullable(),
              patterns: z.array(z.string()),
            })
            .loose(),
        ),
        sample_data: z.array(z.record(z.string(), profileValue)),
        primary_keys: z.array(z.string()),
        foreign_keys: z.array(
          z.object({
            name: z.string().optional(),
            columns: z.array(z.string()),
            target_schema: z.string().optional(),
            target_table: z.string(),
            target_columns: z.array(z.string()),
          }),
        ),
        indexes: z.array(
          z.object({ name: z.string(), columns: z.array(z.string()), unique: z.boolean(), primary: z.boolean() }),
        ),
      })
      .loose(),
  ),
  relationships: z.array(
    z
      .object({
        from_table: z.string(),
        from_columns: z.array(z.string()),
        to_table: z.string(),
        to_columns: z.array(z.string()),
        cardinality: z.string(),
        kind: z.string(),
        confidence: z.number(),
      })
      .loose(),
  ),
  insights: z.record(z.string(), z.unknown()),
  summary: z.record(z.string(), z.number()),
  failures: z.array(z.object({ table: z.string(), error: z.string() })),
  skipped: z.array(z.string()),
});

export const profileResultSchema = z.object({
  connection_id: z.string(),
  profiled_at: z.string(),
  table_count: count,
  total_rows: z.number(),
  tables_profiled: count,
  tables_failed: count,
  relationships: count,
  datapoints_updated: count,
  datapoints_unchanged: count,
  generation: generateResultSchema.nullable(),
  profile: databaseProfileSchema.describe('the full profile (also GET /databases/{id}/profile)'),
});

export const pendingItemSchema = z.object({
  id: z
    .string()
    .describe(
      '`<connection>/<id>`: what approve and reject take (URL-encode the slash, or use the bare id when unambiguous)',
    ),
  datapoint: dataPointSchema,
  confidence: z.number().nullable(),
  source: z.enum(['manual', 'auto_generated']),
  status: z.literal('pending_review'),
  type: z.enum(DATAPOINT_TYPES),
  name: z.string(),
  connection: z.string(),
  replaces_approved: z.boolean(),
  file: z.string(),
  approved_file: z.string(),
  diff: z.string().describe('unified diff from the approved YAML (or nothing) to the pending one'),
  yaml: z
    .string()
    .describe('the pending DataPoint as YAML (what PUT /datapoints/pending/{connection}/{id} takes back)'),
});

/** Several pending DataPoints at once (one knowledge sync for all). */
export const pendingBatchBody = z.strictObject({
  ids: z
    .array(id)
    .min(1)
    .max(10_000)
    .describe('`<connection>/<id>` keys; all are resolved before any changes, so one unknown key changes nothing'),
  reason: z.string().max(1000).optional().describe('why they were rejected (reject only; kept in .rejected.yaml)'),
});

export const pendingParams = z.object({ id });
/** The natural form of a `<connection>/<id>` key in a path: two segments, nothing to encode. */
export const qualifiedParams = z.object({
  connection: id.describe('the connection of the DataPoint (`sample` in `sample/revenue`)'),
  id: id.describe('the DataPoint id within it'),
});

export const reviewResultSchema = z.object({
  approved: z.array(z.object({ key: z.string(), file: z.string(), replaced: z.boolean() })),
  rejected: z.array(z.object({ key: z.string(), file: z.string() })),
  sync: syncResultSchema.optional(),
});

export const syncBody = z
  .strictObject({
    connection_id: id
      .optional()
      .describe('only this database (database_profile); filesystem syncs always cover every file'),
    source: z
      .enum(['filesystem', 'database_profile'])
      .default('filesystem')
      .describe(
        'filesystem: index the YAML (200); database_profile: re-profile the database(s), refresh Schema DataPoints and sync (a job: 202)',
      ),
  })
  .default({ source: 'filesystem' });

export const syncProfileResultSchema = z.object({ profiles: z.array(profileResultSchema), sync: syncResultSchema });

export const listDataPointsQuery = z.object({ connection_id: id.optional(), type: z.enum(DATAPOINT_TYPES).optional() });

export const dataPointListItemSchema = z.object({
  id: z.string(),
  connection: z.string(),
  type: z.enum(DATAPOINT_TYPES),
  name: z.string(),
  file: z.string(),
  datapoint: dataPointSchema,
});

export const dataPointParams = z.object({ id: id.describe('the DataPoint id, or `<connection>/<id>` URL-encoded') });
export const dataPointRefQuery = z.object({
  connection_id: id.optional().describe('connection of the DataPoint when the id alone is ambiguous'),
});

export const dataPointChangeSchema = z.object({
  key: z.string(),
  file: z.string(),
  datapoint: dataPointSchema,
  sync: syncResultSchema,
});

/** A DataPoint as YAML text: what the web UI's editor sends, validated as the CLI validates a file. */
export const yamlBody = z.strictObject({
  yaml: z
    .string()
    .min(1)
    .describe(
      'the whole DataPoint as YAML; invalid text is a 400 `datapoint_invalid` whose `details.issues` carry `line`, `path` and `message`',
    ),
});

export const dataPointViewSchema = dataPointListItemSchema.extend({
  yaml: z.string().describe('the DataPoint as its YAML file has it (serialized)'),
});

export const pendingEditResultSchema = z.object({
  status: z.enum(['updated', 'unchanged']),
  key: z.string().describe('`<connection>/<id>` afterwards (differs when the id was edited)'),
});

export const searchDataPointsQuery = z.object({
  q: z.string().trim().min(1).max(4000).describe('the question or keywords'),
  connection_id: id.optional().describe('only this connection (default: routed as a question would be)'),
  k: z.coerce.number().int().min(1).max(100).optional().describe('DataPoints returned (default 10)'),
});

export const searchResultSchema = z.object({
  routing: z.object({ targets: z.array(z.string()), reason: z.string(), confidence: z.number(), method: z.string() }),
  datapoints: z.array(
    z.object({
      connection: z.string(),
      id: z.string(),
      type: z.enum(DATAPOINT_TYPES),
      name: z.string(),
      score: z.number().describe('reciprocal-rank-fusion score (higher is better)'),
      bm25_rank: z.int().nullable(),
      vector_rank: z.int().nullable(),
    }),
  ),
  tables: z.array(
    z.object({ connection: z.string(), table: z.string(), score: z.number(), via: z.enum(['hit', 'join_path']) }),
  ),
  elapsed_ms: z.number(),
});
