import { z } from 'zod';
import { ENGINE_TYPES } from '../connectors/engine-type.js';

/** A connection id: used in folder names and CLI arguments, so a safe slug. */
export const connectionIdSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,62}$/,
    'must be lower-case letters, digits, "_" or "-" (max 63), starting with a letter or digit',
  );

export const connectionConfigSchema = z
  .strictObject({
    id: connectionIdSchema,
    name: z.string().min(1).optional(),
    type: z.enum(ENGINE_TYPES),
    /** Connection URL without a password; `${ENV}` references allowed. */
    url: z.string().min(1).optional(),
    /** `secret:<key>` (from .datachat/secrets.json) or `${ENV}`; never a literal password in a committed file. */
    password: z.string().optional(),
    /** Engine-specific fields (host, project, account...), validated by the engine's config schema. */
    fields: z.record(z.string(), z.unknown()).optional(),
    tags: z.array(z.string()).default([]),
    description: z.string().optional(),
    default: z.boolean().optional(),
    active: z.boolean().optional(),
    /** When the connection was added (ISO 8601, written by `db add` / the API); absent on older entries. */
    created_at: z.string().optional(),
    /**
     * User-defined functions (bare or schema-qualified names) the SQL guard lets queries on this connection
     * call besides the engine's built-in allow-list. Default none.
     */
    allowed_functions: z.array(z.string().min(1)).optional(),
  })
  .refine((c) => c.url !== undefined || c.fields !== undefined, { message: 'needs either `url` or `fields`' });

export const llmConfigSchema = z.strictObject({
  /** OpenAI-compatible base URL (OpenAI, Azure, Ollama, vLLM, LM Studio, OpenRouter...). */
  base_url: z.string().url().optional(),
  model: z.string().min(1),
  api_key: z.string().optional(),
  /** Request timeout in milliseconds. */
  timeout_ms: z.number().int().positive().default(60_000),
  max_retries: z.number().int().min(0).max(10).default(3),
  temperature: z.number().min(0).max(2).default(0),
});

export const embeddingsConfigSchema = z.strictObject({
  provider: z.enum(['local', 'openai']).default('local'),
  model: z.string().optional(),
  base_url: z.string().url().optional(),
  api_key: z.string().optional(),
  /** Vector size; the local embedder uses 256. */
  dimensions: z.number().int().min(8).max(4096).default(256),
});

export const defaultsConfigSchema = z.strictObject({
  /** Rows returned at most by any query. */
  max_rows: z.number().int().positive().default(1000),
  /** Statement timeout in milliseconds. */
  timeout_ms: z.number().int().positive().default(30_000),
  /**
   * Byte budget of one result besides max_rows (16 MiB): fetching stops once the values received
   * add up to more, and the result says it was truncated by size.
   */
  max_result_bytes: z
    .number()
    .int()
    .positive()
    .default(16 * 1024 * 1024),
  /** Rows sampled per table by the profiler (0 = by table size, docs/datapoint-model.md#profiles). */
  sample_size: z.number().int().min(0).default(0),
  /**
   * Seconds an answer from a deterministic path (catalog, metric, template) is reused for the same
   * question in a long-running process (`serve`); any knowledge change invalidates it. 0 disables.
   */
  answer_cache_seconds: z.number().min(0).default(30),
});

export const serverConfigSchema = z.strictObject({
  /** Let `POST /api/v1/databases` register SQLite files outside the project folder. Default false. */
  allow_external_sqlite_paths: z.boolean().default(false),
});

export const projectConfigSchema = z.strictObject({
  version: z.literal(1).default(1),
  connections: z.array(connectionConfigSchema).default([]),
  llm: llmConfigSchema.optional(),
  embeddings: embeddingsConfigSchema.prefault({}),
  defaults: defaultsConfigSchema.prefault({}),
  server: serverConfigSchema.optional(),
});

export type ConnectionConfig = z.infer<typeof connectionConfigSchema>;
export type LlmConfig = z.infer<typeof llmConfigSchema>;
export type EmbeddingsConfig = z.infer<typeof embeddingsConfigSchema>;
export type ProjectConfig = z.infer<typeof projectConfigSchema>;
