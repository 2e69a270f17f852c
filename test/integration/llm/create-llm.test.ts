import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai/fake-openai-server.js';
import { llmConfigSchema } from '../../../src/config/config-schema.js';
import { LlmRequiredError } from '../../../src/errors.js';
import { createLlmProvider, requireLlm } from '../../../src/llm/create-llm.js';
import { OpenAIProvider } from '../../../src/llm/openai-provider.js';
import { UsageAccumulator, addUsage, emptyUsage, usageSince } from '../../../src/llm/usage.js';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());

describe('createLlmProvider', () => {
  it('returns undefined when no llm is configured', () => {
    expect(createLlmProvider(undefined)).toBeUndefined();
  });

  it('builds an OpenAI-compatible provider from the llm block, with its timeout and retries', async () => {
    const config = llmConfigSchema.parse({
      base_url: fake.url,
      model: 'fake-model',
      api_key: 'k',
      temperature: 0.5,
      max_retries: 1,
    });
    const llm = createLlmProvider(config, { retryBaseDelayMs: 1 });
    expect(llm).toBeInstanceOf(OpenAIProvider);
    expect(llm!.model).toBe('fake-model');
    fake.enqueue({ status: 500 }, { content: 'hello' });
    const result = await llm!.completeText({ system: 's', user: 'u' });
    expect(result.text).toBe('hello');
    expect(fake.chatRequests.at(-1)!.body).toMatchObject({ model: 'fake-model', temperature: 0.5 });
    expect(fake.chatRequests.at(-1)!.authorization).toBe('Bearer k');
  });
});

describe('requireLlm', () => {
  it('throws LlmRequiredError (exit 5) saying what to configure', () => {
    let error: unknown;
    try {
      requireLlm(undefined, 'Answering this question');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LlmRequiredError);
    const e = error as LlmRequiredError;
    expect(e.exitCode).toBe(5);
    expect(e.code).toBe('llm_required');
    expect(e.message).toMatch(/^Answering this question needs an LLM/);
    expect(e.message).toContain('`llm:`');
    expect(e.message).toContain('.datachat.yml');
    expect(e.message).toContain('model');
    expect(e.hint).toContain('base_url');
  });

  it('returns the provider when configured', () => {
    expect(requireLlm(llmConfigSchema.parse({ model: 'gpt-4o-mini' })).model).toBe('gpt-4o-mini');
  });
});

describe('usage accounting', () => {
  it('adds, snapshots, resets and measures differences', () => {
    const total = new UsageAccumulator();
    total.add({ calls: 1, promptTokens: 10, completionTokens: 2 });
    const before = total.snapshot();
    total.add({ calls: 2, promptTokens: 5, completionTokens: 1 });
    expect(before).toEqual({ calls: 1, promptTokens: 10, completionTokens: 2 });
    expect(total.snapshot()).toEqual({ calls: 3, promptTokens: 15, completionTokens: 3 });
    expect(usageSince(before, total.snapshot())).toEqual({ calls: 2, promptTokens: 5, completionTokens: 1 });
    expect(addUsage(emptyUsage(), before)).toEqual(before);
    total.reset();
    expect(total.snapshot()).toEqual(emptyUsage());
  });
});
