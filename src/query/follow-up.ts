import { questionWords } from './question-words.js';
import { parseTime } from './time-phrases.js';

/** Openings that make a question a follow-up of the previous one ("and by month?", "what about 2023?", "only mobile"). */
const FOLLOW_UP = /^\s*(and|also|what about|how about|now|same but|same for|but|only|just)\b[\s,]*/i;

/**
 * The previous question extended by a follow-up, for the deterministic planners. A new time range or
 * grain replaces the previous one ("revenue in 2024" + "what about 2023?" → "revenue in 2023");
 * anything else is appended, and the compiler still has to explain every word or decline.
 */
export function mergeFollowUp(previous: string | undefined, question: string, now: Date): string {
  if (!previous || !FOLLOW_UP.test(question)) return question;
  let rest = question.replace(FOLLOW_UP, '').replace(/[?.!]+\s*$/, '').trim();
  // "what about 2023?": a bare year or quarter is a range.
  if (/^((19|20)\d{2}|q[1-4] (19|20)\d{2})$/i.test(rest)) rest = `in ${rest}`;
  const next = parseTime(questionWords(rest), now);
  if (!next.range && !next.grain) return `${previous.replace(/[?.!]+\s*$/, '')} ${rest}`;
  const words = questionWords(previous);
  const before = parseTime(words, now);
  // Drop only the part the follow-up replaces: its range, its grain, or both.
  const drop = new Set<number>();
  const replaced = (i: number) => (before.grainUsed.includes(i) ? Boolean(next.grain) : Boolean(next.range));
  before.used.filter(replaced).forEach((i) => drop.add(i));
  if ((next.range && before.range) || (next.grain && before.grain) || drop.size) {
    return `${words.filter((w) => !drop.has(w.index)).map((w) => w.text).join(' ')} ${rest}`;
  }
  return `${previous.replace(/[?.!]+\s*$/, '')} ${rest}`;
}
