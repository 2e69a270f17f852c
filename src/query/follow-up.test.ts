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

  it('a value of the same column replaces the previous values; other columns stay', () => {
    const values = [
      ...['web', 'mobile', 'store'].map((value) => ({ table: 'orders', column: 'channel', value })),
      ...['completed', 'cancelled'].map((value) => ({ table: 'orders', column: 'status', value })),
    ];
    expect(mergeFollowUp('how many web orders', 'only mobile', now, values)).toBe('how many orders mobile');
    expect(mergeFollowUp('revenue from web or store orders', 'just mobile?', now, values)).toBe(
      'revenue from orders mobile',
    );
    expect(mergeFollowUp('how many completed web orders', 'only mobile', now, values)).toBe(
      'how many completed orders mobile',
    );
    // A value of another column is one more filter.
    expect(mergeFollowUp('how many web orders', 'only cancelled', now, values)).toBe('how many web orders cancelled');
  });
});
