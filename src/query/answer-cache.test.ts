import { describe, expect, it } from 'vitest';
import type { Answer } from './answer.js';
import { AnswerCache } from './answer-cache.js';

const answer = (method: Answer['method'] = 'metric') => ({ answer: 'x', method }) as Answer;

describe('AnswerCache', () => {
  it('normalizes the question and separates target options', () => {
    expect(AnswerCache.key('  How many   ORDERS ', undefined, false)).toBe(
      AnswerCache.key('how many orders', undefined, undefined),
    );
    expect(AnswerCache.key('how many orders', 'a', false)).not.toBe(AnswerCache.key('how many orders', 'b', false));
  });

  it('serves within the TTL and for the same knowledge generation only', () => {
    const cache = new AnswerCache(1000);
    cache.set('k', answer(), 7, 0);
    expect(cache.get('k', 7, 999)).toEqual(answer());
    expect(cache.get('k', 7, 1000)).toBeUndefined();
    cache.set('k', answer(), 7, 0);
    expect(cache.get('k', 8, 10)).toBeUndefined();
    expect(cache.get('k', 7, 10)).toBeUndefined();
  });

  it('never caches LLM answers, and a TTL of 0 disables it', () => {
    const cache = new AnswerCache(1000);
    cache.set('k', answer('llm'), 1, 0);
    expect(cache.get('k', 1, 1)).toBeUndefined();
    const off = new AnswerCache(0);
    off.set('k', answer(), 1, 0);
    expect(off.get('k', 1, 1)).toBeUndefined();
  });

  it('evicts the oldest entries past its bound', () => {
    const cache = new AnswerCache(1000, 2);
    cache.set('a', answer(), 1, 0);
    cache.set('b', answer(), 1, 0);
    cache.set('c', answer(), 1, 0);
    expect(cache.get('a', 1, 1)).toBeUndefined();
    expect(cache.get('c', 1, 1)).toBeDefined();
  });
});
