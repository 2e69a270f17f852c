import type { Dialect } from '../connectors/dialect.js';
import type { BusinessDataPoint, SchemaDataPoint } from '../datapoints/datapoint-model.js';
import type { ValueHit } from '../knowledge/retriever.js';
import { planListRows } from './list-rows.js';
import { parseQuestion } from './question-parser.js';
import { SemanticModel } from './semantic-model.js';
import type { SemanticQuery } from './semantic-query.js';
import { renderSemanticQuery, type RenderedQuery } from './semantic-renderer.js';

export interface CompiledQuery {
  sql: string;
  /** Human summary: "Revenue by month in 2024". */
  title: string;
  /** The Business DataPoint, unless the measure is an aggregation over a column ("average rating"). */
  metric?: BusinessDataPoint;
  sources: string[];
  /** The typed semantic query the SQL was rendered from. */
  semantic: SemanticQuery;
  /** Time-bucket columns → grain, as the renderer names them. */
  grains?: RenderedQuery['grains'];
}

export type CompileOutcome =
  | { kind: 'compiled'; query: CompiledQuery }
  /** A list of one table's labelled rows ("names of the customers in Germany"), capped. */
  | { kind: 'list'; query: { sql: string; title: string; sources: string[] } }
  | { kind: 'no_match' }
  | { kind: 'declined'; reason: string };

export interface CompileInput {
  question: string;
  metrics: readonly BusinessDataPoint[];
  schemas: readonly SchemaDataPoint[];
  values: readonly ValueHit[];
  dialect: Dialect;
  now: Date;
}

/**
 * The metric compiler (docs/architecture.md, step 2 of answering): question → typed semantic query over the semantic model
 * (Business DataPoints + Schema relationships) → SQL in the engine's dialect, no LLM. It never
 * guesses: an unexplained word, an ambiguous choice or a contradiction declines with the reason.
 */
export function compileMetricQuestion(input: CompileInput): CompileOutcome {
  const model = new SemanticModel(input.schemas, input.metrics);
  const list = planListRows(input.question, model, input.values, input.dialect);
  if (list) return { kind: 'list', query: { sql: list.sql, title: list.title, sources: list.sources } };
  const parsed = parseQuestion(input.question, model, input.values, input.now);
  if (parsed.kind !== 'parsed') return parsed;
  const rendered = renderSemanticQuery(model, parsed.query, input.dialect);
  if (rendered.kind === 'declined') return rendered;
  return {
    kind: 'compiled',
    query: { ...rendered.query, ...(parsed.metric ? { metric: parsed.metric } : {}), semantic: parsed.query },
  };
}
