import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGenerate } from '../../../src/services/generate-service.js';
import { initializeProject } from '../../../src/services/init-service.js';
import { ProjectContext } from '../../../src/services/project-context.js';
import { startFakeOpenAI, type FakeChatRequest, type FakeOpenAI } from '../../fakes/openai/fake-openai-server.js';

const TABLES = 100;
const quiet = { step: () => undefined, done: () => undefined };

/** Answers like a model would: describes each table in the prompt and proposes one good and one broken metric. */
function modelAnswer(request: FakeChatRequest) {
  const user = request.user;
  const tables = JSON.parse(user.slice(user.indexOf('Tables:\n') + 'Tables:\n'.length)) as {
    table: string;
    columns: { name: string }[];
  }[];
  return {
    json: {
      tables: tables.map((t) => ({
        table: t.table,
        purpose: `LLM purpose of ${t.table}`,
        confidence: 0.85,
        columns: t.columns.map((c) => ({ name: c.name, meaning: `LLM meaning of ${t.table}.${c.name}` })),
        common_queries: [`Total amount of ${t.table} by month`],
        gotchas: [],
      })),
      metrics: tables.flatMap((t) => [
        {
          id: `${t.table}_amount_total`,
          name: `Total amount of ${t.table}`,
          table: t.table,
          expression: `SUM(${t.table}.amount)`,
          aggregation: 'SUM',
          time_column: `${t.table}.created_at`,
          dimensions: [`${t.table}.kind`],
          synonyms: ['amount'],
          confidence: 0.8,
        },
        {
          id: `${t.table}_broken`,
          name: `Broken ${t.table}`,
          table: t.table,
          expression: `SUM(${t.table}.no_such_column)`,
          aggregation: 'SUM',
          confidence: 0.6,
        },
      ]),
    },
  };
}

describe('LLM generation through a fake OpenAI-compatible server', () => {
  let fake: FakeOpenAI;
  let root: string;
  let project: ProjectContext;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    fake.handler = modelAnswer;
    root = mkdtempSync(join(tmpdir(), 'datachat-llm-gen-'));
    const db = new Database(join(root, 'wide.db'));
    db.exec('BEGIN');
    for (let i = 1; i <= TABLES; i++) {
      const name = `t${String(i).padStart(3, '0')}`;
      db.exec(
        `CREATE TABLE ${name} (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, amount DECIMAL(10,2), created_at DATETIME NOT NULL)`,
      );
      db.exec(
        `INSERT INTO ${name} (kind, amount, created_at) VALUES ('a', 1.5, '2024-01-01 00:00:00'), ('b', 2.5, '2024-02-01 00:00:00'), ('a', 4, '2024-03-01 00:00:00')`,
      );
    }
    db.exec('COMMIT');
    db.close();
    mkdirSync(root, { recursive: true });
    writeFileSync(
      join(root, '.datachat.yml'),
      `version: 1\nconnections:\n  - id: wide\n    type: sqlite\n    url: sqlite:wide.db\n    default: true\nllm:\n  base_url: ${fake.url}\n  model: fake-model\n  api_key: test-key\n`,
    );
    project = ProjectContext.load({ dir: root, cwd: root, env: {} });
    // Profile only: the test's first generate must be the one that meets an empty cache.
    await initializeProject(project, { sample: false, databases: [], generate: false }, quiet);
  }, 120_000);

  afterAll(async () => {
    await project?.close();
    await fake?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('generates 100 tables in at most 15 calls, checks metric SQL, and a second run makes no call', async () => {
    const first = await runGenerate(project, 'wide', { autoApprove: true });
    expect(first.method).toBe('llm');
    expect(first.usage.calls).toBeGreaterThan(0);
    expect(first.usage.calls).toBeLessThanOrEqual(15);
    expect(first.usage.prompt_tokens).toBeGreaterThan(0);
    expect(first.usage.completion_tokens).toBeGreaterThan(0);
    expect(first.counts.schema).toBe(TABLES);
    // Every broken metric was run, failed, and dropped; every good one kept.
    expect(first.dropped.map((d) => d.id).sort()).toEqual(
      Array.from({ length: TABLES }, (_, i) => `t${String(i + 1).padStart(3, '0')}_broken`),
    );
    expect(readdirSync(join(root, 'datapoints', 'wide', 'business'))).toContain('t042_amount_total.yaml');
    const schema = readFileSync(join(root, 'datapoints', 'wide', 'schema', 't042.yaml'), 'utf8');
    expect(schema).toContain('purpose: LLM purpose of t042');
    expect(schema).toContain('meaning: LLM meaning of t042.amount');
    expect(schema).toContain('generated_by: fake-model');
    console.log(
      `LLM generation of ${TABLES} tables: ${first.usage.calls} calls, ${first.usage.prompt_tokens} prompt + ${first.usage.completion_tokens} completion tokens`,
    );

    const requestsBefore = fake.chatRequests.length;
    const second = await runGenerate(project, 'wide', { autoApprove: true });
    expect(second.usage.calls).toBe(0);
    expect(fake.chatRequests.length).toBe(requestsBefore);
    expect(second.written).toBe(0);
  }, 120_000);

  it('--offline never calls the server', async () => {
    const before = fake.chatRequests.length;
    const result = await runGenerate(project, 'wide', { offline: true, dryRun: true });
    expect(result.method).toBe('heuristic');
    expect(fake.chatRequests.length).toBe(before);
  }, 60_000);
});
