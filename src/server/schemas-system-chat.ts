import { z } from 'zod';
import { count, id } from './schemas-common.js';
import { engineTypeSchema } from './schemas-databases.js';

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
