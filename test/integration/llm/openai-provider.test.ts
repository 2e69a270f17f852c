import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai/fake-openai-server.js';
import { AbortedError, RuntimeError } from '../../../src/errors.js';
import { OpenAIProvider, extractJson, type OpenAIProviderOptions } from '../../../src/llm/openai-provider.js';
import type { RetryEvent } from '../../../src/llm/openai-transport.js';

const answerSchema = z.object({ sql: z.string(), explanation: z.string() });
const valid = { sql: 'SELECT 1', explanation: 'one' };
const ask = { system: 'You write SQL.', user: 'How many orders?', schema: answerSchema, schemaName: 'sql_answer' };

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());
afterEach(() => fake.reset());

function provider(options: Partial<OpenAIProviderOptions> = {}): OpenAIProvider {
  return new OpenAIProvider({
    baseUrl: fake.url,
    apiKey: 'sk-test',
    model: 'fake-model',
    maxRetries: 2,
    retryBaseDelayMs: 1,
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<RuntimeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RuntimeError);
  return error as RuntimeError;
}

describe('OpenAIProvider.completeJson', () => {
  it('parses and validates a JSON answer, asking in json_object mode with the schema in the system prompt', async () => {
    fake.enqueue({ json: valid, usage: { prompt_tokens: 120, completion_tokens: 9 } });
    const llm = provider();
    const result = await llm.completeJson(ask);
    expect(result.value).toEqual(valid);
    expect(result.raw).toBe(JSON.stringify(valid));
    expect(result.usage).toEqual({ calls: 1, promptTokens: 120, completionTokens: 9 });
    expect(llm.usage.snapshot()).toEqual({ calls: 1, promptTokens: 120, completionTokens: 9 });

    const [request] = fake.chatRequests;
    expect(request!.body).toMatchObject({
      model: 'fake-model',
      temperature: 0,
      response_format: { type: 'json_object' },
    });
    expect(request!.authorization).toBe('Bearer sk-test');
    expect(request!.system).toContain('You write SQL.');
    expect(request!.system).toContain('"sql_answer"');
    expect(request!.system).toContain('"required":["sql","explanation"]');
    expect(request!.user).toBe('How many orders?');
  });

  it('counts the fake server estimate of tokens when no usage is scripted', async () => {
    fake.enqueue({ json: valid });
    const result = await provider().completeJson(ask);
    expect(result.usage.promptTokens).toBeGreaterThan(10);
    expect(result.usage.completionTokens).toBe(Math.ceil(JSON.stringify(valid).length / 4));
  });

  it.each([
    ['a ```json fence', '```json\n{"sql": "SELECT 1", "explanation": "one"}\n```'],
    ['a bare ``` fence', 'Here you go:\n```\n{"sql": "SELECT 1", "explanation": "one"}\n```'],
    ['prose around the object', 'Sure! {"sql": "SELECT 1", "explanation": "one"} Hope that helps.'],
    ['a <think> block first', '<think>Maybe {not this}</think>\n{"sql": "SELECT 1", "explanation": "one"}'],
  ])('accepts JSON wrapped in %s without a repair call', async (_label, content) => {
    fake.enqueue({ content });
    const result = await provider().completeJson(ask);
    expect(result.value).toEqual(valid);
    expect(fake.chatRequests).toHaveLength(1);
  });

  it('repairs malformed JSON with exactly one more call and sums the usage', async () => {
    fake.enqueue(
      { content: '{"sql": "SELECT 1", "explanation": ', usage: { prompt_tokens: 100, completion_tokens: 10 } },
      { json: valid, usage: { prompt_tokens: 200, completion_tokens: 20 } },
    );
    const llm = provider();
    const result = await llm.completeJson(ask);
    expect(result.value).toEqual(valid);
    expect(result.usage).toEqual({ calls: 2, promptTokens: 300, completionTokens: 30 });
    expect(llm.usage.snapshot()).toEqual({ calls: 2, promptTokens: 300, completionTokens: 30 });

    const repair = fake.chatRequests[1]!;
    expect(repair.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(repair.messages[2]!.content).toBe('{"sql": "SELECT 1", "explanation": ');
    expect(repair.user).toContain('not valid JSON');
    expect(repair.body['response_format']).toEqual({ type: 'json_object' });
  });

  it('throws a RuntimeError after exactly two calls when the repair is malformed too', async () => {
    fake.enqueue({ content: 'not json at all' }, { content: '{"still": broken' }, { json: valid });
    const llm = provider();
    const error = await failure(llm.completeJson(ask));
    expect(error.message).toContain('"sql_answer"');
    expect(error.message).toContain('even after one repair attempt');
    expect(error.hint).toContain('llm.model');
    expect(error.details?.['answer']).toBe('{"still": broken');
    expect(fake.chatRequests).toHaveLength(2);
    expect(fake.pending).toBe(1);
    expect(llm.usage.snapshot().calls).toBe(2);
  });

  it('sends the zod validation errors back when the JSON does not match the schema', async () => {
    fake.enqueue({ json: { sql: 42 } }, { json: valid });
    const result = await provider().completeJson(ask);
    expect(result.value).toEqual(valid);
    const repair = fake.chatRequests[1]!.user;
    expect(repair).toContain('does not match the schema');
    expect(repair).toContain('expected string, received number');
    expect(repair).toContain('→ at sql');
    expect(repair).toContain('→ at explanation');
  });

  it('tells the model when its answer was cut off at the token limit', async () => {
    fake.enqueue({ content: '{"sql": "SELECT', finishReason: 'length' }, { json: valid });
    await provider().completeJson({ ...ask, maxTokens: 5 });
    expect(fake.chatRequests[0]!.body['max_tokens']).toBe(5);
    expect(fake.chatRequests[1]!.user).toContain('cut off');
  });

  it('applies schema transforms and defaults to the validated value', async () => {
    const schema = z.object({ tables: z.array(z.string()).default([]), limit: z.string().transform(Number) });
    fake.enqueue({ json: { limit: '10' } });
    const result = await provider().completeJson({ ...ask, schema, schemaName: 'plan' });
    expect(result.value).toEqual({ tables: [], limit: 10 });
  });

  it('drops response_format (and remembers) when the server refuses it', async () => {
    fake.enqueue(
      {
        status: 400,
        body: { error: { message: "Invalid parameter: 'response_format' of type 'json_object' is not supported." } },
      },
      { json: valid },
      { json: valid },
    );
    const llm = provider();
    expect((await llm.completeJson(ask)).value).toEqual(valid);
    expect((await llm.completeJson(ask)).value).toEqual(valid);
    const formats = fake.chatRequests.map((r) => r.body['response_format']);
    expect(formats).toEqual([{ type: 'json_object' }, undefined, undefined]);
    expect(llm.usage.snapshot().calls).toBe(2);
  });
});

describe('OpenAIProvider.completeText', () => {
  it('returns the text and sends history, temperature and max_tokens', async () => {
    fake.enqueue({ content: '  There are 42 orders.\n' });
    const result = await provider({ temperature: 0.3 }).completeText({
      system: 'Summarize.',
      user: 'And now?',
      history: [
        { role: 'user', content: 'How many orders?' },
        { role: 'assistant', content: 'SELECT COUNT(*) FROM orders' },
      ],
      maxTokens: 50,
    });
    expect(result.text).toBe('There are 42 orders.');
    expect(result.usage.calls).toBe(1);
    const [request] = fake.chatRequests;
    expect(request!.messages.map((m) => `${m.role}:${m.content}`)).toEqual([
      'system:Summarize.',
      'user:How many orders?',
      'assistant:SELECT COUNT(*) FROM orders',
      'user:And now?',
    ]);
    expect(request!.body).toMatchObject({ temperature: 0.3, max_tokens: 50 });
    expect(request!.body['response_format']).toBeUndefined();
  });

  it('uses max_completion_tokens and no temperature for models that refuse them', async () => {
    fake.enqueue(
      {
        status: 400,
        body: {
          error: {
            message:
              "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
          },
        },
      },
      {
        status: 400,
        body: { error: { message: "Unsupported value: 'temperature' does not support 0 with this model." } },
      },
      { content: 'ok' },
    );
    const result = await provider().completeText({ system: 's', user: 'u', maxTokens: 20 });
    expect(result.text).toBe('ok');
    const last = fake.chatRequests[2]!.body;
    expect(last['max_completion_tokens']).toBe(20);
    expect(last['max_tokens']).toBeUndefined();
    expect(last['temperature']).toBeUndefined();
  });
});

describe('OpenAIProvider retries and errors', () => {
  it('retries a 429, waiting for the server retry-after', async () => {
    const retries: RetryEvent[] = [];
    fake.enqueue({ status: 429, headers: { 'retry-after': '0.2' } }, { json: valid });
    const started = Date.now();
    const llm = provider({ onRetry: (e) => retries.push(e) });
    const result = await llm.completeJson(ask);
    expect(result.value).toEqual(valid);
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
    expect(retries).toEqual([{ retry: 1, delayMs: 200, reason: 'HTTP 429' }]);
    expect(fake.chatRequests).toHaveLength(2);
    expect(llm.usage.snapshot().calls).toBe(1);
  });

  it('gives up on 5xx after exactly max_retries + 1 attempts', async () => {
    const retries: RetryEvent[] = [];
    fake.enqueue({ status: 500 }, { status: 502 }, { status: 503 }, { json: valid });
    const error = await failure(provider({ maxRetries: 2, onRetry: (e) => retries.push(e) }).completeJson(ask));
    expect(error.message).toMatch(/failed with HTTP 503 \(3 attempts\)/);
    expect(error.details).toMatchObject({ status: 503 });
    expect(fake.chatRequests).toHaveLength(3);
    expect(fake.pending).toBe(1);
    expect(retries.map((r) => r.reason)).toEqual(['HTTP 500', 'HTTP 502']);
    expect(retries.every((r) => r.delayMs >= 0 && r.delayMs <= 2)).toBe(true);
  });

  it('does not retry when max_retries is 0', async () => {
    fake.enqueue({ status: 429 }, { json: valid });
    const error = await failure(provider({ maxRetries: 0 }).completeJson(ask));
    expect(error.message).toContain('HTTP 429');
    expect(error.hint).toContain('llm.max_retries');
    expect(fake.chatRequests).toHaveLength(1);
  });

  it('times out a slow answer, retries it, and names the timeout', async () => {
    fake.enqueue({ delayMs: 2_000, then: { json: valid } }, { delayMs: 2_000, then: { json: valid } });
    const started = Date.now();
    const error = await failure(provider({ timeoutMs: 150, maxRetries: 1 }).completeJson(ask));
    expect(error.message).toContain('timed out after 150 ms (2 attempts)');
    expect(error.hint).toContain('llm.timeout_ms');
    expect(fake.chatRequests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('succeeds when the retry after a timeout is fast', async () => {
    fake.enqueue({ delayMs: 2_000, then: { json: valid } }, { json: valid });
    const result = await provider({ timeoutMs: 150, maxRetries: 1 }).completeJson(ask);
    expect(result.value).toEqual(valid);
    expect(result.usage.calls).toBe(1);
  });

  it('retries a dropped connection', async () => {
    fake.enqueue({ disconnect: true }, { json: valid });
    expect((await provider().completeJson(ask)).value).toEqual(valid);
    expect(fake.chatRequests).toHaveLength(2);
  });

  it('names the host of an unreachable server, after retrying', async () => {
    const closed = await startFakeOpenAI();
    const url = closed.url;
    await closed.close();
    const retries: RetryEvent[] = [];
    const error = await failure(
      provider({ baseUrl: url, maxRetries: 1, onRetry: (e) => retries.push(e) }).completeText({
        system: 's',
        user: 'u',
      }),
    );
    const host = new URL(url).host;
    expect(error.message).toContain(`Could not reach the LLM server at ${host}`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.hint).toContain('llm.base_url');
    expect(error.hint).toContain(url);
    expect(retries).toHaveLength(1);
    expect(retries[0]!.reason).toBe('connection error');
  });

  it('rejects when the signal aborts, without waiting for the server', async () => {
    fake.enqueue({ delayMs: 5_000, then: { json: valid } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const error = await provider()
      .completeJson({ ...ask, signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortedError);
    expect((error as AbortedError).exitCode).toBe(130);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('stops waiting between retries when the signal aborts', async () => {
    fake.enqueue({ status: 503, headers: { 'retry-after': '10' } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await provider({ retryMaxDelayMs: 10_000 })
      .completeText({ system: 's', user: 'u', signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortedError);
    expect(fake.chatRequests).toHaveLength(1);
  });
});

describe('OpenAIProvider and the API key', () => {
  const secret = 'sk-live-SECRET-value-1234567890';
  let guarded: FakeOpenAI;
  beforeAll(async () => {
    guarded = await startFakeOpenAI({ apiKey: 'sk-the-right-one' });
  });
  afterAll(() => guarded.close());

  it('reports a 401 as a rejected key, without retrying and without the key', async () => {
    const error = await failure(provider({ baseUrl: guarded.url, apiKey: secret, maxRetries: 3 }).completeJson(ask));
    expect(error.message).toContain('rejected the API key');
    expect(error.message).toContain('llm.api_key');
    expect(error.hint).toContain('llm.api_key');
    expect(error.details).toMatchObject({ status: 401 });
    expect(guarded.requests).toHaveLength(1);
    expect(JSON.stringify(error.toJSON())).not.toContain(secret);
    expect(String((error.cause as Error).message)).not.toContain(secret);
  });

  it('says when no key is configured at all', async () => {
    const error = await failure(
      provider({ baseUrl: guarded.url, apiKey: undefined, maxRetries: 0 }).completeText({ system: 's', user: 'u' }),
    );
    expect(error.message).toContain('requires an API key and none is configured');
  });

  it('never puts the key in any message, hint, detail or cause', async () => {
    const echo = { error: { message: `upstream said: bad token ${secret}` } };
    fake.enqueue(
      { status: 500, body: echo },
      { status: 400, body: echo },
      { status: 403, body: echo },
      { status: 404, body: echo },
    );
    const closed = await startFakeOpenAI();
    await closed.close();
    const attemptAt = (baseUrl: string) => () =>
      provider({ baseUrl, apiKey: secret, maxRetries: 0 }).completeText({ system: 's', user: 'u' });
    // Created one at a time, so no rejection goes unhandled while another is awaited.
    const attempts = [fake.url, fake.url, fake.url, fake.url, guarded.url, closed.url].map(attemptAt);
    for (const attempt of attempts) {
      const error = await failure(attempt());
      const cause = error.cause instanceof Error ? error.cause.message : '';
      expect(`${error.message} ${error.hint} ${JSON.stringify(error.details)} ${cause}`).not.toContain(secret);
    }
  });
});

describe('extractJson', () => {
  it.each([
    ['{"a":1}', { a: 1 }],
    ['  ```json\n{"a":[1,2]}\n```  ', { a: [1, 2] }],
    ['```JSON\n{"a":true}```', { a: true }],
  ])('reads %j', (content, expected) => {
    expect(extractJson(content)).toEqual({ ok: true, value: expected });
  });

  it.each(['', '   ', '{"a":', 'no braces here'])('reports %j as not JSON', (content) => {
    expect(extractJson(content).ok).toBe(false);
  });
});

describe('OpenAIProvider parameter fallbacks', () => {
  it('does not drop max_tokens when a 400 only says it is too large', async () => {
    fake.enqueue({
      status: 400,
      body: {
        error: { message: "'max_tokens' is too large: 9000. This model's maximum context length is 8192 tokens." },
      },
    });
    const error = await failure(provider().completeText({ system: 's', user: 'u', maxTokens: 9000 }));
    expect(error.message).toContain('rejected the request (HTTP 400)');
    expect(error.message).toContain('maximum context length');
    expect(fake.chatRequests).toHaveLength(1);
  });
});
