import type { Word } from './question-words.js';

/** Words of a length or duration measure ("how long" asks for it): its name or its time unit. */
const LENGTH_WORDS = new Set([
  'longest',
  'shortest',
  'length',
  'duration',
  'long',
  'millisecond',
  'second',
  'minute',
  'hour',
]);

/**
 * Words that only restate the measure's column: "in milliseconds" for a `milliseconds` column, and
 * "how long" when the measure is itself a length ("how long is the longest track"). Nothing else.
 */
export function measurePhrasingIndexes(
  words: readonly Word[],
  used: ReadonlySet<number>,
  /** Stems of the measured column's words, and of the words already matched as the measure. */
  columnWords: readonly string[],
  measureWords: readonly string[],
): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < words.length; i++) {
    const next = words[i + 1]!;
    if (words[i]!.text === 'in' && !used.has(i) && !used.has(next.index) && columnWords.includes(next.stem))
      out.push(i, next.index);
  }
  const lengthMeasure = [...columnWords, ...measureWords].some((s) => LENGTH_WORDS.has(s));
  for (let i = 0; i + 1 < words.length; i++) {
    if (words[i]!.text === 'how' && words[i + 1]!.text === 'long' && !used.has(i + 1) && lengthMeasure) out.push(i + 1);
  }
  return out;
}
