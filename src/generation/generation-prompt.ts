import { z } from 'zod';
import type { TableGenerationInput } from './generation-input.js';
import type { ColumnProfile, TableProfile } from '../profiling/profile-model.js';
import { describeDistinct, describeNulls } from '../datapoints/stats-wording.js';

/** Bump when the prompt or response shape changes: it is part of the generation cache key. */
export const GENERATION_PROMPT_VERSION = 'generation-v2';

export const generationResponseSchema = z.object({
  tables: z.array(
    z.object({
      table: z.string(),
      purpose: z.string(),
      confidence: z.number().min(0).max(1).default(0.8),
      columns: z.array(z.object({ name: z.string(), meaning: z.string() })).default([]),
      common_queries: z.array(z.string()).default([]),
      gotchas: z.array(z.string()).default([]),
    }),
  ),
  metrics: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9][a-z0-9_]*$/),
        name: z.string(),
        description: z.string().default(''),
        table: z.string(),
        expression: z.string(),
        aggregation: z.enum(['SUM', 'AVG', 'COUNT', 'COUNT_DISTINCT', 'MIN', 'MAX', 'CUSTOM']),
        filters: z.array(z.string()).default([]),
        time_column: z.string().nullable().optional(),
        dimensions: z.array(z.string()).default([]),
        synonyms: z.array(z.string()).default([]),
        unit: z.string().nullable().optional(),
        confidence: z.number().min(0).max(1).default(0.8),
      }),
    )
    .default([]),
});

export type GenerationResponse = z.infer<typeof generationResponseSchema>;

export const GENERATION_SYSTEM = `You document databases for analysts. For each table you receive (name, size, columns with types and statistics, relationships),
write what the table is for, what each column means, questions people commonly ask of it, and gotchas (traps when querying it).
Suggest business metrics as SQL aggregate expressions over ONE table, with columns qualified by the table name (e.g. SUM(orders.total_amount)),
optional filters as SQL predicates, the time column and the low-cardinality columns it can be grouped by (qualified), and synonyms people use.
Use only tables and columns that exist in the input. Sample values of personal data are masked: never invent values.
Give each item a confidence between 0 and 1. Answer with one JSON object only.`;

/**
 * Null fraction and distinct count as the model should read them: plain numbers when counted over the
 * whole table, else words that say what they are ("≈ 4,000 (estimated from a sample)", "2% in a
 * 1,000-row sample"), so the model never takes a sample's figure for the table's.
 */
function countsOf(p: ColumnProfile, table: TableProfile): Record<'nulls' | 'distinct', number | string> {
  const basis = p.stats_basis;
  const rows = table.sampling.method === 'full' ? undefined : table.sampling.rows_profiled;
  const plain = (b: string | undefined) => b === undefined || b === 'exact';
  return {
    nulls: plain(basis?.nulls) ? p.null_percentage : describeNulls(p.null_percentage, basis, rows),
    distinct: plain(basis?.distinct) ? p.unique_count : describeDistinct(p.unique_count, basis, rows),
  };
}

/** The row count, marked as an estimate when the profile took it from the catalog. */
function rowsOf(input: TableGenerationInput): number | string | undefined {
  if (input.profile && !input.profile.row_count_exact) return `≈ ${input.profile.row_count}`;
  return input.profile?.row_count ?? input.schema.row_count;
}

/** A compact, token-frugal description of a batch of tables. */
export function buildGenerationUser(dialect: string, inputs: readonly TableGenerationInput[]): string {
  const tables = inputs.map((input) => {
    const profiles = new Map((input.profile?.columns ?? []).map((c) => [c.name, c]));
    return {
      table: input.schema.table,
      rows: rowsOf(input),
      primary_key: input.schema.primary_key,
      columns: input.schema.columns.map((c) => {
        const p = profiles.get(c.name);
        return {
          name: c.name,
          type: c.type,
          ...(p && input.profile
            ? {
                ...countsOf(p, input.profile),
                samples: (p.top_values.length ? p.top_values.map((t) => t.value) : p.sample_values).slice(0, 5),
                ...(p.patterns.length ? { patterns: p.patterns } : {}),
                ...(p.pii ? { pii: true } : {}),
              }
            : {}),
        };
      }),
      relationships: [...input.outgoing, ...input.incoming].map(
        (r) =>
          `${r.from_table}.${r.from_columns.join(',')} -> ${r.to_table}.${r.to_columns.join(',')} (${r.cardinality})`,
      ),
    };
  });
  return `SQL dialect: ${dialect}\nTables:\n${JSON.stringify(tables)}`;
}
