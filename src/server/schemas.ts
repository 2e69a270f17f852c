import { z } from 'zod';
import { ENGINE_TYPES } from '../connectors/engine-type.js';
import {
  businessDataPointSchema,
  DATAPOINT_TYPES,
  dataPointSchema,
  processDataPointSchema,
  schemaDataPointSchema,
} from '../datapoints/datapoint-model.js';

/**
 * Request and response schemas of the REST API (the contract of docs/rest-api.md). Requests are
 * validated with them (route.ts); the OpenAPI document is generated from them (openapi.ts); the
 * integration tests parse every response with them. Request bodies are strict: an unknown field is a
 * 400 naming it, so a typo never silently does nothing.
 */

const id = z.string().min(1).max(200);
const count = z.int().min(0);
/** A boolean in a query string: `true`/`false` (also `1`/`0`). */
const queryBoolean = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

// ─── common ────────────────────────────────────────────────────────────────
export const errorBodySchema = z.object({
  error: z
    .string()
    .describe(
      'stable error code: validation_error, not_found, unauthorized, datapoint_invalid, sql_rejected, llm_required, ...',
    ),
  message: z.string(),
  hint: z.string().optional(),
  field: z.string().optional().describe('the offending request field, e.g. `sample_size` or `columns[0].name`'),
  in: z.enum(['body', 'query', 'path']).optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export const notInitializedSchema = z.object({
  error: z.literal('system_not_initialized'),
  message: z.string(),
  setup_url: z.string(),
  documentation: z.string(),
});

export const waitQuery = z.object({
  wait: queryBoolean
    .optional()
    .describe('true: run to completion and return the synchronous result instead of 202 and a job'),
});

export const jobAcceptedSchema = z.object({ job_id: z.string(), status: z.literal('running'), status_url: z.string() });

export const jobViewSchema = z.object({
  job_id: z.string(),
  kind: z.enum(['profile', 'generate', 'initialize', 'sync']),
  status: z
    .enum(['running', 'completed', 'failed', 'interrupted'])
    .describe('interrupted: the server stopped while the job ran (see `error`)'),
  progress: z.object({ message: z.string(), steps_done: count, updated_at: z.string() }),
  created_at: z.string(),
  finished_at: z.string().nullable(),
  result: z
    .lazy(() => z.union([profileResultSchema, generateResultSchema, initializeResultSchema, syncProfileResultSchema]))
    .optional()
    .describe('what the endpoint answers with `?wait=true`, once completed (by `kind`)'),
  error: errorBodySchema.extend({ status: z.int() }).optional(),
});

export const jobParams = z.object({ job_id: id });

export const healthSchema = z.object({ status: z.literal('ok'), version: z.string(), uptime_s: z.number() });

export const syncResultSchema = z.object({
  added: count,
  updated: count,
  removed: count,
  unchanged: count,
  total: count,
  up_to_date: z.boolean(),
  elapsed_ms: z.number(),
});

// ─── databases ─────────────────────────────────────────────────────────────
export const engineTypeSchema = z.enum(ENGINE_TYPES);

export const connectionParams = z.object({ connection_id: id });

export const createDatabaseBody = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1)
    .max(63)
    .describe('display name; the connection id is derived from it (`Production Analytics` → `production_analytics`)'),
  database_url: z
    .string()
    .min(1)
    .describe(
      'a password in it is stored encrypted in .datachat/secrets.json, never in .datachat.yml, and never returned',
    ),
  database_type: engineTypeSchema.optional().describe('default: from the URL scheme'),
  tags: z.array(z.string().min(1)).default([]),
  description: z.string().optional(),
  is_default: z.boolean().optional().describe('default: true for the first connection'),
});

export const connectionViewSchema = z.object({
  connection_id: z.string(),
  name: z.string(),
  database_type: engineTypeSchema,
  database_url: z.string().nullable().describe('password replaced by ***'),
  is_active: z.boolean(),
  is_default: z.boolean(),
  tags: z.array(z.string()),
  description: z.string().nullable(),
  datapoint_count: count,
  created_at: z
    .string()
    .nullable()
    .describe('when the connection was added (ISO 8601); null for connections added before datachat recorded it'),
  last_profiled: z.string().nullable(),
});

export const listDatabasesQuery = z.object({
  tags: z
    .string()
    .optional()
    .describe('comma-separated tags: only connections having every one of them (`tags=prod,eu`)'),
  active_only: queryBoolean.optional().describe('true: only connections with `is_active: true` (default: all)'),
});

export const connectionTestSchema = z.object({
  connection_id: z.string(),
  ok: z.boolean(),
  latency_ms: z.number(),
  server_version: z.string().optional(),
  message: z.string().optional(),
  /** What the role may do beyond reading (see PrivilegeReport); advice, never a failure. */
  privileges: z
    .object({
      role: z.string().optional(),
      status: z.enum(['checked', 'unknown']),
      findings: z.array(
        z.object({
          risk: z.enum(['superuser', 'write', 'server_files']),
          severity: z.enum(['warning', 'info']).optional(),
          detail: z.string(),
        }),
      ),
      note: z.string().optional(),
    })
    .optional(),
  warnings: z.array(z.string()).optional().describe('superuser, write or server-file privileges of the role, one line'),
});

export const deletedDatabaseSchema = z.object({ connection_id: z.string(), deleted: z.literal(true) });

export const profileBody = z
  .strictObject({
    sample_size: z
      .int()
      .min(1)
      .max(10_000_000)
      .optional()
      .describe('rows sampled per table (default: by table size, docs/datapoint-model.md#profiles)'),
    tables: z.array(z.string().min(1)).optional().describe('only these tables'),
    generate_datapoints: z.boolean().default(false).describe('generate DataPoints from the new profile afterwards'),
    auto_approve: z
      .boolean()
      .default(false)
      .describe('with generate_datapoints: approve instead of leaving them pending'),
    offline: z.boolean().default(false).describe('with generate_datapoints: heuristics only, no LLM'),
  })
  .default({ generate_datapoints: false, auto_approve: false, offline: false });

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

// ─── system ────────────────────────────────────────────────────────────────
export const initStatusSchema = z.object({
  is_initialized: z.boolean(),
  has_databases: z.boolean(),
  has_datapoints: z.boolean(),
  setup_required: z.boolean(),
  missing_steps: z.array(
    z.enum(['add_database_connection', 'profile_schema', 'generate_datapoints', 'review_datapoints', 'sync_knowledge']),
  ),
  next_commands: z.array(z.string()),
  project_dir: z.string(),
  datapoint_count: count,
  connections: z.array(z.string()),
  connections_not_ready: z
    .array(z.string())
    .describe('active connections without approved DataPoints, or whose generated DataPoints all wait in review'),
  pending_review: count.describe('generated DataPoints waiting for review'),
});

export const initializeBody = z.strictObject({
  databases: z
    .array(
      z.strictObject({
        name: z.string().trim().min(1).max(63),
        database_url: z.string().min(1),
        database_type: engineTypeSchema.optional(),
      }),
    )
    .default([]),
  sample: z.boolean().default(false).describe('create and add the generated e-commerce sample database'),
  auto_profile: z.boolean().default(true),
  auto_generate_datapoints: z.boolean().default(true),
  auto_approve_datapoints: z.boolean().default(false).describe('false: generated DataPoints wait for review'),
  offline: z.boolean().default(false).describe('generate with heuristics only'),
});

export const initializeResultSchema = z.object({
  status: z.literal('completed'),
  databases_added: count,
  datapoints_generated: count,
  pending_review: count,
  next_step: z.string().describe('review_datapoints when DataPoints wait for review, else ask_questions'),
});

// ─── chat ──────────────────────────────────────────────────────────────────
export const chatBody = z.strictObject({
  message: z.string().trim().min(1).max(4000),
  conversation_id: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('continue a conversation (follow-ups such as "and by month?")'),
  target_database: id.optional().describe('ask this connection'),
  cross_database: z.boolean().default(false).describe('ask every connection and merge the rows'),
});

const answerPart = z.object({
  answer: z.string(),
  sql: z.string().nullable(),
  columns: z.array(z.string()),
  data: z.array(z.record(z.string(), z.unknown())),
  database_used: z.string(),
  method: z.enum(['catalog', 'metric', 'template', 'llm']),
  sources: z.array(z.string()),
  metrics: z.object({ latency_ms: z.number(), llm_calls: count, prompt_tokens: count, completion_tokens: count }),
  truncated: z.boolean(),
  truncated_by: z
    .enum(['rows', 'bytes'])
    .optional()
    .describe('which cap stopped the result (max_rows or max_result_bytes)'),
  grains: z
    .record(z.string(), z.enum(['day', 'week', 'month', 'quarter', 'year']))
    .optional()
    .describe('time-bucket columns and their grain; their values are labelled by it (2024-03, 2024-Q1, 2024-W09)'),
});

export const answerSchema = answerPart.extend({
  routing: z.object({
    targets: z.array(z.string()),
    reason: z.string(),
    confidence: z.number(),
    margin: z.number().optional().describe('relevance lead of the chosen database over the runner-up'),
    method: z.enum(['explicit', 'conversation', 'relevance', 'default', 'only']),
  }),
  conversation_id: z.string(),
  parts: z.array(answerPart).optional(),
  failures: z.array(z.object({ database: z.string(), error: z.string(), message: z.string() })).optional(),
});

/** Names of the shared schemas in the OpenAPI document's components. */
export const COMPONENT_NAMES = new Map<z.ZodType, string>([
  [errorBodySchema, 'Error'],
  [notInitializedSchema, 'SystemNotInitialized'],
  [jobAcceptedSchema, 'JobAccepted'],
  [jobViewSchema, 'Job'],
  [syncResultSchema, 'SyncResult'],
  [connectionViewSchema, 'DatabaseConnection'],
  [generateResultSchema, 'GenerateResult'],
  [profileResultSchema, 'ProfileResult'],
  [databaseProfileSchema, 'DatabaseProfile'],
  [pendingItemSchema, 'PendingDataPoint'],
  [reviewResultSchema, 'ReviewResult'],
  [dataPointSchema, 'DataPoint'],
  [dataPointChangeSchema, 'DataPointChange'],
  [initStatusSchema, 'InitStatus'],
  [initializeResultSchema, 'InitializeResult'],
  [answerSchema, 'Answer'],
]);
