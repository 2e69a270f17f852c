import type { BusinessDataPoint } from '../datapoints/datapoint-model.js';
import type { ValueHit } from '../knowledge/retriever.js';
import { resolveDimension } from './dimension-resolver.js';
import { metricFilterConflict } from './metric-filter-conflict.js';
import { columnFilters } from './column-filters.js';
import { isTemporal, matchColumnMeasure } from './column-measures.js';
import { eventTimeColumn } from './time-verbs.js';
import { FILLER, findRun, phraseStems, questionWords, type Word } from './question-words.js';
import type { SemanticModel } from './semantic-model.js';
import type { SemanticDimension, SemanticQuery } from './semantic-query.js';
import { parseTime } from './time-phrases.js';
import { valueFilters } from './value-filters.js';

export type ParseOutcome = { kind: 'parsed'; query: SemanticQuery; metric?: BusinessDataPoint } | { kind: 'no_match' } | { kind: 'declined'; reason: string };

const DIMENSION_STOP = new Set(['by', 'for', 'in', 'from', 'with', 'and', 'where', 'top', 'last', 'since', 'during', 'over', 'per', 'of', 'this', 'past', 'than', 'between', 'has', 'have', 'had', 'is', 'are', 'was', 'were']);
const RANK_UP = new Set(['top', 'best', 'highest', 'largest', 'biggest', 'most', 'greatest']);
const RANK_DOWN = new Set(['bottom', 'worst', 'lowest', 'smallest', 'least', 'fewest']);
/** Groups a breakdown by an entity may have without "top N". */
const MAX_GROUPS = 500;
const SHARE = new Set(['share', 'percentage', 'percent', 'proportion', 'fraction']);
const HAS = new Set(['has', 'have', 'had', 'with', 'is', 'are', 'was', 'were', 'got', 'generated', 'generate', 'made', 'make']);

/**
 * Question words → a typed semantic query over one Business DataPoint, never guessing: every content
 * word must be explained (metric, dimension, value filter, time phrase, ranking), values of one
 * column form one IN list, and a filter that contradicts the metric's own rule declines.
 */
export function parseQuestion(question: string, model: SemanticModel, values: readonly ValueHit[], now: Date): ParseOutcome {
  const words = questionWords(question);
  const used = new Set<number>();
  const time = parseTime(words, now);
  time.used.forEach((i) => used.add(i));

  let limit: number | undefined;
  let order: 'asc' | 'desc' | undefined;
  const phrases: Word[][] = [];
  const take = (from: number, stopAt?: Set<string>) => {
    const phrase: Word[] = [];
    for (let j = from; j < words.length && !(stopAt ?? DIMENSION_STOP).has(words[j]!.text) && !used.has(j); j++) phrase.push(words[j]!);
    return phrase;
  };
  for (let i = 0; i < words.length - 1; i++) {
    const w = words[i]!.text;
    const n = Number(words[i + 1]!.text);
    if ((RANK_UP.has(w) || RANK_DOWN.has(w)) && Number.isInteger(n) && n > 0 && n <= 1000) {
      limit = n;
      order = RANK_DOWN.has(w) ? 'asc' : 'desc';
      used.add(i).add(i + 1);
      const phrase = take(i + 2);
      if (phrase.length) phrases.push(phrase);
      break;
    }
  }
  // "Which X has the most Y?": X ranked by Y, top 1.
  if (limit === undefined && ['which', 'what'].includes(words[0]?.text ?? '')) {
    const phrase = take(1, new Set([...DIMENSION_STOP, ...HAS]));
    const verb = 1 + phrase.length;
    const rank = words.findIndex((w, i) => i > verb && (RANK_UP.has(w.text) || RANK_DOWN.has(w.text)));
    if (phrase.length && HAS.has(words[verb]?.text ?? '') && rank > 0 && words.slice(verb + 1, rank).every((w) => w.text === 'the')) {
      limit = 1;
      order = RANK_DOWN.has(words[rank]!.text) ? 'asc' : 'desc';
      // "which customer" is what is ranked, never the measure.
      [0, verb, rank, ...words.slice(verb + 1, rank).map((w) => w.index), ...phrase.map((w) => w.index)].forEach((i) => used.add(i));
      phrases.push(phrase);
    }
  }

  // Literal values ("completed", "web") may sit inside a metric's phrase ("how many completed
  // orders"): match the metric around them; they become filters below.
  const valueWords = new Set<number>();
  for (const hit of values) {
    const stems = phraseStems(hit.value);
    const at = findRun(words, stems, used);
    if (at >= 0) for (let k = 0; k < stems.length; k++) valueWords.add(at + k);
  }
  const pickMetric = (fallback: boolean): MetricMatch => {
    const direct = matchMetric(words, used, model.metrics, fallback);
    // "or"/"and" between two values go with them ("how many completed and shipped orders").
    const joined = (w: Word) => ['or', 'and', 'either', 'not'].includes(w.text) && (valueWords.has(w.index - 1) || valueWords.has(w.index + 1));
    const around = valueWords.size ? matchMetric(words.filter((w) => !valueWords.has(w.index) && !joined(w)), used, model.metrics, fallback) : direct;
    // Prefer the plain reading ("web sessions" is a metric phrase even though "web" is also a value).
    return direct.kind === 'matched' && !(around.kind === 'matched' && around.length > direct.length) ? direct : around.kind === 'none' ? direct : around;
  };
  // A named metric first, then an aggregation over a column ("average rating"), then a table's row count.
  let match = pickMetric(false);
  let measure: Measure | undefined;
  let measureWords: number[] = [];
  const column = matchColumnMeasure(words, used, model);
  // "highest product price" is MAX(price) even though "product price" names a SUM metric.
  const wider = column && !('reason' in column) && match.kind === 'matched' && column.indexes.length > match.length && match.indexes.every((i) => column.indexes.includes(i));
  if (match.kind === 'none' || wider) {
    if (column && 'reason' in column) return { kind: 'declined', reason: column.reason };
    if (column) {
      measure = { id: `${column.table}.${column.column}`, aggregate: column.aggregate, table: column.table, name: `${{ SUM: 'total', AVG: 'average', MIN: 'lowest', MAX: 'highest' }[column.aggregate]} ${column.column.replace(/_/g, ' ')}`, filters: [], column: column.column };
      measureWords = column.indexes;
    } else match = pickMetric(true);
  }
  if (!measure) {
    if (match.kind !== 'matched') return match.kind === 'ambiguous' ? { kind: 'declined', reason: match.reason } : { kind: 'no_match' };
    const m = match.metric;
    measure = { id: m.id, table: m.table, name: m.name, filters: m.filters, metric: m, ...(m.time_column ? { timeColumn: m.time_column } : {}) };
    measureWords = match.indexes;
  }
  measureWords.forEach((i) => used.add(i));
  const metric = measure.metric;
  // A phrase that named the measure cannot also be a dimension ("top 5 products by revenue" keeps "products").
  for (const p of phrases) p.splice(0, p.length, ...p.filter((w) => !measureWords.includes(w.index)));
  phrases.forEach((p) => p.forEach((w) => used.add(w.index)));

  const perPhrases = new Set<Word[]>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.text;
    // "by X", "per X", "across X", "for each X", "in each X", "for every X".
    const each = (w === 'for' || w === 'in') && ['each', 'every'].includes(words[i + 1]?.text ?? '');
    if (used.has(i) || !(['by', 'per', 'across'].includes(w) || each)) continue;
    const phrase = take(i + (each ? 2 : 1));
    if (phrase.length) {
      used.add(i);
      if (each) used.add(i + 1);
      if (w === 'per') perPhrases.add(phrase);
      phrases.push(phrase);
      phrase.forEach((x) => used.add(x.index));
    }
  }
  const dimensions: SemanticDimension[] = [];
  for (const phrase of phrases.filter((p) => p.length)) {
    const resolved = resolveDimension(phrase, measure.table, metric, model, limit !== undefined);
    if ('reason' in resolved) return { kind: 'declined', reason: resolved.reason };
    // "revenue per customer" reads as a ratio (revenue ÷ customers) as often as a breakdown.
    if (perPhrases.has(phrase) && !resolved.column) {
      return { kind: 'declined', reason: `"per ${phrase.map((w) => w.text).join(' ')}" could be an average per ${resolved.table} or a breakdown by ${resolved.table}; say "by" or "average".` };
    }
    if (!dimensions.some((d) => d.table === resolved.table && d.column === resolved.column)) dimensions.push(resolved);
  }
  // A breakdown by a large entity is a list of thousands of rows: "top N" bounds it.
  const large = dimensions.find((d) => !d.column && (model.schema(d.table)?.row_count ?? 0) > MAX_GROUPS);
  if (large && limit === undefined) return { kind: 'declined', reason: `${large.table} has ${model.schema(large.table)!.row_count} rows; ask for the top N (e.g. "top 10 ${large.table} by ${measure.name.toLowerCase()}").` };
  if (limit !== undefined && dimensions.length === 0) return { kind: 'declined', reason: 'A "top N" question needs something to rank (e.g. "top 5 countries by revenue").' };

  // "shipped in 2026": the verb of a date column, or the status value "shipped"? Two readings: decline.
  const verb = time.grain || time.range ? eventTimeColumn(words, used, measure.table, model) : undefined;
  if (verb && !('reason' in verb) && valueWords.has(verb.indexes[0]!)) {
    return { kind: 'declined', reason: `"${words[verb.indexes[0]!]!.text}" could be a value filter or the date ${verb.column}.` };
  }
  const reach = [measure.table, ...[...model.reachable(measure.table).values()].map((r) => r.schema.table)];
  const valued = valueFilters(words, values, new Set(reach.map((t) => t.toLowerCase())), measure.table, used);
  if (valued.kind === 'declined') return valued;
  valued.used.forEach((i) => used.add(i));
  const byColumn = columnFilters(words, used, reach, model);
  if ('reason' in byColumn) return { kind: 'declined', reason: byColumn.reason };
  byColumn.used.forEach((i) => used.add(i));
  const filters = [...valued.filters, ...byColumn.filters];
  // "What share/percentage of orders were cancelled?": the filter is the share's condition, not a WHERE.
  const shareAt = words.findIndex((w) => SHARE.has(w.text) && words[w.index + 1]?.text === 'of' && !used.has(w.index));
  let share: SemanticQuery['share'] | undefined;
  const counting = metric !== undefined && /^COUNT\(\*\)$/i.test(metric.expression.replace(/\s+/g, ''));
  // "refund rate of orders": the share of rows whose value is the past participle ("refunded").
  const rateAt = words.findIndex((w) => w.text === 'rate' && w.index > 0 && !used.has(w.index) && !used.has(w.index - 1));
  if (rateAt > 0 && counting && filters.length === 0) {
    const stemWord = words[rateAt - 1]!.text;
    // Profiled sample values of low-cardinality columns hold every value; the retriever only exact words.
    const known = reach.flatMap((t) => (model.schema(t)?.columns ?? []).filter((c) => (c.stats?.distinct_count ?? 99) <= 50).flatMap((c) => (c.stats?.sample_values ?? []).map((v) => ({ table: t, column: c.name, value: String(v) }))));
    const hits = [...values, ...known].filter((h) => reach.some((t) => t.toLowerCase() === h.table.toLowerCase()) && [`${stemWord}ed`, `${stemWord}d`, `${stemWord}led`].includes(h.value.toLowerCase()));
    if (new Set(hits.map((h) => `${h.table}.${h.column}`)).size === 1) {
      share = { filters: [{ table: hits[0]!.table, column: hits[0]!.column, op: 'in', values: [hits[0]!.value] }], scale: 1 };
      used.add(rateAt).add(rateAt - 1);
    }
  }
  if (shareAt >= 0 && counting && !share) {
    if (filters.length !== 1) return { kind: 'declined', reason: `A share needs exactly one condition (found ${filters.length}).` };
    share = { filters: filters.splice(0, 1), scale: ['percentage', 'percent'].includes(words[shareAt]!.text) ? 100 : 1 };
    used.add(shareAt);
  }
  const conflict = metricFilterConflict(measure.name, measure.table, measure.filters, [...filters, ...(share?.filters ?? [])]);
  if (conflict) return { kind: 'declined', reason: conflict };

  // Which date a time phrase is about: an event verb ("signed up in 2024"), else the metric's time column.
  let timeColumn = measure.timeColumn;
  const event = eventTimeColumn(words, used, measure.table, model);
  const aboutTime = Boolean(time.grain || time.range);
  if (event && 'reason' in event && aboutTime) return { kind: 'declined', reason: event.reason };
  if (event && !('reason' in event) && (aboutTime || event.column === `${measure.table}.${measure.column}`)) {
    timeColumn = event.column;
    event.indexes.forEach((i) => used.add(i));
  }
  if (aboutTime && !timeColumn) {
    const dates = model.schema(measure.table)?.columns.filter(isTemporal) ?? [];
    if (dates.length !== 1) return { kind: 'declined', reason: `"${measure.name}" has ${dates.length ? 'several date columns' : 'no time column'} to filter or group by time${dates.length ? ` (${dates.map((c) => c.name).join(', ')})` : ''}.` };
    timeColumn = `${measure.table}.${dates[0]!.name}`;
  }

  // "When was the first order placed?" asks for the date itself; "what is the first order?" asks for an order.
  if (measure.column && model.schema(measure.table)?.columns.some((c) => c.name === measure.column && isTemporal(c))) {
    if (!words.some((w) => ['when', 'date', 'time', 'day'].includes(w.stem))) return { kind: 'declined', reason: `"${question}" asks for a row, not only its date.` };
    words.filter((w) => w.text === 'when').forEach((w) => used.add(w.index));
  }
  const tableStems = new Set([measure.table, ...filters.map((f) => f.table), ...dimensions.map((d) => d.table)].flatMap((t) => phraseStems(t)));
  const unexplained = words.filter((w) => !used.has(w.index) && !FILLER.has(w.text) && !tableStems.has(w.stem));
  if (unexplained.length) return { kind: 'declined', reason: `"${measure.name}" matched, but "${unexplained.map((w) => w.text).join(' ')}" is not something datachat can map without an LLM.` };

  const query: SemanticQuery = {
    measure: measure.id,
    ...(measure.aggregate ? { aggregate: measure.aggregate } : {}),
    dimensions,
    filters,
    ...(aboutTime ? { time: { ...(timeColumn !== measure.timeColumn ? { column: timeColumn } : {}), ...(time.grain ? { grain: time.grain } : {}), ...(time.range?.from ? { from: time.range.from } : {}), ...(time.range?.to ? { to: time.range.to } : {}), ...(time.range ? { label: time.range.label } : {}) } } : {}),
    ...(share ? { share } : {}),
    ...(order ? { order } : {}),
    ...(limit !== undefined ? { limit } : {}),
  };
  return { kind: 'parsed', query, ...(metric ? { metric } : {}) };
}

/** What the question computes: a Business DataPoint, or an aggregation over one column. */
interface Measure {
  id: string;
  table: string;
  name: string;
  filters: readonly string[];
  timeColumn?: string;
  metric?: BusinessDataPoint;
  aggregate?: 'SUM' | 'AVG' | 'MIN' | 'MAX';
  column?: string;
}

type MetricMatch = { kind: 'matched'; metric: BusinessDataPoint; indexes: number[]; length: number } | { kind: 'none' } | { kind: 'ambiguous'; reason: string };

function matchMetric(words: readonly Word[], used: ReadonlySet<number>, metrics: readonly BusinessDataPoint[], byTableName: boolean): MetricMatch {
  let best: { metric: BusinessDataPoint; length: number; at: number }[] = [];
  const content = words.filter((w) => w.text !== 'of' && w.text !== 'the');
  for (const metric of metrics) {
    for (const phrase of [metric.name, ...metric.synonyms, metric.id.replace(/_/g, ' ')]) {
      const stems = phraseStems(phrase).filter((s) => s !== 'of' && s !== 'the');
      if (!stems.length) continue;
      const at = findRun(content, stems, used);
      if (at < 0) continue;
      const entry = { metric, length: stems.length, at };
      if (!best.length || entry.length > best[0]!.length) best = [entry];
      else if (entry.length === best[0]!.length && !best.some((b) => b.metric.id === metric.id)) best.push(entry);
    }
  }
  if (!best.length && byTableName) best = countByTableName(content, used, metrics);
  if (!best.length) return { kind: 'none' };
  if (best.length > 1) return { kind: 'ambiguous', reason: `The question could mean several metrics: ${best.map((b) => b.metric.name).join(', ')}.` };
  const chosen = best[0]!;
  const indexes = content.slice(chosen.at, chosen.at + chosen.length).map((w) => w.index);
  return { kind: 'matched', metric: chosen.metric, indexes, length: chosen.length };
}

/**
 * Last resort: a table's name alone ("the most orders", "the most reviews" for product_reviews) is the
 * row count of that table, when exactly one COUNT(*) metric counts it and no other table shares the word.
 */
function countByTableName(content: readonly Word[], used: ReadonlySet<number>, metrics: readonly BusinessDataPoint[]): { metric: BusinessDataPoint; length: number; at: number }[] {
  const counts = metrics.filter((m) => /^COUNT\(\*\)$/i.test(m.expression.replace(/\s+/g, '')));
  const out: { metric: BusinessDataPoint; length: number; at: number }[] = [];
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
