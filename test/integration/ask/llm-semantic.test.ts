import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AskService } from '../../../src/services/ask-service.js';
import { initializeProject } from '../../../src/services/init-service.js';
import { ProjectContext } from '../../../src/services/project-context.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai/fake-openai-server.js';

const quiet = { step: () => undefined, done: () => undefined };

/** With an LLM configured, it is asked first for a typed semantic query, compiled by the same renderer. */
describe('ask with an LLM: the typed semantic query', () => {
  let fake: FakeOpenAI;
  let root: string;
  let project: ProjectContext;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    root = mkdtempSync(join(tmpdir(), 'datachat-llm-semantic-'));
    project = ProjectContext.load({ dir: root, cwd: root, env: {} });
    await initializeProject(project, { sample: true, databases: [], autoApprove: true, offline: true }, quiet);
    const config = readFileSync(join(root, '.datachat.yml'), 'utf8');
    writeFileSync(
      join(root, '.datachat.yml'),
      `${config}llm:\n  base_url: ${fake.url}\n  model: fake-semantic\n  api_key: k\n  max_retries: 0\n`,
    );
    await project.close();
    project = ProjectContext.load({ dir: root, cwd: root, env: {} });
  }, 120_000);
  afterAll(async () => {
    await project?.close();
    await fake?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('compiles the semantic query with the metric rules, no free-form SQL', async () => {
    fake.enqueue({
      json: {
        semantic_query: { measure: 'revenue', dimensions: [{ table: 'orders', column: 'channel' }] },
        reason: '',
      },
    });
    const before = fake.chatRequests.length;
    const answer = await new AskService(project).ask({
      question: 'What did the good orders bring in, split per sales route?',
    });
    expect(answer.method).toBe('llm');
    expect(answer.metrics.llm_calls).toBe(1);
    expect(fake.chatRequests[before]!.user).toContain('METRIC revenue');
    expect(answer.sql).toContain("orders.status NOT IN ('cancelled', 'refunded')");
    expect(answer.sql).toContain('GROUP BY orders.channel');
    const deterministic = await new AskService(project).ask({ question: 'Total revenue by channel' });
    expect(deterministic.method).toBe('metric');
    expect(answer.data).toEqual(deterministic.data);
  });

  it('checks the query against the model and asks for one repair with the errors', async () => {
    fake.enqueue(
      {
        json: {
          semantic_query: {
            measure: 'orders_count',
            filters: [{ table: 'orders', column: 'chanel', op: 'in', values: ['web', 'mobile'] }],
          },
        },
      },
      {
        json: {
          semantic_query: {
            measure: 'orders_count',
            filters: [{ table: 'orders', column: 'channel', op: 'in', values: ['web', 'mobile'] }],
          },
        },
      },
    );
    const before = fake.chatRequests.length;
    const answer = await new AskService(project).ask({
      question: 'Count the orders that came through the two digital routes',
    });
    expect(answer.metrics.llm_calls).toBe(2);
    expect(fake.chatRequests[before + 1]!.user).toMatch(/table orders has no column "chanel"/);
    expect(answer.sql).toContain("orders.channel IN ('web', 'mobile')");
  });

  it('a query that contradicts the metric is repaired, and "none fits" hands over to free-form SQL', async () => {
    fake.enqueue(
      {
        json: {
          semantic_query: {
            measure: 'revenue',
            filters: [{ table: 'orders', column: 'status', op: 'in', values: ['cancelled'] }],
          },
        },
      },
      { json: { semantic_query: null, reason: 'revenue excludes cancelled orders; needs SUM over cancelled orders' } },
      {
        json: {
          sql: "SELECT SUM(total_amount) AS lost FROM orders WHERE status = 'cancelled'",
          explanation: 'Value of cancelled orders.',
        },
      },
    );
    const before = fake.chatRequests.length;
    const answer = await new AskService(project).ask({
      question: 'How much money did the called-off orders represent?',
    });
    expect(fake.chatRequests[before + 1]!.user).toMatch(/excluded by its definition/);
    expect(answer.metrics.llm_calls).toBe(3);
    expect(answer.sql).toContain("status = 'cancelled'");
    expect(Number(answer.data[0]!.lost)).toBeGreaterThan(0);
  });
});
