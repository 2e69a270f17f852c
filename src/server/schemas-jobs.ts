import { z } from 'zod';
import { count, errorBodySchema } from './schemas-common.js';
import { generateResultSchema, profileResultSchema, syncProfileResultSchema } from './schemas-datapoints.js';
import { initializeResultSchema } from './schemas-system-chat.js';

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
