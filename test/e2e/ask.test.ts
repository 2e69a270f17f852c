import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, json, runCli } from '../support/run-cli.js';

const EVAL_SET = new URL('../../templates/eval/sample.yaml', import.meta.url).pathname;

interface AnswerJson {
  answer: string;
  sql: string | null;
  columns: string[];
  data: Record<string, unknown>[];
  method: string;
  database_used: string;
  sources: string[];
  routing: { targets: string[]; reason: string; confidence: number };
  metrics: { latency_ms: number; llm_calls: number };
  conversation_id: string;
}

/** Offline answering on the sample database, through the built binary. */
describe('datachat ask / query / context / eval (offline, sample database)', () => {
  let root: string;
  let project: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'datachat-ask-'));
    project = join(root, 'p');
    expect(runCli(['init', '--sample', '--yes', '--dir', project]).code).toBe(0);
    expect(runCli(['generate', '--offline', '--auto-approve', '--dir', project]).code).toBe(0);
  }, 180_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('answers a metric question with the compiler, with the right number', () => {
    const answer = json<AnswerJson>(runCli(['ask', 'revenue in 2024', '--dir', project, '--json']));
    expect(answer.method).toBe('metric');
    expect(answer.metrics.llm_calls).toBe(0);
    const db = new Database(join(project, '.datachat', 'sample.db'), { readonly: true });
    const gold = db
      .prepare(
        `SELECT SUM(total_amount) AS v FROM orders WHERE status NOT IN ('cancelled','refunded') AND order_date >= '2024-01-01' AND order_date < '2025-01-01'`,
      )
      .get() as { v: number };
    db.close();
    expect(Number(answer.data[0]!.revenue)).toBeCloseTo(gold.v, 2);
    expect(answer.sources).toEqual(expect.arrayContaining(['revenue', 'orders']));
    expect(answer).toMatchObject({ database_used: 'sample', routing: { targets: ['sample'] } });
  });

  it('follow-ups in a conversation extend the previous question', () => {
    const first = json<AnswerJson>(runCli(['ask', 'revenue in 2024', '--dir', project, '--json']));
    const follow = json<AnswerJson>(
      runCli(['ask', 'and by month?', '--conversation', first.conversation_id, '--dir', project, '--json']),
    );
    expect(follow.method).toBe('metric');
    expect(follow.data).toHaveLength(12);
    expect(follow.columns).toEqual(['month', 'revenue']);
  });

  it('--sql-only, --format csv and table output', () => {
    const sqlOnly = runCli(['ask', 'number of orders by channel', '--sql-only', '--dir', project]);
    expect(sqlOnly.stdout.trim()).toMatch(
      /^SELECT orders\.channel AS "channel", COUNT\(\*\) AS "orders_count" FROM orders GROUP BY orders\.channel/,
    );
    const csv = runCli(['ask', 'number of orders by channel', '--format', 'csv', '--dir', project]);
    expect(csv.stdout.split('\n')[0]).toBe('channel,orders_count');
    expect(csv.stdout.trim().split('\n')).toHaveLength(4);
  });

  it('declines, with exit 5 and what to configure, when a question needs an LLM', () => {
    const result = runCli(['ask', 'which customers spend the most?', '--dir', project]);
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/needs an LLM/);
    expect(result.stderr).toMatch(/llm:/);
  });

  it('query runs SQL through the guard; DROP TABLE exits 4 and the table is intact', () => {
    const ok = json<{ data: { n: number }[] }>(
      runCli(['query', 'SELECT COUNT(*) AS n FROM customers', '--dir', project, '--json']),
    );
    expect(ok.data[0]!.n).toBe(5000);
    const drop = runCli(['query', 'DROP TABLE customers', '--dir', project]);
    expect(drop.code).toBe(4);
    expect(drop.stderr).toMatch(/DROP/);
    for (const sql of ['DELETE FROM customers', 'SELECT 1; DELETE FROM customers', 'UPDATE customers SET email = NULL'])
      expect(runCli(['query', sql, '--dir', project]).code).toBe(4);
    const after = json<{ data: { n: number }[] }>(
      runCli(['query', 'SELECT COUNT(*) AS n FROM customers', '--dir', project, '--json']),
    );
    expect(after.data[0]!.n).toBe(5000);
  });

  it('context shows routing and ranked tables with scores', () => {
    const context = json<{
      routing: { targets: string[] };
      tables: { table: string; score: number }[];
      datapoints: { id: string; score: number }[];
    }>(runCli(['context', 'revenue by customer segment', '--dir', project, '--json']));
    expect(context.routing.targets).toEqual(['sample']);
    expect(context.tables.slice(0, 3).map((t) => t.table)).toEqual(expect.arrayContaining(['orders']));
    expect(context.datapoints[0]!.score).toBeGreaterThan(0);
  });

  it('uses an edited DataPoint without a manual sync', () => {
    const file = join(project, 'datapoints', 'sample', 'business', 'orders_count.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('synonyms:', 'synonyms:\n  - purchase tally'));
    const answer = json<AnswerJson>(runCli(['ask', 'purchase tally', '--dir', project, '--json']));
    expect(answer.method).toBe('metric');
    expect(answer.data[0]!.orders_count).toBe(20000);
  });

  it('the shipped eval set: at least half correct offline, none wrong', () => {
    const result = runCli(['eval', EVAL_SET, '--dir', project, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = json<{
      total: number;
      correct: number;
      wrong: number;
      declined: number;
      errors: number;
      routing_accuracy: number;
    }>(result);
    console.log(`eval: ${report.correct}/${report.total} correct, ${report.wrong} wrong, ${report.declined} declined`);
    expect(report.total).toBeGreaterThanOrEqual(60);
    expect(report.wrong).toBe(0);
    expect(report.errors).toBe(0);
    expect(report.correct * 2).toBeGreaterThanOrEqual(report.total);
    expect(report.correct + report.declined).toBe(report.total);
  });

  it('a project without DataPoints says what is missing (exit 3)', () => {
    const empty = mkdtempSync(join(root, 'empty-'));
    expect(runCli(['ask', 'how many orders', '--dir', empty]).code).toBe(3);
    expect(BIN).toContain('datachat.js');
  });
});
