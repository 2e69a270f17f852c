import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { type DatachatError, DataPointValidationError } from '../errors.js';
import { Retriever } from '../knowledge/retriever.js';
import { answerRows, labelBuckets } from '../query/answer-values.js';
import { GuardedExecutor } from '../query/guarded-executor.js';
import { parseYamlSource, zodIssuesToFileIssues } from '../util/yaml-source.js';
import { AskService } from './ask-service.js';
import { sameResult } from './eval-result-match.js';
import type { ProjectContext } from './project-context.js';

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
      /** Why the gold SQL's own answer is wrong: a differing answer then counts as `gold_wrong`, not `wrong`. */
      gold_wrong: z.string().min(1).optional(),
    }),
  ),
});

/** `refused`: the SQL guard refused the question's gold SQL, so neither it nor the question ran. */
export type EvalOutcome = 'correct' | 'wrong' | 'gold_wrong' | 'declined' | 'error' | 'refused';

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
  /** Questions with an answer: correct + wrong + gold_wrong. */
  answered: number;
  correct: number;
  wrong: number;
  declined: number;
  errors: number;
  /** Questions whose gold SQL the guard refused (nothing ran for them). */
  refused: number;
  /** Answers that differ from a gold SQL the eval file marks as wrong (`gold_wrong: reason`). */
  gold_wrong: number;
  execution_accuracy: number;
  /** Correct among answered (answers to a wrong gold left out): how often an answer, when given, is right. */
  precision: number;
  routing_accuracy: number | null;
  table_recall_at_5: number | null;
  table_recall_at_10: number | null;
  llm_calls: number;
  latency_ms: { p50: number; p95: number };
  by_method: Record<string, { answered: number; correct: number }>;
  questions: EvalQuestionResult[];
}

const percentile = (values: number[], p: number) => {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

/**
 * `datachat eval`: questions with gold SQL → execution accuracy (result sets compared
 * order-insensitively unless order matters, gold's columns found among the answer's: ./eval-result-match.ts),
 * table recall@k, routing accuracy, LLM calls, latency.
 */
export async function runEval(
  project: ProjectContext,
  file: string,
  onProgress?: (done: number, total: number) => void,
): Promise<EvalReport> {
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
    const result: EvalQuestionResult = {
      id: q.id,
      question: q.question,
      outcome: 'error',
      method: null,
      routed_to: null,
      routing_correct: null,
      recall_at_5: null,
      recall_at_10: null,
      latency_ms: 0,
      llm_calls: 0,
      sql: null,
    };
    if (q.gold_tables.length) {
      const retrieval = await retriever.retrieve(q.question, {
        k: 10,
        ...(expectedConnection ? { connections: [expectedConnection] } : {}),
      });
      const ranked = retrieval.tables.map((t) => t.table.toLowerCase());
      const recall = (k: number) =>
        q.gold_tables.filter((t) => ranked.slice(0, k).includes(t.toLowerCase())).length / q.gold_tables.length;
      result.recall_at_5 = recall(5);
      result.recall_at_10 = recall(10);
    }
    // Gold SQL is eval-file text, as untrusted as any other: guarded before anything runs for the question.
    const goldConnection = expectedConnection ?? project.defaultConnection()?.id;
    // An unknown connection is reported by the question's own run below; the gold SQL is guarded there too.
    const goldVerdict = goldConnection
      ? await guardGold(project, goldConnection, q.gold_sql).catch(() => undefined)
      : undefined;
    if (goldVerdict && !goldVerdict.ok) {
      result.outcome = 'refused';
      result.detail = `gold SQL refused by the SQL guard (${goldVerdict.code}): ${goldVerdict.reason}`;
      result.latency_ms = Math.round(performance.now() - started);
      results.push(result);
      onProgress?.(i + 1, spec.questions.length);
      continue;
    }
    try {
      const answer = await ask.ask({ question: q.question });
      result.method = answer.method;
      result.routed_to = answer.database_used;
      result.routing_correct = expectedConnection ? answer.database_used === expectedConnection : null;
      result.sql = answer.sql;
      result.llm_calls = answer.metrics.llm_calls;
      const goldOn = expectedConnection ?? answer.database_used;
      const goldRunner = new GuardedExecutor(
        await project.connector(goldOn),
        project.connection(goldOn).allowed_functions,
      );
      // A gold SQL the eval file marks wrong may not even run (it names a column the database lacks).
      const gold = await goldRunner.execute(q.gold_sql, { maxRows: 100_000, timeoutMs: 60_000 }).catch((error) => {
        if (!q.gold_wrong) throw error;
        return undefined;
      });
      if (!gold) {
        result.outcome = 'gold_wrong';
        result.detail = `gold SQL is wrong: ${q.gold_wrong}`;
        result.latency_ms = Math.round(performance.now() - started);
        results.push(result);
        onProgress?.(i + 1, spec.questions.length);
        continue;
      }
      // Gold SQL's bucket dates (2024-03-01) are labelled like the answer's (2024-03): answer-values.ts.
      // The gold rows go through the answers' value model (decimals, dates, buckets) so only values are compared.
      const goldRows = labelBuckets(answerRows(gold).data, answer.grains);
      const same = sameResult(answer.data, goldRows, q.order_matters);
      result.outcome = same ? 'correct' : q.gold_wrong ? 'gold_wrong' : 'wrong';
      if (q.gold_wrong && !same) result.detail = `gold SQL is wrong: ${q.gold_wrong}`;
      else if (!same)
        result.detail = `expected ${gold.rowCount} rows like ${JSON.stringify(goldRows.slice(0, 2))}, got ${answer.data.length} like ${JSON.stringify(answer.data.slice(0, 2))}`;
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
  const answered = results.filter(
    (r) => r.outcome === 'correct' || r.outcome === 'wrong' || r.outcome === 'gold_wrong',
  );
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
    answered: answered.length,
    correct: count('correct'),
    wrong: count('wrong'),
    declined: count('declined'),
    errors: count('error'),
    refused: count('refused'),
    gold_wrong: count('gold_wrong'),
    execution_accuracy: round(results.length ? count('correct') / results.length : 0),
    precision: round(count('correct') + count('wrong') ? count('correct') / (count('correct') + count('wrong')) : 0),
    routing_accuracy: routed.length ? round(routed.filter((r) => r.routing_correct).length / routed.length) : null,
    table_recall_at_5: recalls('recall_at_5') === null ? null : round(recalls('recall_at_5')!),
    table_recall_at_10: recalls('recall_at_10') === null ? null : round(recalls('recall_at_10')!),
    llm_calls: results.reduce((n, r) => n + r.llm_calls, 0),
    latency_ms: {
      p50: percentile(
        results.map((r) => r.latency_ms),
        50,
      ),
      p95: percentile(
        results.map((r) => r.latency_ms),
        95,
      ),
    },
    by_method: byMethod,
    questions: results,
  };
}

/** The guard's verdict on a gold SQL for a connection (its engine and allowed functions). */
async function guardGold(
  project: ProjectContext,
  connection: string,
  sql: string,
): Promise<{ ok: true } | { ok: false; code: string; reason: string }> {
  const executor = new GuardedExecutor(
    await project.connector(connection),
    project.connection(connection).allowed_functions,
  );
  return executor.check(sql);
}
