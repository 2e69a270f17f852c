import type { Word } from './question-words.js';

/** Adjectives of an extreme that, before a thing's noun, pick that thing: "the longest river", "the first order". */
const SUPERLATIVE = new Set(
  (
    'longest shortest largest biggest smallest highest lowest tallest heaviest lightest oldest youngest newest ' +
    'latest earliest first last greatest cheapest deepest most least maximum minimum'
  ).split(' '),
);
/** Words that ask for the value itself: "how long is the longest film", "when was the first order placed". */
const VALUE_CUES = new Set(['how', 'when', 'date', 'time', 'day', 'year', 'value', 'amount', 'much', 'many']);

/**
 * "What is the longest river?" asks for the river, not for MAX(length): a superlative in the measure's
 * words right before the measure table's noun, the measured column never named ("the length of the
 * longest river" asks for the length) and no "how"/"when". The caller answers the row or declines.
 */
export function asksForExtremeRow(
  words: readonly Word[],
  measureWords: readonly number[],
  /** Stems of the measure table's name ("river"). */
  tableStems: readonly string[],
  /** Stems of the measured column's name ("length"). */
  columnStems: readonly string[],
): boolean {
  if (words.some((w) => VALUE_CUES.has(w.text))) return false;
  const naming = new Set(columnStems.filter((s) => !tableStems.includes(s)));
  if (words.some((w) => naming.has(w.stem))) return false;
  return words.some((w, i) => {
    if (!SUPERLATIVE.has(w.text) || !measureWords.includes(w.index)) return false;
    const next = words[i + 1]?.text === 'recent' ? words[i + 2] : words[i + 1];
    return next !== undefined && tableStems.includes(next.stem);
  });
}
