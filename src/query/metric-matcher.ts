import type { BusinessDataPoint } from '../datapoints/datapoint-model.js';
import { findRun, phraseStems, type Word } from './question-words.js';

export type MetricMatch =
  | { kind: 'matched'; metric: BusinessDataPoint; indexes: number[]; length: number }
  | { kind: 'none' }
  | { kind: 'ambiguous'; reason: string };
type Candidate = { metric: BusinessDataPoint; length: number; at: number };
const SKIPPED = new Set(['of', 'the', 'our', 'my', 'your', 'their', 'all']);

/** The Business DataPoint whose name or synonym is the longest run of question words; ties are ambiguous. */
export function matchMetric(
  words: readonly Word[],
  used: ReadonlySet<number>,
  metrics: readonly BusinessDataPoint[],
  byTableName: boolean,
): MetricMatch {
  let best: Candidate[] = [];
  // Possessives and determiners between a metric's words ("average balance of our customers") name nothing.
  const content = words.filter((w) => !SKIPPED.has(w.text));
  for (const metric of metrics) {
    for (const phrase of [metric.name, ...metric.synonyms, metric.id.replace(/_/g, ' ')]) {
      const stems = phraseStems(phrase).filter((s) => !SKIPPED.has(s));
      if (!stems.length) continue;
      const at = findRun(content, stems, used);
      if (at < 0) continue;
      const entry = { metric, length: stems.length, at };
      if (!best.length || entry.length > best[0]!.length) best = [entry];
      else if (entry.length === best[0]!.length && !best.some((b) => b.metric.id === metric.id)) best.push(entry);
    }
  }
  if (!best.length && byTableName && !asksForRows(words)) best = countByTableName(content, used, metrics);
  if (!best.length) return { kind: 'none' };
  if (best.length > 1) {
    const names = best.map((b) => b.metric.name).join(', ');
    return { kind: 'ambiguous', reason: `The question could mean several metrics: ${names}.` };
  }
  const chosen = best[0]!;
  const indexes = content.slice(chosen.at, chosen.at + chosen.length).map((w) => w.index);
  return { kind: 'matched', metric: chosen.metric, indexes, length: chosen.length };
}

/** Words that ask to see rows ("give me the cities in Texas", "what are the states"). */
const LIST_CUES = new Set(['give', 'list', 'show', 'tell', 'name', 'names', 'what', 'which', 'display', 'find', 'get']);
/** Words that make a bare table name a count ("how many", "the most orders", "orders by month"). */
const COUNT_CUES = new Set([
  'many',
  'number',
  'count',
  'counts',
  'most',
  'fewest',
  'least',
  'more',
  'fewer',
  'total',
  'by',
  'per',
  'each',
  'share',
  'percentage',
  'percent',
  'rate',
  'ratio',
  'proportion',
]);

/** A question that asks for rows and has no counting word: a table's name in it is not a count of its rows. */
function asksForRows(words: readonly Word[]): boolean {
  return words.some((w) => LIST_CUES.has(w.text)) && !words.some((w) => COUNT_CUES.has(w.text));
}

/**
 * Last resort: a table's name alone ("the most orders", "the most reviews" for product_reviews) is the
 * row count of that table, when exactly one COUNT(*) metric counts it and no other table shares the word.
 */
function countByTableName(
  content: readonly Word[],
  used: ReadonlySet<number>,
  metrics: readonly BusinessDataPoint[],
): Candidate[] {
  const counts = metrics.filter((m) => /^COUNT\(\*\)$/i.test(m.expression.replace(/\s+/g, '')));
  const out: Candidate[] = [];
  for (const metric of counts) {
    const stems = phraseStems(metric.table);
    const tail = stems.slice(-1);
    const sharing = counts.filter((m) => m.table !== metric.table && phraseStems(m.table).slice(-1)[0] === tail[0]);
    for (const phrase of sharing.length ? [stems] : [stems, tail]) {
      const at = findRun(content, phrase, used);
      if (at >= 0) {
        out.push({ metric, length: phrase.length, at });
        break;
      }
    }
  }
  // Two COUNT(*) metrics on one table are two readings; keep both so the caller declines.
  return out;
}
