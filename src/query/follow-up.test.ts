import { describe, expect, it } from 'vitest';
import { mergeFollowUp } from './follow-up.js';

const now = new Date('2026-11-26T00:00:00Z');

describe('mergeFollowUp', () => {
  it.each([
    ['revenue in 2024', 'what about 2023?', 'revenue in 2023'],
    ['revenue by month in 2024', 'and in 2023', 'revenue by month in 2023'],
    ['revenue by month in 2024', 'and by quarter?', 'revenue in 2024 by quarter'],
    ['revenue in 2024', 'and by channel?', 'revenue in 2024 by channel'],
    ['how many orders', 'only mobile', 'how many orders mobile'],
    ['revenue last month', 'what about last 12 months', 'revenue last 12 months'],
  ])('%s + %s', (previous, question, merged) => expect(mergeFollowUp(previous, question, now)).toBe(merged));

  it('leaves a question that is not a follow-up alone', () => {
    expect(mergeFollowUp('revenue in 2024', 'How many customers?', now)).toBe('How many customers?');
    expect(mergeFollowUp(undefined, 'and in 2023', now)).toBe('and in 2023');
  });
});
