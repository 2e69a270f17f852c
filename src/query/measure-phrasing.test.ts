import { describe, expect, it } from 'vitest';
import { measurePhrasingIndexes } from './measure-phrasing.js';
import { questionWords } from './question-words.js';

const explained = (question: string, column: string[], measure: string[]) => {
  const words = questionWords(question);
  return measurePhrasingIndexes(words, new Set(), column, measure)
    .map((i) => words[i]!.text)
    .sort();
};

describe('measurePhrasingIndexes', () => {
  it('explains "in <the column>" and "how long" for a length measure', () => {
    expect(explained('how long is the longest track in milliseconds', ['millisecond'], ['longest', 'track'])).toEqual([
      'in',
      'long',
      'milliseconds',
    ]);
  });

  it('leaves other units and "how long" of a non-length measure unexplained', () => {
    expect(explained('total size of tracks in bytes', ['millisecond'], ['total'])).toEqual([]);
    expect(explained('how long is the highest total', ['total'], ['highest', 'total'])).toEqual([]);
    expect(explained('revenue in germany', ['total'], ['revenue'])).toEqual([]);
  });
});
