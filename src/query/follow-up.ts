import { findRun, phraseStems, questionWords } from './question-words.js';
import { parseTime } from './time-phrases.js';

/** Openings that make a question a follow-up of the previous one ("and by month?", "what about 2023?", "only mobile"). */
const FOLLOW_UP = /^\s*(and|also|what about|how about|now|same but|same for|but|only|just)\b[\s,]*/i;

/** True when the question opens like a follow-up of the previous one. */
export const isFollowUp = (question: string) => FOLLOW_UP.test(question);

/**
 * The previous question extended by a follow-up, for the deterministic planners. A new time range or
 * grain replaces the previous one ("revenue in 2024" + "what about 2023?" → "revenue in 2023");
 * anything else is appended, and the compiler still has to explain every word or decline.
 */
export function mergeFollowUp(
  previous: string | undefined,
  question: string,
  now: Date,
  /** Literal values found in the previous question and the follow-up, with their columns (the value index). */
  values: readonly ColumnValue[] = [],
): string {
  if (!previous || !FOLLOW_UP.test(question)) return question;
  let rest = question
    .replace(FOLLOW_UP, '')
    .replace(/[?.!]+\s*$/, '')
    .trim();
  // "only mobile" after "web orders": a value of the same column replaces the previous ones.
  previous = withoutReplacedValues(previous, rest, values);
  // "what about 2023?": a bare year or quarter is a range.
  if (/^((19|20)\d{2}|q[1-4] (19|20)\d{2})$/i.test(rest)) rest = `in ${rest}`;
  const next = parseTime(questionWords(rest), now);
  if (!next.range && !next.grain) return `${previous.replace(/[?.!]+\s*$/, '')} ${rest}`;
  const words = questionWords(previous);
  const before = parseTime(words, now);
  // Drop only the part the follow-up replaces: its range, its grain, or both.
  const drop = new Set<number>();
  const replaced = (i: number) => (before.grainUsed.includes(i) ? Boolean(next.grain) : Boolean(next.range));
  before.used.filter(replaced).forEach((i) => void drop.add(i));
  if ((next.range && before.range) || (next.grain && before.grain) || drop.size) {
    return `${words
      .filter((w) => !drop.has(w.index))
      .map((w) => w.text)
      .join(' ')} ${rest}`;
  }
  return `${previous.replace(/[?.!]+\s*$/, '')} ${rest}`;
}

/** A literal value of a column, as the value index finds it. */
export interface ColumnValue {
  table: string;
  column: string;
  value: string;
}

/**
 * The previous question without the values of columns the follow-up names a value of: "how many web
 * orders" + "mobile" → "how many orders". Values of other columns stay (they still AND).
 */
function withoutReplacedValues(previous: string, rest: string, values: readonly ColumnValue[]): string {
  const restWords = questionWords(rest);
  const key = (v: ColumnValue) => `${v.table}.${v.column}`.toLowerCase();
  const named = new Set(values.filter((v) => findRun(restWords, phraseStems(v.value)) >= 0).map(key));
  if (!named.size) return previous;
  const words = questionWords(previous);
  const drop = new Set<number>();
  for (const v of values.filter((x) => named.has(key(x)))) {
    const stems = phraseStems(v.value);
    const at = findRun(words, stems, drop);
    if (at < 0 || findRun(restWords, stems) >= 0) continue;
    for (let k = 0; k < stems.length; k++) drop.add(at + k);
    // "web or store orders" → both values go, and the connective between them.
    for (const i of [at - 1, at + stems.length]) if (['or', 'and', 'not'].includes(words[i]?.text ?? '')) drop.add(i);
  }
  if (!drop.size) return previous;
  return words
    .filter((w) => !drop.has(w.index))
    .map((w) => w.text)
    .join(' ');
}
