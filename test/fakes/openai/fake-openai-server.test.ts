import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { estimateTokens, fakeEmbedding, startFakeOpenAI, type FakeOpenAI } from './fake-openai-server.js';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());
afterEach(() => fake.reset());

/** Response bodies as tests read them: any field, checked by the assertions. */
// biome-ignore lint/suspicious/noExplicitAny: tests read fields freely
type LooseJson = any;

async function post(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: LooseJson }> {
  const response = await fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: await response.json() };
}

const messages = [
  { role: 'system', content: 'You are helpful.' },
  { role: 'user', content: 'How many orders?' },
];

describe('fake OpenAI server', () => {
  it('answers a scripted chat completion in the OpenAI shape with estimated usage', async () => {
    fake.enqueue({ json: { answer: 42 } });
    const { status, json } = await post('/chat/completions', { model: 'm1', messages });
    expect(status).toBe(200);
    expect(json).toMatchObject({
      object: 'chat.completion',
      model: 'm1',
      choices: [{ index: 0, message: { role: 'assistant', content: '{"answer":42}' }, finish_reason: 'stop' }],
    });
    expect(json.id).toMatch(/^chatcmpl-fake-/);
    expect(json.usage.prompt_tokens).toBe(estimateTokens('You are helpful.\nHow many orders?'));
    expect(json.usage.completion_tokens).toBe(estimateTokens('{"answer":42}'));
    expect(json.usage.total_tokens).toBe(json.usage.prompt_tokens + json.usage.completion_tokens);
  });

  it('records requests with system and last user message for handlers', async () => {
    fake.handler = (request) => ({ content: `echo: ${request.user} / ${request.system}` });
    const { json } = await post('/chat/completions', { model: 'm', messages });
    expect(json.choices[0].message.content).toBe('echo: How many orders? / You are helpful.');
    expect(fake.chatRequests).toHaveLength(1);
    expect(fake.chatRequests[0]!.messages).toEqual(messages);
  });

  it('uses the queue before the handler, and says so when neither answers', async () => {
    fake.enqueue({ content: 'queued' });
    fake.handler = () => ({ content: 'handled' });
    expect((await post('/chat/completions', { messages })).json.choices[0].message.content).toBe('queued');
    expect((await post('/chat/completions', { messages })).json.choices[0].message.content).toBe('handled');
    fake.handler = undefined;
    const { status, json } = await post('/chat/completions', { messages });
    expect(status).toBe(400);
    expect(json.error.message).toContain('no scripted response');
  });

  it('plays scripted errors with headers, and delays', async () => {
    fake.enqueue({ status: 429, headers: { 'retry-after': '1' } }, { delayMs: 100, then: { content: 'late' } });
    const limited = await post('/chat/completions', { messages });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.json.error.message).toContain('429');
    const started = Date.now();
    const late = await post('/chat/completions', { messages });
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(late.json.choices[0].message.content).toBe('late');
    expect(fake.pending).toBe(0);
  });

  it('answers embeddings deterministically with the requested dimensions, as floats or base64', async () => {
    const floats = await post('/embeddings', {
      model: 'e',
      input: ['a', 'b'],
      dimensions: 8,
      encoding_format: 'float',
    });
    expect(floats.json.data.map((d: { index: number }) => d.index)).toEqual([0, 1]);
    expect(floats.json.data[0].embedding).toEqual(fakeEmbedding('a', 8));
    expect(floats.json.usage.prompt_tokens).toBeGreaterThan(0);
    const base64 = await post('/embeddings', { model: 'e', input: 'a', dimensions: 8, encoding_format: 'base64' });
    const decoded = Array.from(
      new Float32Array(Uint8Array.from(Buffer.from(base64.json.data[0].embedding, 'base64')).buffer),
    );
    expect(decoded).toEqual(fakeEmbedding('a', 8).map(Math.fround));
    const defaults = await post('/embeddings', { model: 'e', input: ['a'], encoding_format: 'float' });
    expect(defaults.json.data[0].embedding).toHaveLength(1536);
  });

  it('lists models and refuses unknown routes', async () => {
    const models = await (await fetch(`${fake.url}/models`)).json();
    expect(models.data.map((m: { id: string }) => m.id)).toEqual(['fake-model', 'fake-embedding']);
    expect((await post('/completions', {})).status).toBe(404);
  });

  it('checks the bearer key when configured', async () => {
    const guarded = await startFakeOpenAI({ apiKey: 'good' });
    try {
      const bad = await fetch(`${guarded.url}/models`, { headers: { authorization: 'Bearer bad' } });
      expect(bad.status).toBe(401);
      expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_api_key');
      const good = await fetch(`${guarded.url}/models`, { headers: { authorization: 'Bearer good' } });
      expect(good.status).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it('closes promptly with a delayed response pending', async () => {
    const slow = await startFakeOpenAI();
    slow.enqueue({ delayMs: 60_000, then: { content: 'never' } });
    const request = fetch(`${slow.url}/chat/completions`, { method: 'POST', body: JSON.stringify({ messages }) }).catch(
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await slow.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await request).toBeInstanceOf(Error);
  });
});
