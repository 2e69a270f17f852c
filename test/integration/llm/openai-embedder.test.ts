import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeEmbedding, startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai/fake-openai-server.js';
import { embeddingsConfigSchema } from '../../../src/config/config-schema.js';
import { ConfigError, RuntimeError } from '../../../src/errors.js';
import {
  DEFAULT_OPENAI_EMBEDDING_MODEL,
  OpenAIEmbedder,
  normalize,
  type OpenAIEmbedderOptions,
} from '../../../src/llm/openai-embedder.js';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());
afterEach(() => fake.reset());

function embedder(options: Partial<OpenAIEmbedderOptions> = {}): OpenAIEmbedder {
  return new OpenAIEmbedder({
    baseUrl: fake.url,
    apiKey: 'sk-test',
    model: 'fake-embedding',
    dimensions: 64,
    retryBaseDelayMs: 1,
    ...options,
  });
}

function length(vector: Float32Array): number {
  return Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0));
}

describe('OpenAIEmbedder', () => {
  it('batches 200 inputs into calls of 96, 96 and 8, keeping order, and counts usage', async () => {
    const texts = Array.from({ length: 200 }, (_, i) => `table number ${i}`);
    const e = embedder();
    const vectors = await e.embed(texts);

    expect(fake.embeddingRequests.map((r) => (r.body['input'] as string[]).length)).toEqual([96, 96, 8]);
    expect(fake.embeddingRequests[2]!.body['input']).toEqual(texts.slice(192));
    expect(vectors).toHaveLength(200);
    for (const [i, vector] of vectors.entries()) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(64);
      expect(length(vector)).toBeCloseTo(1, 5);
      // Order: vector i is the fake's vector for text i.
      if (i % 37 === 0) expect(Array.from(vector)).toEqual(Array.from(normalize(fakeEmbedding(texts[i]!, 64))));
    }
    const usage = e.usage.snapshot();
    expect(usage.calls).toBe(3);
    expect(usage.promptTokens).toBeGreaterThan(0);
    expect(usage.completionTokens).toBe(0);
  });

  it('honours a custom batch size', async () => {
    await embedder({ batchSize: 2 }).embed(['a', 'b', 'c', 'd', 'e']);
    expect(fake.embeddingRequests.map((r) => (r.body['input'] as string[]).length)).toEqual([2, 2, 1]);
  });

  it('sends model, dimensions and float encoding; is deterministic; identifies itself by fingerprint', async () => {
    const e = embedder();
    const [first] = await e.embed(['orders by country']);
    const [again] = await e.embed(['orders by country']);
    const [other] = await e.embed(['customer email']);
    expect(Array.from(first!)).toEqual(Array.from(again!));
    expect(Array.from(first!)).not.toEqual(Array.from(other!));
    expect(fake.embeddingRequests[0]!.body).toMatchObject({
      model: 'fake-embedding',
      dimensions: 64,
      encoding_format: 'float',
    });
    expect(e.fingerprint).toBe('openai:fake-embedding:64');
    expect(e.dimensions).toBe(64);
  });

  it('makes no call for no texts, and replaces empty texts the server would refuse', async () => {
    const e = embedder();
    expect(await e.embed([])).toEqual([]);
    expect(fake.requests).toHaveLength(0);
    const vectors = await e.embed(['', 'x']);
    expect(vectors).toHaveLength(2);
    expect(fake.embeddingRequests[0]!.body['input']).toEqual([' ', 'x']);
  });

  it('normalizes vectors the server returns unnormalized, and leaves zero vectors alone', async () => {
    fake.enqueueEmbeddings({
      vectors: [
        [3, 4],
        [0, 0],
      ],
    });
    const vectors = await embedder({ dimensions: 2 }).embed(['a', 'b']);
    expect(Array.from(vectors[0]!)).toEqual([Math.fround(0.6), Math.fround(0.8)]);
    expect(Array.from(vectors[1]!)).toEqual([0, 0]);
  });

  it('explains a vector size that differs from embeddings.dimensions', async () => {
    const error = await embedder({ sendDimensions: false })
      .embed(['a'])
      .catch((e: unknown) => e);
    expect(fake.embeddingRequests[0]!.body['dimensions']).toBeUndefined();
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as RuntimeError).message).toContain('1536-dimensional');
    expect((error as RuntimeError).hint).toContain('embeddings.dimensions: 1536');
  });

  it('retries 429 and 5xx like the chat provider', async () => {
    fake.enqueueEmbeddings(
      { status: 429, headers: { 'retry-after-ms': '5' } },
      { status: 503 },
      { deterministic: true },
    );
    const e = embedder({ maxRetries: 2 });
    const vectors = await e.embed(['a']);
    expect(vectors).toHaveLength(1);
    expect(fake.embeddingRequests).toHaveLength(3);
    expect(e.usage.snapshot().calls).toBe(1);
  });

  it('names embeddings.api_key on a 401', async () => {
    const guarded = await startFakeOpenAI({ apiKey: 'right' });
    try {
      const error = await embedder({ baseUrl: guarded.url, apiKey: 'wrong-key-value' })
        .embed(['a'])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RuntimeError);
      expect((error as RuntimeError).message).toContain('embeddings server');
      expect((error as RuntimeError).message).toContain('embeddings.api_key');
      expect((error as RuntimeError).message).not.toContain('wrong-key-value');
      expect(guarded.requests).toHaveLength(1);
    } finally {
      await guarded.close();
    }
  });
});

describe('OpenAIEmbedder.fromConfig', () => {
  it('uses base_url, api_key, model and dimensions of the embeddings block', async () => {
    const config = embeddingsConfigSchema.parse({
      provider: 'openai',
      base_url: fake.url,
      api_key: 'k',
      model: 'nomic-embed-text',
      dimensions: 32,
    });
    const e = OpenAIEmbedder.fromConfig(config);
    const [vector] = await e.embed(['x']);
    expect(vector).toHaveLength(32);
    expect(e.fingerprint).toBe('openai:nomic-embed-text:32');
    expect(fake.embeddingRequests[0]!.authorization).toBe('Bearer k');
  });

  it('defaults the model to text-embedding-3-small for OpenAI itself', () => {
    const e = OpenAIEmbedder.fromConfig(embeddingsConfigSchema.parse({ provider: 'openai', api_key: 'k' }));
    expect(e.model).toBe(DEFAULT_OPENAI_EMBEDDING_MODEL);
    expect(e.fingerprint).toBe('openai:text-embedding-3-small:256');
  });

  it('requires a model for another server', () => {
    expect(() =>
      OpenAIEmbedder.fromConfig(embeddingsConfigSchema.parse({ provider: 'openai', base_url: fake.url })),
    ).toThrow(ConfigError);
  });
});
