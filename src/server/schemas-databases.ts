import { z } from 'zod';
import { ENGINE_TYPES } from '../connectors/engine-type.js';
import { count, id, queryBoolean } from './schemas-common.js';

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

// ─── engines ───────────────────────────────────────────────────────────────
export const engineSchema = z.object({
  id: engineTypeSchema,
  label: z.string(),
  url_schemes: z.array(z.string()).describe('URL schemes of the engine (`postgresql`, `postgres`)'),
  fields: z
    .array(
      z.object({
        key: z.string(),
        label: z.string(),
        description: z.string().nullable(),
        secret: z.boolean().describe('masked in forms; stored encrypted, never in .datachat.yml'),
        kind: z.enum(['text', 'number', 'boolean', 'choice', 'list']),
        choices: z.array(z.string()),
      }),
    )
    .describe("the fields of the engine's connection config schema, in order"),
});
