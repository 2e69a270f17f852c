import { z } from 'zod';

// Helpers and schemas every route group shares (see schemas.ts).
export const id = z.string().min(1).max(200);
export const count = z.int().min(0);
/** A boolean in a query string: `true`/`false` (also `1`/`0`). */
export const queryBoolean = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

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
