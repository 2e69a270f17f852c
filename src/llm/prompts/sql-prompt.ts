import { z } from 'zod';
import type { BusinessDataPoint, SchemaDataPoint } from '../../datapoints/datapoint-model.js';
import type { ValueHit } from '../../knowledge/retriever.js';
import { BudgetedContext } from './budgeted-context.js';

export const sqlAnswerSchema = z.object({
  sql: z.string().min(1),
  explanation: z.string().default(''),
  used_datapoints: z.array(z.string()).default([]),
  assumptions: z.array(z.string()).default([]),
});
export type SqlAnswer = z.infer<typeof sqlAnswerSchema>;

/** Characters of context sent at most (≈ 4 characters a token). */
export const CONTEXT_BUDGET_CHARS = 16_000;

export function sqlSystemPrompt(engine: string): string {
  return `You translate questions into ONE read-only SQL query for ${engine}.
Rules: a single SELECT (CTEs allowed); only the tables and columns listed; qualify columns with their table; use the join conditions given;
prefer the business metric definitions given (same expression and filters); never modify data; no comments.
Answer with one JSON object: {"sql": "...", "explanation": "...", "used_datapoints": ["ids"], "assumptions": ["..."]}.`;
}

function describeTable(s: SchemaDataPoint): string {
  const cols = s.columns.map((c) => {
    const samples = c.pii
      ? ''
      : (c.stats?.sample_values ?? [])
          .slice(0, 5)
          .map((v) => JSON.stringify(v))
          .join(', ');
    return `  ${c.name} ${c.type}${c.meaning ? ` -- ${c.meaning}` : ''}${samples ? ` e.g. ${samples}` : ''}`;
  });
  const rels = s.relationships
    .filter((r) => r.confidence >= 0.7)
    .map(
      (r) =>
        `  JOIN ${r.target_table} ON ${r.columns.map((c, i) => `${s.table}.${c} = ${r.target_table}.${r.target_columns[i]}`).join(' AND ')}`,
    );
  // A sampled table's row count is the catalog's estimate (its columns' stats then carry a sample size).
  const approx = s.columns.some((c) => c.stats?.sample_rows !== undefined) ? '≈ ' : '';
  return [
    `TABLE ${s.schema ? `${s.schema}.` : ''}${s.table} (id: ${s.id}${s.row_count !== undefined ? `, ${approx}${s.row_count} rows` : ''})${s.purpose ? `: ${s.purpose}` : ''}`,
    ...cols,
    ...rels,
  ].join('\n');
}

/** One metric as the prompts list it: id, name, expression, table, filters, time column. */
export function describeMetric(m: BusinessDataPoint): string {
  return `METRIC ${m.id} "${m.name}" = ${m.expression} FROM ${m.table}${m.filters.length ? ` WHERE ${m.filters.join(' AND ')}` : ''}${m.time_column ? ` (time: ${m.time_column})` : ''}`;
}

/** The user message: context within the budget (tables first, by relevance), then history and the question. */
export function sqlUserPrompt(input: {
  question: string;
  tables: readonly SchemaDataPoint[];
  metrics: readonly BusinessDataPoint[];
  values: readonly ValueHit[];
  history: readonly { question: string; sql?: string }[];
}): string {
  const context = new BudgetedContext(CONTEXT_BUDGET_CHARS);
  for (const t of input.tables) if (!context.add(describeTable(t))) break;
  for (const m of input.metrics) if (!context.add(describeMetric(m))) break;
  context.addValues(input.values);
  for (const h of input.history.slice(-3))
    context.add(`EARLIER QUESTION: ${h.question}${h.sql ? `\nEARLIER SQL: ${h.sql}` : ''}`);
  return context.prompt(input.question);
}
