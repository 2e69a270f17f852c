import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlRejectedError } from '../../../src/errors.js';
import { AskService } from '../../../src/services/ask-service.js';
import { runGenerate } from '../../../src/services/generate-service.js';
import { initializeProject } from '../../../src/services/init-service.js';
import { ProjectContext } from '../../../src/services/project-context.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai/fake-openai-server.js';

const quiet = { step: () => undefined, done: () => undefined };

describe('ask with an LLM (fake OpenAI-compatible server)', () => {
  let fake: FakeOpenAI;
  let root: string;
  let project: ProjectContext;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    root = mkdtempSync(join(tmpdir(), 'datachat-llm-ask-'));
    project = ProjectContext.load({ dir: root, cwd: root, env: {} });
    await initializeProject(project, { sample: true, databases: [] }, quiet);
    await runGenerate(project, 'sample', { offline: true, autoApprove: true });
    const config = readFileSync(join(root, '.datachat.yml'), 'utf8');
    writeFileSync(
      join(root, '.datachat.yml'),
      `${config}llm:\n  base_url: ${fake.url}\n  model: fake-sql\n  api_key: k\n  max_retries: 0\n`,
    );
    await project.close();
    project = ProjectContext.load({ dir: root, cwd: root, env: {} });
  }, 120_000);

  afterAll(async () => {
    await project?.close();
    await fake?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('deterministic paths still answer without calling the LLM', async () => {
    const before = fake.chatRequests.length;
    const answer = await new AskService(project).ask({ question: 'how many orders' });
    expect(answer.method).toBe('metric');
    expect(answer.metrics.llm_calls).toBe(0);
    expect(fake.chatRequests.length).toBe(before);
  });

  it('the LLM answers what the compiler cannot, and a database error is fed back for a repair', async () => {
    fake.enqueue(
      { json: { semantic_query: null, reason: 'needs free-form SQL' } },
      {
        json: {
          sql: 'SELECT AVG(stars) FROM product_reviews',
          explanation: 'average of stars',
          used_datapoints: ['product_reviews'],
        },
      },
      {
        json: {
          sql: 'SELECT AVG(rating) AS avg_rating FROM product_reviews',
          explanation: 'Average rating over all reviews.',
          used_datapoints: ['product_reviews'],
        },
      },
    );
    const before = fake.chatRequests.length;
    const answer = await new AskService(project).ask({ question: 'What is the typical rating of products?' });
    expect(answer.method).toBe('llm');
    // One semantic-query request (none fits), then free-form SQL and its repair.
    expect(answer.metrics.llm_calls).toBe(3);
    expect(answer.metrics.prompt_tokens).toBeGreaterThan(0);
    expect(answer.sql).toBe('SELECT AVG(rating) AS avg_rating FROM product_reviews');
    expect(Number(answer.data[0]!.avg_rating)).toBeGreaterThan(3);
    const requests = fake.chatRequests.slice(before);
    expect(requests[0]!.system).toMatch(/typed semantic query/);
    expect(requests[1]!.user).toContain('TABLE product_reviews');
    expect(requests[1]!.user).toContain('QUESTION: What is the typical rating of products?');
    expect(requests[2]!.user).toMatch(/no such column: stars/);
  });

  it('SQL the guard rejects is fed back, and after the repairs are spent the rejection stands (exit 4)', async () => {
    fake.enqueue(
      { json: { semantic_query: null, reason: 'needs free-form SQL' } },
      { json: { sql: 'DROP TABLE customers' } },
      { json: { sql: 'DELETE FROM customers' } },
      { json: { sql: 'SELECT 1; DROP TABLE customers' } },
    );
    const before = fake.chatRequests.length;
    const error = await new AskService(project)
      .ask({ question: 'Please remove all customers' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SqlRejectedError);
    expect((error as SqlRejectedError).exitCode).toBe(4);
    expect(fake.chatRequests.length - before).toBe(4);
    expect(fake.chatRequests[before + 2]!.user).toMatch(/read-only|DROP/i);
    const count = await new AskService(project).ask({ question: 'how many customers' });
    expect(count.data[0]!.customers_count).toBe(5000);
  });

  it('a malformed JSON answer gets one repair from the provider', async () => {
    fake.enqueue(
      { json: { semantic_query: null, reason: 'needs free-form SQL' } },
      { content: 'sure! SELECT something' },
      { json: { sql: 'SELECT COUNT(*) AS n FROM orders WHERE total_amount > 500' } },
    );
    const answer = await new AskService(project).ask({ question: 'How many orders count as big ones?' });
    expect(answer.method).toBe('llm');
    expect(answer.metrics.llm_calls).toBe(3);
    expect(Number(answer.data[0]!.n)).toBeGreaterThan(0);
  });
});
