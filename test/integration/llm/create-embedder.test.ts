import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai/fake-openai-server.js';
import { createEmbedder } from '../../../src/llm/create-embedder.js';
import { LocalEmbedder } from '../../../src/knowledge/local-embedder.js';

describe('createEmbedder', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(async () => fake.close());

  it('defaults to the offline local embedder', async () => {
    const embedder = await createEmbedder({ provider: 'local', dimensions: 64 });
    expect(embedder).toBeInstanceOf(LocalEmbedder);
    expect(embedder.fingerprint).toBe('local-hash-v1-64');
  });

  it('uses the LLM server and key for embeddings when embeddings name none', async () => {
    const embedder = await createEmbedder(
      { provider: 'openai', model: 'emb', dimensions: 32 },
      { base_url: fake.url, model: 'chat', api_key: 'k', timeout_ms: 5000, max_retries: 0, temperature: 0 },
    );
    const [vector] = await embedder.embed(['orders by month']);
    expect(vector).toHaveLength(32);
    expect(fake.embeddingRequests).toHaveLength(1);
    expect(embedder.fingerprint).toBe('openai:emb:32');
  });
});
