import type { BusinessDataPoint } from '../datapoints/datapoint-model.js';
import type { ValueHit } from '../knowledge/retriever.js';
import { resolveDimension } from './dimension-resolver.js';
import { metricFilterConflict } from './metric-filter-conflict.js';
import { columnFilters } from './column-filters.js';
import { isTemporal, matchColumnMeasure } from './column-measures.js';
import { eventTimeColumn } from './time-verbs.js';
import { columnStems, tableStems as tableWords } from './identifier-stems.js';
import { rowVerbIndexes } from './row-verbs.js';
import { asksForExtremeRow } from './superlative-row.js';
import { relatedConditions } from './related-rows.js';
import { measurePhrasingIndexes } from './measure-phrasing.js';
import { extremeColumn, singleColumn } from './metric-columns.js';
import { FILLER, findRun, phraseStems, questionWords, type Word } from './question-words.js';
import type { SemanticModel } from './semantic-model.js';
import type { SemanticDimension, SemanticQuery } from './semantic-query.js';
import { parseTime } from './time-phrases.js';
import { matchMetric, type MetricMatch } from './metric-matcher.js';
import { valueFilters } from './value-filters.js';

export type ParseOutcome =
  | { kind: 'parsed'; query: SemanticQuery; metric?: BusinessDataPoint }
  | { kind: 'no_match' }
  | { kind: 'declined'; reason: string };

const DIMENSION_STOP = new Set(
  (
    'by for in from with and where top last since during over per of this past than between ' +
    'has have had is are was were'
  ).split(' '),
);
const RANK_UP = new Set(['top', 'best', 'highest', 'largest', 'biggest', 'most', 'greatest']);
const RANK_DOWN = new Set(['bottom', 'worst', 'lowest', 'smallest', 'least', 'fewest']);
/** Groups a breakdown by an entity may have without "top N". */
const MAX_GROUPS = 500;
const SHARE = new Set(['share', 'percentage', 'percent', 'proportion', 'fraction']);
/**
 * Verbs of "which X <verb> the most Y" that only say X relates to Y's rows (the join), never a state
 * of Y: "which shipper carried the most orders". "returned", "cancelled" filter Y, so they are not here.
 */
const HAS = new Set(
  (
    'has have had with is are was were got generated generate made make carried carries handled handles ' +
    'processed processes placed places served serves'
  ).split(' '),
);
const COUNTING = new Set(['how', 'many', 'number', 'count', 'total', 'most', 'fewest', 'least']);
const TOTAL = new Set(['total', 'sum', 'overall', 'combined', 'altogether', 'all']);
const SCOPE = new Set(['catalog', 'catalogue', 'database', 'system']);
const AVERAGE = new Set(['average', 'avg', 'mean', 'typical']);
const isCount = (m: Measure) => m.metric !== undefined && ['COUNT', 'COUNT_DISTINCT'].includes(m.metric.aggregation);
const declined = (reason: string) => ({ kind: 'declined' as const, reason });

/**
 * Question words → a typed semantic query over one Business DataPoint, never guessing: every content
 * word must be explained (metric, dimension, value filter, time phrase, ranking), values of one
 * column form one IN list, and a filter that contradicts the metric's own rule declines.
 */
export function parseQuestion(
  question: string,
  model: SemanticModel,
  values: readonly ValueHit[],
  now: Date,
): ParseOutcome {
  const words = questionWords(question);
  const used = new Set<number>();
  const time = parseTime(words, now);
  time.used.forEach((i) => void used.add(i));
  // "customers with more than 5 orders", "customers without orders": conditions on related rows.
  const related = relatedConditions(words, used, model);
  for (const i of related.used) used.add(i);

  let limit: number | undefined;
  let order: 'asc' | 'desc' | undefined;
  const phrases: Word[][] = [];
  const take = (from: number, stopAt?: Set<string>) => {
    const phrase: Word[] = [];
    const stop = stopAt ?? DIMENSION_STOP;
    for (let j = from; j < words.length && !stop.has(words[j]!.text) && !used.has(j); j++) phrase.push(words[j]!);
    return phrase;
  };
  for (let i = 0; i < words.length - 1; i++) {
    const w = words[i]!.text;
    const n = Number(words[i + 1]!.text);
    if (!used.has(i) && (RANK_UP.has(w) || RANK_DOWN.has(w)) && Number.isInteger(n) && n > 0 && n <= 1000) {
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
    const onlyThe = words.slice(verb + 1, rank).every((w) => w.text === 'the');
    if (phrase.length && HAS.has(words[verb]?.text ?? '') && rank > 0 && onlyThe) {
      limit = 1;
      order = RANK_DOWN.has(words[rank]!.text) ? 'asc' : 'desc';
      // "which customer" is what is ranked, never the measure.
      const between = words.slice(verb + 1, rank).map((w) => w.index);
      const ranking = [0, verb, rank, ...between, ...phrase.map((w) => w.index)];
      ranking.forEach((i) => void used.add(i));
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
    const joined = (w: Word) =>
      ['or', 'and', 'either', 'not'].includes(w.text) && (valueWords.has(w.index - 1) || valueWords.has(w.index + 1));
    const rest = words.filter((w) => !valueWords.has(w.index) && !joined(w));
    const around = valueWords.size ? matchMetric(rest, used, model.metrics, fallback) : direct;
    // Prefer the plain reading ("web sessions" is a metric phrase even though "web" is also a value).
    if (direct.kind === 'matched' && !(around.kind === 'matched' && around.length > direct.length)) return direct;
    return around.kind === 'none' ? direct : around;
  };
  // A named metric first, then an aggregation over a column ("average rating"), then a table's row count.
  let match = pickMetric(false);
  let measure: Measure | undefined;
  let measureWords: number[] = [];
  const column = matchColumnMeasure(words, used, model);
  // "highest product price" is MAX(price) even though "product price" names a SUM metric.
  // Only a different aggregation overrides a metric: "total sales" stays the curated SUM metric, with its rules.
  const wider =
    column &&
    !('reason' in column) &&
    match.kind === 'matched' &&
    column.indexes.length > match.length &&
    match.indexes.every((i) => column.indexes.includes(i)) &&
    column.aggregate !== match.metric.aggregation;
  if (match.kind === 'none' || wider) {
    if (column && 'reason' in column) return declined(column.reason);
    if (column) {
      const word = { SUM: 'total', AVG: 'average', MIN: 'lowest', MAX: 'highest' }[column.aggregate];
      const name = `${word} ${column.column.replace(/_/g, ' ')}`;
      const { table, aggregate } = column;
      measure = { id: `${table}.${column.column}`, aggregate, table, name, filters: [], column: column.column };
      measureWords = column.indexes;
    } else {
      match = pickMetric(true);
      // "customers per store": the table named after by/per/each is what is grouped by, not what is counted.
      if (match.kind === 'ambiguous') {
        const grouped = groupingWords(words);
        const retry = matchMetric(words, new Set([...used, ...grouped]), model.metrics, true);
        if (retry.kind === 'matched') match = retry;
      }
      // A table's name alone counts only when the question counts or ranks: "which airline has code
      // UAL?" asks for the airline, not for how many there are.
      const counts = words.some((w) => COUNTING.has(w.text)) || limit !== undefined;
      const first = words[0]?.text ?? '';
      const named = match.kind === 'matched' && match.indexes.includes(1);
      const asksWhich = first === 'which' || first === 'who' || (first === 'what' && named);
      if (match.kind === 'matched' && asksWhich && !counts) {
        return declined(`"${question}" asks for rows, not a number.`);
      }
    }
  }
  if (!measure) {
    if (match.kind !== 'matched') return match.kind === 'ambiguous' ? declined(match.reason) : { kind: 'no_match' };
    const m = match.metric;
    const timeColumn = m.time_column ? { timeColumn: m.time_column } : {};
    measure = { id: m.id, table: m.table, name: m.name, filters: m.filters, metric: m, ...timeColumn };
    measureWords = match.indexes;
  }
  measureWords.forEach((i) => void used.add(i));
  const metric = measure.metric;
  // A phrase that named the measure cannot also be a dimension ("top 5 products by revenue" keeps "products").
  for (const p of phrases) p.splice(0, p.length, ...p.filter((w) => !measureWords.includes(w.index)));
  phrases.forEach((p) => void p.forEach((w) => void used.add(w.index)));

  const perPhrases = new Set<Word[]>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.text;
    // "by X", "per X", "across X", "for each X", "in each X", "for every X".
    const each = (w === 'for' || w === 'in') && ['each', 'every'].includes(words[i + 1]?.text ?? '');
    if (used.has(i) || !(['by', 'per', 'across'].includes(w) || each)) continue;
    const phrase = take(i + (each ? 2 : 1));
    // "total quantity across suppliers" sums over them as often as it breaks down by them.
    if (w === 'across' && words.some((x) => TOTAL.has(x.text))) {
      return declined(`"across" after a total could be one sum or a breakdown; say "by" for a breakdown.`);
    }
    if (phrase.length) {
      used.add(i);
      if (each) used.add(i + 1);
      if (w === 'per') perPhrases.add(phrase);
      phrases.push(phrase);
      phrase.forEach((x) => void used.add(x.index));
    }
  }
  const dimensions: SemanticDimension[] = [];
  for (const phrase of phrases.filter((p) => p.length)) {
    const resolved = resolveDimension(phrase, measure.table, metric, model, limit !== undefined);
    if ('reason' in resolved) return declined(resolved.reason);
    // "revenue per customer" reads as a ratio (revenue ÷ customers) as often as a breakdown.
    // A count per entity with no "average" ("number of tracks per genre") lists the counts: a breakdown.
    const countPer = isCount(measure) && !words.some((w) => AVERAGE.has(w.text));
    if (perPhrases.has(phrase) && !resolved.column && !countPer) {
      const per = phrase.map((w) => w.text).join(' ');
      const t = resolved.table;
      return declined(`"per ${per}" could be an average per ${t} or a breakdown by ${t}; say "by" or "average".`);
    }
    if (!dimensions.some((d) => d.table === resolved.table && d.column === resolved.column)) dimensions.push(resolved);
  }
  // A breakdown by a large entity is a list of thousands of rows: "top N" bounds it.
  const large = dimensions.find((d) => !d.column && (model.schema(d.table)?.row_count ?? 0) > MAX_GROUPS);
  if (large && limit === undefined) {
    const rows = model.schema(large.table)!.row_count;
    const example = `top 10 ${large.table} by ${measure.name.toLowerCase()}`;
    return declined(`${large.table} has ${rows} rows; ask for the top N (e.g. "${example}").`);
  }
  if (limit !== undefined && dimensions.length === 0) {
    return declined('A "top N" question needs something to rank (e.g. "top 5 countries by revenue").');
  }

  // "shipped in 2026": the verb of a date column, or the status value "shipped"? Two readings: decline.
  const verb = time.grain || time.range ? eventTimeColumn(words, used, measure.table, model) : undefined;
  if (verb && !('reason' in verb) && valueWords.has(verb.indexes[0]!)) {
    return declined(`"${words[verb.indexes[0]!]!.text}" could be a value filter or the date ${verb.column}.`);
  }
  const reach = [measure.table, ...[...model.reachable(measure.table).values()].map((r) => r.schema.table)];
  const columnWords = (table: string, column: string) => {
    const ofTable = tableWords(table);
    return columnStems(model.schema(table), column).filter((s) => !ofTable.includes(s));
  };
  const inReach = new Set(reach.map((t) => t.toLowerCase()));
  const valued = valueFilters(words, values, inReach, measure.table, used, columnWords, model);
  if (valued.kind === 'declined') return valued;
  valued.used.forEach((i) => void used.add(i));
  const byColumn = columnFilters(words, used, reach, model);
  if ('reason' in byColumn) return declined(byColumn.reason);
  byColumn.used.forEach((i) => void used.add(i));
  const filters = [...valued.filters, ...byColumn.filters];
  // "What share/percentage of orders were cancelled?": the filter is the share's condition, not a WHERE.
  const shareAt = words.findIndex((w) => SHARE.has(w.text) && words[w.index + 1]?.text === 'of' && !used.has(w.index));
  let share: SemanticQuery['share'] | undefined;
  const counting = metric !== undefined && /^COUNT\(\*\)$/i.test(metric.expression.replace(/\s+/g, ''));
  // "refund rate of orders": the share of rows whose value is the past participle ("refunded").
  const free = (i: number) => i >= 0 && !used.has(i);
  const rateAt = words.findIndex((w) => w.text === 'rate' && free(w.index) && free(w.index - 1));
  if (rateAt > 0 && counting && filters.length === 0) {
    const stemWord = words[rateAt - 1]!.text;
    const forms = [`${stemWord}ed`, `${stemWord}d`, `${stemWord}led`];
    // Profiled sample values of low-cardinality columns hold every value; the retriever only exact words.
    const known = reach.flatMap((t) =>
      (model.schema(t)?.columns ?? [])
        .filter((c) => (c.stats?.distinct_count ?? 99) <= 50)
        .flatMap((c) => (c.stats?.sample_values ?? []).map((v) => ({ table: t, column: c.name, value: String(v) }))),
    );
    const inReach = (table: string) => reach.some((t) => t.toLowerCase() === table.toLowerCase());
    const hits = [...values, ...known].filter((h) => inReach(h.table) && forms.includes(h.value.toLowerCase()));
    if (new Set(hits.map((h) => `${h.table}.${h.column}`)).size === 1) {
      const hit = hits[0]!;
      share = { filters: [{ table: hit.table, column: hit.column, op: 'in', values: [hit.value] }], scale: 1 };
      used.add(rateAt).add(rateAt - 1);
    }
  }
  if (shareAt >= 0 && counting && !share) {
    if (filters.length !== 1) return declined(`A share needs exactly one condition (found ${filters.length}).`);
    const scale = ['percentage', 'percent'].includes(words[shareAt]!.text) ? 100 : 1;
    share = { filters: filters.splice(0, 1), scale };
    used.add(shareAt);
  }
  const all = [...filters, ...(share?.filters ?? [])];
  const conflict = metricFilterConflict(measure.name, measure.table, measure.filters, all);
  if (conflict) return { kind: 'declined', reason: conflict };

  // Which date a time phrase is about: an event verb ("signed up in 2024"), else the metric's time column.
  let timeColumn = measure.timeColumn;
  const event = eventTimeColumn(words, used, measure.table, model);
  const aboutTime = Boolean(time.grain || time.range);
  if (event && 'reason' in event && aboutTime) return declined(event.reason);
  // "When was the first order placed?": the verb names the very date the measure takes MIN/MAX of.
  const extreme = measure.column ?? extremeColumn(metric);
  if (event && !('reason' in event) && (aboutTime || event.column === `${measure.table}.${extreme}`)) {
    timeColumn = event.column;
    event.indexes.forEach((i) => void used.add(i));
  }
  if (aboutTime && !timeColumn) {
    const dates = model.schema(measure.table)?.columns.filter(isTemporal) ?? [];
    if (dates.length !== 1) {
      const which = dates.length ? `several date columns (${dates.map((c) => c.name).join(', ')})` : 'no time column';
      return declined(`"${measure.name}" has ${which} to filter or group by time.`);
    }
    timeColumn = `${measure.table}.${dates[0]!.name}`;
  }

  // "When was the first order placed?" asks for the date itself; "what is the first order?" asks for an order.
  const dateMeasure = model.schema(measure.table)?.columns.some((c) => c.name === extreme && isTemporal(c));
  const measured = extreme ?? singleColumn(metric);
  const namedBy = measured ? columnStems(model.schema(measure.table), measured) : [];
  const measureStems = measureWords.map((i) => words[i]!.stem);
  measurePhrasingIndexes(words, used, namedBy, measureStems).forEach((i) => void used.add(i));
  // "What is the longest river?" names the river with the maximum length, never the length alone.
  const extremeOf = measure.aggregate ?? metric?.aggregation;
  const tableNoun = tableWords(measure.table);
  const isExtreme = ['MIN', 'MAX'].includes(extremeOf ?? '');
  const row = isExtreme && asksForExtremeRow(words, measureWords, tableNoun, namedBy);
  // "the length of the longest river": the column's own name restates a MIN/MAX measure.
  for (const w of words) if (isExtreme && namedBy.includes(w.stem) && !tableNoun.includes(w.stem)) used.add(w.index);
  // A curated MIN/MAX date metric is a date by definition: "when" asks for it; only a column measure may be a row.
  if (metric && dateMeasure) words.filter((w) => w.text === 'when').forEach((w) => void used.add(w.index));
  if (measure.column && dateMeasure) {
    const asksDate = words.some((w) => ['when', 'date', 'time', 'day'].includes(w.stem));
    if (!asksDate) return declined(`"${question}" asks for a row, not only its date.`);
    words.filter((w) => w.text === 'when').forEach((w) => void used.add(w.index));
  }
  rowVerbIndexes(words, used, tableWords(measure.table)).forEach((i) => void used.add(i));
  // "How many tracks are in the catalogue?": the whole table, when no table is called that.
  const scope = words.findIndex(
    (w, i) => SCOPE.has(w.text) && !used.has(i) && words[i - 1]?.text === 'the' && !model.schema(w.text),
  );
  if (scope >= 0 && scope === words.length - 1) used.add(scope);
  const tables = [measure.table, ...filters.map((f) => f.table), ...dimensions.map((d) => d.table)];
  const tableStems = new Set(tables.flatMap((t) => [...phraseStems(t), ...tableWords(t)]));
  const unexplained = words.filter((w) => !used.has(w.index) && !FILLER.has(w.text) && !tableStems.has(w.stem));
  if (unexplained.length) {
    const text = unexplained.map((w) => w.text).join(' ');
    return declined(`"${measure.name}" matched, but "${text}" is not something datachat can map without an LLM.`);
  }

  const query: SemanticQuery = {
    measure: measure.id,
    ...(measure.aggregate ? { aggregate: measure.aggregate } : {}),
    dimensions,
    filters,
    ...(aboutTime
      ? {
          time: {
            ...(timeColumn !== measure.timeColumn ? { column: timeColumn } : {}),
            ...(time.grain ? { grain: time.grain } : {}),
            ...(time.range?.from ? { from: time.range.from } : {}),
            ...(time.range?.to ? { to: time.range.to } : {}),
            ...(time.range ? { label: time.range.label } : {}),
          },
        }
      : {}),
    ...(share ? { share } : {}),
    ...(row ? { pick: 'row' as const } : {}),
    ...(related.related.length ? { related: related.related } : {}),
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

/** Indexes of the words right after "by", "per", "across", "for/in each": what a breakdown groups by. */
function groupingWords(words: readonly Word[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.text;
    const each = (w === 'for' || w === 'in') && ['each', 'every'].includes(words[i + 1]?.text ?? '');
    if (!['by', 'per', 'across'].includes(w) && !each) continue;
    for (let j = i + (each ? 2 : 1); j < words.length && !DIMENSION_STOP.has(words[j]!.text); j++) out.push(j);
  }
  return out;
}
