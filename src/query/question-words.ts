import { stem } from '../knowledge/identifier-text.js';

/** One word of a question, with its position, for "every word accounted for" checks. */
export interface Word {
  text: string;
  stem: string;
  index: number;
}

/**
 * Words with no content of their own: a deterministic plan may leave these unexplained. Not "value":
 * "order value" asks for an amount, so a count of orders would be a wrong answer.
 */
export const FILLER = new Set(
  (
    'a an and are as at be been by can could do does did for from give has have how i in is it its me my of on or our per please ' +
    'show tell that the their there these this those to us was we were what whats which who would you your list get find display ' +
    'all each every overall breakdown broken down split grouped group total number count many much so far ever'
  ).split(' '),
);

/** Lower-case words of a question (apostrophes dropped, numbers kept), stemmed. */
export function questionWords(question: string): Word[] {
  return question
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .split(/[^\p{L}\p{N}_-]+/u)
    .flatMap((w) => w.split('_'))
    .filter(Boolean)
    .map((text, index) => ({ text, stem: stem(text), index }));
}

/** Stems of a phrase or identifier (`total_amount` → total, amount). */
export function phraseStems(phrase: string): string[] {
  return questionWords(phrase.replace(/([a-z0-9])([A-Z])/g, '$1 $2')).map((w) => w.stem);
}

/**
 * Position in `haystack` where `needle` starts as a contiguous run of stems (first match), or -1.
 * `used` holds word indexes (Word.index), so a filtered haystack works too.
 */
export function findRun(
  haystack: readonly Word[],
  needle: readonly string[],
  used: ReadonlySet<number> = new Set(),
): number {
  if (!needle.length) return -1;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      const word = haystack[i + j]!;
      if (used.has(word.index) || word.stem !== needle[j]) continue outer;
    }
    return i;
  }
  return -1;
}
