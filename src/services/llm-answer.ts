import type { Connector } from '../connectors/connector.js';
import type { BusinessDataPoint, SchemaDataPoint } from '../datapoints/datapoint-model.js';
import { DatachatError } from '../errors.js';
import type { RetrievalResult } from '../knowledge/retriever.js';
import type { LlmProvider } from '../llm/llm-provider.js';
import type { Answer, AnswerMethod } from '../query/answer.js';
import { planSemanticWithLlm } from '../query/llm-semantic-planner.js';
import { planWithLlm } from '../query/llm-sql-planner.js';
import { SemanticModel } from '../query/semantic-model.js';
import type { Part } from './answer-parts.js';

// The LLM steps of AskService (ask-service.ts), last in the cheapest-first order: first a typed semantic
// query compiled like the deterministic path, then free-form SQL with repairs.

/** The LLM's typed semantic query, compiled like the deterministic path; undefined when none fits or it fails to run. */
export async function answerWithSemanticLlm(
  llm: LlmProvider,
  connector: Connector,
  question: string,
  retrieval: RetrievalResult,
  schemas: SchemaDataPoint[],
  metrics: BusinessDataPoint[],
  history: { question: string; sql?: string }[],
  now: Date,
  run: (
    method: AnswerMethod,
    title: string,
    sql: string,
    sources: string[],
    params?: unknown[],
    grains?: Answer['grains'],
  ) => Promise<Part>,
): Promise<Part | undefined> {
  const byTable = new Map(schemas.map((s) => [s.table.toLowerCase(), s]));
  const tables = retrieval.tables
    .map((t) => byTable.get(t.table.toLowerCase()))
    .filter((s): s is SchemaDataPoint => s !== undefined)
    .slice(0, 8);
  // The prompt has a budget: the metrics retrieval ranked for this question go first, the rest in file order.
  const rank = new Map(retrieval.datapoints.filter((d) => d.type === 'Business').map((d, i) => [d.id, i]));
  const byRelevance = [...metrics].sort((a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity));
  const planned = await planSemanticWithLlm({
    question,
    model: new SemanticModel(schemas, metrics),
    tables: tables.length ? tables : schemas.slice(0, 8),
    metrics: byRelevance.slice(0, 40),
    values: retrieval.values,
    history,
    dialect: connector.dialect,
    llm,
    now,
  });
  if (planned.kind === 'none') return undefined;
  try {
    return await run(
      'llm',
      planned.query.title,
      planned.query.sql,
      planned.query.sources,
      undefined,
      planned.query.grains,
    );
  } catch (error) {
    // A semantic query that does not run falls through to free-form SQL with its own repairs.
    if (error instanceof DatachatError) return undefined;
    throw error;
  }
}

export async function answerWithLlm(
  llm: LlmProvider,
  connector: Connector,
  question: string,
  retrieval: RetrievalResult,
  schemas: SchemaDataPoint[],
  metrics: BusinessDataPoint[],
  history: { question: string; sql?: string }[],
  run: (method: AnswerMethod, title: string, sql: string, sources: string[]) => Promise<Part>,
): Promise<Part> {
  const byTable = new Map(schemas.map((s) => [s.table.toLowerCase(), s]));
  const tables = retrieval.tables
    .map((t) => byTable.get(t.table.toLowerCase()))
    .filter((s): s is SchemaDataPoint => s !== undefined)
    .slice(0, 8);
  const metricIds = new Set(retrieval.datapoints.filter((d) => d.type === 'Business').map((d) => d.id));
  const relevantMetrics = metrics.filter((m) => metricIds.has(m.id)).slice(0, 8);
  let part: Part | undefined;
  const result = await planWithLlm({
    question,
    engine: connector.engine,
    tables: tables.length ? tables : schemas.slice(0, 8),
    metrics: relevantMetrics,
    values: retrieval.values,
    history,
    llm,
    attempt: async (sql) => {
      part = await run('llm', 'Answer', sql, []);
    },
  });
  const sources = [...new Set([...result.answer.used_datapoints, ...tables.map((t) => t.id)])];
  return {
    ...part!,
    answer: result.answer.explanation
      ? `${part!.answer.replace(/^Answer: /, '')} ${result.answer.explanation}`.trim()
      : part!.answer,
    sources,
  };
}
