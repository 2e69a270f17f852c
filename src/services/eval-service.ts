import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { DatachatError, DataPointValidationError } from '../errors.js';
import { Retriever } from '../knowledge/retriever.js';
import { parseYamlSource, zodIssuesToFileIssues } from '../util/yaml-source.js';
import { AskService } from './ask-service.js';
import type { ProjectContext } from './project-context.js';
import { rowObjects } from '../connectors/result-rows.js';

export const evalFileSchema = z.strictObject({
  connection: z.string().optional(),
  questions: z.array(
    z.strictObject({
      id: z.string(),
      question: z.string().min(1),
      gold_sql: z.string().min(1),
      gold_tables: z.array(z.string()).default([]),
      connection: z.string().optional(),
      order_matters: z.boolean().default(false),
    }),
  ),
});

export type EvalOutcome = 'correct' | 'wrong' | 'declined' | 'error';

export interface EvalQuestionResult {
  id: string;
  question: string;
  outcome: EvalOutcome;
  method: string | null;
  routed_to: string | null;
  routing_correct: boolean | null;
  recall_at_5: number | null;
  recall_at_10: number | null;
  latency_ms: number;
  llm_calls: number;
  sql: string | null;
  detail?: string;
}

export interface EvalReport {
  file: string;
  total: number;
  correct: number;
  wrong: number;
  declined: number;
  errors: number;
  execution_accuracy: number;
  /** Correct among answered: how often an answer, when given, is right. */
  precision: number;
  routing_accuracy: number | null;
  table_recall_at_5: number | null;
  table_recall_at_10: number | null;
  llm_calls: number;
  latency_ms: { p50: number; p95: number };
  by_method: Record<string, { answered: number; correct: number }>;
  questions: EvalQuestionResult[];
}

/** Rows as comparable tuples: column names ignored, numbers rounded to 2 decimals, dates as text. */
function canonicalRows(rows: Record<string, unknown>[], ordered: boolean): string[] {
  const tuples = rows.map((row) =>
    JSON.stringify(
      Object.values(row).map((v) => {
        if (v === null || v === undefined) return null;
        if (v instanceof Date) return v.toISOString().slice(0, 19).replace('T', ' ');
        const n = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : undefined;
        if (n !== undefined) return Math.round(n * 100) / 100;
        if (typeof v === 'boolean') return v ? 1 : 0;
        return String(v);
      }),
    ),
  );
  return ordered ? tuples : tuples.sort();
}

const percentile = (values: number[], p: number) => {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

/**
 * `datachat eval`: questions with gold SQL → execution accuracy (result sets compared
 * order-insensitively unless order matters), table recall@k, routing accuracy, LLM calls, latency.
 */
export async function runEval(project: ProjectContext, file: string, onProgress?: (done: number, total: number) => void): Promise<EvalReport> {
  const text = readFileSync(file, 'utf8');
  const source = parseYamlSource(file, text);
  if (source.syntaxIssues.length) throw new DataPointValidationError(source.syntaxIssues);
  const parsed = evalFileSchema.safeParse(parse(text));
  if (!parsed.success) throw new DataPointValidationError(zodIssuesToFileIssues(source, parsed.error.issues));
  const spec = parsed.data;
  const ask = new AskService(project);
  const store = await project.store();
  const retriever = new Retriever(store, await project.embedder());
  const results: EvalQuestionResult[] = [];
  for (const [i, q] of spec.questions.entries()) {
    const expectedConnection = q.connection ?? spec.connection;
    const started = performance.now();
    const result: EvalQuestionResult = { id: q.id, question: q.question, outcome: 'error', method: null, routed_to: null, routing_correct: null, recall_at_5: null, recall_at_10: null, latency_ms: 0, llm_calls: 0, sql: null };
    if (q.gold_tables.length) {
      const retrieval = await retriever.retrieve(q.question, { k: 10, ...(expectedConnection ? { connections: [expectedConnection] } : {}) });
      const ranked = retrieval.tables.map((t) => t.table.toLowerCase());
      const recall = (k: number) => q.gold_tables.filter((t) => ranked.slice(0, k).includes(t.toLowerCase())).length / q.gold_tables.length;
      result.recall_at_5 = recall(5);
      result.recall_at_10 = recall(10);
    }
    try {
      const answer = await ask.ask({ question: q.question });
      result.method = answer.method;
      result.routed_to = answer.database_used;
      result.routing_correct = expectedConnection ? answer.database_used === expectedConnection : null;
      result.sql = answer.sql;
      result.llm_calls = answer.metrics.llm_calls;
      const connector = await project.connector(expectedConnection ?? answer.database_used);
      const gold = await connector.execute(q.gold_sql, { maxRows: 100_000, timeoutMs: 60_000 });
      const same = JSON.stringify(canonicalRows(answer.data, q.order_matters)) === JSON.stringify(canonicalRows(rowObjects(gold), q.order_matters));
      result.outcome = same ? 'correct' : 'wrong';
      if (!same) result.detail = `expected ${gold.rowCount} rows like ${JSON.stringify(rowObjects(gold).slice(0, 2))}, got ${answer.data.length} like ${JSON.stringify(answer.data.slice(0, 2))}`;
    } catch (error) {
      const e = error as DatachatError;
      result.outcome = e.code === 'llm_required' ? 'declined' : 'error';
      result.detail = e.message;
    }
    result.latency_ms = Math.round(performance.now() - started);
    results.push(result);
    onProgress?.(i + 1, spec.questions.length);
  }
  const count = (o: EvalOutcome) => results.filter((r) => r.outcome === o).length;
  const answered = results.filter((r) => r.outcome === 'correct' || r.outcome === 'wrong');
  const routed = results.filter((r) => r.routing_correct !== null);
  const recalls = (key: 'recall_at_5' | 'recall_at_10') => {
    const values = results.map((r) => r[key]).filter((v): v is number => v !== null);
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  };
  const byMethod: EvalReport['by_method'] = {};
  for (const r of answered) {
    const m = (byMethod[r.method ?? 'none'] ??= { answered: 0, correct: 0 });
    m.answered++;
    if (r.outcome === 'correct') m.correct++;
  }
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    file,
    total: results.length,
    correct: count('correct'),
    wrong: count('wrong'),
    declined: count('declined'),
    errors: count('error'),
    execution_accuracy: round(results.length ? count('correct') / results.length : 0),
    precision: round(answered.length ? count('correct') / answered.length : 0),
    routing_accuracy: routed.length ? round(routed.filter((r) => r.routing_correct).length / routed.length) : null,
    table_recall_at_5: recalls('recall_at_5') === null ? null : round(recalls('recall_at_5')!),
    table_recall_at_10: recalls('recall_at_10') === null ? null : round(recalls('recall_at_10')!),
    llm_calls: results.reduce((n, r) => n + r.llm_calls, 0),
    latency_ms: { p50: percentile(results.map((r) => r.latency_ms), 50), p95: percentile(results.map((r) => r.latency_ms), 95) },
    by_method: byMethod,
    questions: results,
  };
}
