import type { BusinessDataPoint, SchemaDataPoint } from '../../datapoints/datapoint-model.js';
import type { ValueHit } from '../../knowledge/retriever.js';
import { BudgetedContext } from './budgeted-context.js';
import { describeMetric } from './sql-prompt.js';

// The answer schema (a typed semantic query or null) lives with the planner in src/query: imports point from query to llm.

/** Characters of model description sent at most (≈ 4 characters a token). */
const BUDGET_CHARS = 14_000;

export function semanticSystemPrompt(today: string): string {
  return `You translate a business question into a typed semantic query over the semantic model given (measures, tables, columns, joins).
Rules: use only the measure ids, tables and columns listed; "measure" is a METRIC id, or "table.column" with "aggregate" (SUM, AVG, MIN, MAX, COUNT, COUNT_DISTINCT);
a dimension {"table"} without "column" groups by that entity (its key and label); several values of one column go in ONE filter with op "in";
time ranges are ISO dates (from inclusive, to exclusive; today is ${today}); "order"+"limit" rank the measure.
If no semantic query can answer the question exactly (ratios of two measures, subqueries, HAVING, set operations), answer {"semantic_query": null, "reason": "..."}.
Answer with one JSON object: {"semantic_query": {...} | null, "reason": "..."}.`;
}

function describe(s: SchemaDataPoint): string {
  const cols = s.columns.map(
    (c) => `  ${c.name} ${c.type}${s.primary_key.includes(c.name) ? ' KEY' : ''}${c.meaning ? ` -- ${c.meaning}` : ''}`,
  );
  const joins = s.relationships
    .filter((r) => r.confidence >= 0.8)
    .map(
      (r) =>
        `  ${r.cardinality} ${r.target_table} ON ${r.columns.map((c, i) => `${s.table}.${c} = ${r.target_table}.${r.target_columns[i]}`).join(' AND ')}`,
    );
  return [`TABLE ${s.table}`, ...cols, ...joins].join('\n');
}

/** The user message: metrics first (the preferred measures), then tables, values, history and the question. */
export function semanticUserPrompt(input: {
  question: string;
  tables: readonly SchemaDataPoint[];
  metrics: readonly BusinessDataPoint[];
  values: readonly ValueHit[];
  history: readonly { question: string; sql?: string }[];
}): string {
  const context = new BudgetedContext(BUDGET_CHARS);
  for (const m of input.metrics) {
    if (
      !context.add(`${describeMetric(m)}${m.synonyms.length ? ` synonyms: ${m.synonyms.slice(0, 4).join(', ')}` : ''}`)
    )
      break;
  }
  for (const t of input.tables) if (!context.add(describe(t))) break;
  context.addValues(input.values);
  for (const h of input.history.slice(-3)) context.add(`EARLIER QUESTION: ${h.question}`);
  return context.prompt(input.question);
}
