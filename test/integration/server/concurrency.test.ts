import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbedder } from '../../../src/llm/create-embedder.js';
import { KnowledgeIndexer } from '../../../src/knowledge/knowledge-indexer.js';
import { KnowledgeStore } from '../../../src/knowledge/knowledge-store.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai/fake-openai-server.js';
import { initializeSample, startServer, tempProject, type TestServer } from './support.js';

const afterDelay = <T>(ms: number, f: () => Promise<T>): Promise<T> => new Promise((r) => setTimeout(r, ms)).then(f);
const metric = (id: string) => ({
  type: 'Business',
  id,
  name: `Metric ${id}`,
  connection: 'sample',
  expression: 'COUNT(*)',
  table: 'orders',
  aggregation: 'COUNT',
});

/**
 * Concurrent writes against one project. Embeddings come from an HTTP server (the fake OpenAI one),
 * answering the first requests slowest, so a sync that scanned the files early writes the index
 * late: without the server's write mutex, that stale write lands over a newer one and the index no
 * longer matches the YAML.
 */
describe('REST API: concurrent writes', () => {
  let fake: FakeOpenAI;
  let server: TestServer;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    const dir = tempProject('concurrency');
    const setup = startServer(dir);
    await initializeSample(setup, false);
    await setup.close();
    appendFileSync(
      join(dir, '.datachat.yml'),
      `embeddings:\n  provider: openai\n  base_url: ${fake.url}\n  model: fake-embedding\n  api_key: k\n  dimensions: 64\n`,
    );
    server = startServer(dir);
    expect((await server.call('POST', '/api/v1/datapoints/sync', {})).status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await fake?.close();
    if (server) rmSync(dirname(server.dir), { recursive: true, force: true });
  });

  it('20 parallel approve / add / update / delete / sync requests (plus reads) leave the index equal to a fresh sync', async () => {
    const pending = ((await server.call('GET', '/api/v1/datapoints/pending')).json as { id: string }[])
      .map((p) => p.id)
      .slice(0, 8);
    expect(pending).toHaveLength(8);
    for (const id of ['edited', 'doomed'])
      expect((await server.call('POST', '/api/v1/datapoints', metric(id))).status).toBe(201);
    const before = fake.embeddingRequests.length;
    // Uneven embedding latency: the first syncs to start (the edits') finish last, as with a loaded server.
    fake.enqueueEmbeddings(
      ...[400, 300, 200, 100].map((delayMs) => ({ delayMs, then: { deterministic: true as const } })),
    );
    const finished: number[] = [];
    const replies = await Promise.all([
      // Edits of one DataPoint, staggered so that each lands while earlier syncs still wait for embeddings.
      ...Array.from({ length: 4 }, (_, i) =>
        afterDelay(i * 60, async () => {
          const reply = await server.call('PUT', '/api/v1/datapoints/edited', {
            ...metric('edited'),
            description: `version ${i}`,
          });
          finished.push(i);
          return reply;
        }),
      ),
      // Everything else at once, while those syncs are still in flight.
      ...pending.map((id) =>
        afterDelay(200, () => server.call('POST', `/api/v1/datapoints/pending/${encodeURIComponent(id)}/approve`)),
      ),
      ...Array.from({ length: 4 }, (_, i) =>
        afterDelay(200, () => server.call('POST', '/api/v1/datapoints', metric(`concurrent_${i}`))),
      ),
      afterDelay(200, () => server.call('DELETE', '/api/v1/datapoints/doomed')),
      ...Array.from({ length: 3 }, () => afterDelay(200, () => server.call('POST', '/api/v1/datapoints/sync', {}))),
      afterDelay(200, () => server.call('POST', '/api/v1/chat', { message: 'list tables' })),
      afterDelay(200, () => server.call('GET', '/api/v1/datapoints')),
      afterDelay(200, () => server.call('GET', '/api/v1/datapoints/pending')),
    ]);
    expect(
      replies.map((r) => r.status),
      replies.map((r) => r.text.slice(0, 200)).join('\n'),
    ).toEqual([...Array(12).fill(200), ...Array(4).fill(201), ...Array(7).fill(200)]);
    expect(fake.embeddingRequests.length).toBeGreaterThan(before);

    const scratch = mkdtempSync(join(tmpdir(), 'datachat-fresh-index-'));
    const fresh = KnowledgeStore.open(join(scratch, 'knowledge.db'));
    try {
      const { project } = server;
      await new KnowledgeIndexer(
        fresh,
        await createEmbedder(project.config.embeddings),
        project.paths.datapointsDir,
        project.paths.root,
      ).sync();
      const digest = (await project.store()).digest();
      expect(digest).toBe(fresh.digest());
      expect(digest).not.toContain('sample/doomed@');
      // Writes run in arrival order (the edits arrive 60 ms apart): the last edit is the one on disk
      // and in the index, and it was answered last (no lost update).
      expect(finished).toEqual([0, 1, 2, 3]);
      const last = 'version 3';
      expect(readFileSync(join(project.paths.datapointsDir, 'sample/business/edited.yaml'), 'utf8')).toContain(
        `description: ${last}`,
      );
      expect((await project.store()).get('sample', 'edited')!.dataPoint.description).toBe(last);
      for (const key of [...pending, 'sample/concurrent_0', 'sample/concurrent_3', 'sample/edited'])
        expect(digest).toContain(`${key}@`);
    } finally {
      fresh.close();
      rmSync(scratch, { recursive: true, force: true });
    }
    const resync = await server.call('POST', '/api/v1/datapoints/sync', {});
    expect(resync.json.up_to_date).toBe(true);
  }, 60_000);
});
