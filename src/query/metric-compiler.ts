import type { Dialect, TimeGrain } from '../connectors/dialect.js';
import type { BusinessDataPoint, SchemaDataPoint } from '../datapoints/datapoint-model.js';
import type { ValueHit } from '../knowledge/retriever.js';
import { FILLER, findRun, phraseStems, questionWords, type Word } from './question-words.js';
import { parseTime, type TimeRange } from './time-phrases.js';

export interface CompiledQuery {
  sql: string;
  /** Human summary: "Revenue by month in 2024". */
  title: string;
  metric: BusinessDataPoint;
  sources: string[];
}

export type CompileOutcome = { kind: 'compiled'; query: CompiledQuery } | { kind: 'no_match' } | { kind: 'declined'; reason: string };

export interface CompileInput {
  question: string;
  metrics: readonly BusinessDataPoint[];
  schemas: readonly SchemaDataPoint[];
  values: readonly ValueHit[];
  dialect: Dialect;
  now: Date;
}

interface Dimension {
  table: string;
  column: string;
}

const DIMENSION_STOP = new Set(['by', 'for', 'in', 'from', 'with', 'and', 'where', 'top', 'last', 'since', 'during', 'over', 'per', 'of', 'this', 'past', 'than', 'between']);
const MAX_DIMENSION_DISTINCT = 50;

/**
 * The metric compiler (DESIGN.md §5 step 2): question → Business DataPoint + dimensions + time grain
 * and range + value filters + top N + joins to parent tables → SQL in the engine's dialect, no LLM.
 * It never guesses: every content word of the question must be explained by the plan, otherwise it
 * declines (and the planner hands over to the LLM or says what to configure).
 */
export function compileMetricQuestion(input: CompileInput): CompileOutcome {
  const words = questionWords(input.question);
  const used = new Set<number>();
  const time = parseTime(words, input.now);
  time.used.forEach((i) => used.add(i));

  let limit: number | undefined;
  let ascending = false;
  let topDimensionPhrase: Word[] = [];
  for (let i = 0; i < words.length - 1; i++) {
    const n = Number(words[i + 1]!.text);
    if (['top', 'bottom', 'best', 'worst', 'highest', 'lowest', 'largest', 'smallest'].includes(words[i]!.text) && Number.isInteger(n) && n > 0 && n <= 1000) {
      limit = n;
      ascending = ['bottom', 'worst', 'lowest', 'smallest'].includes(words[i]!.text);
      used.add(i).add(i + 1);
      for (let j = i + 2; j < words.length && !DIMENSION_STOP.has(words[j]!.text) && !used.has(j); j++) topDimensionPhrase.push(words[j]!);
      break;
    }
  }

  // Literal values ("completed", "web") may sit inside a metric's phrase ("how many completed
  // orders"): match the metric around them; they become filters below.
  const valueWords = new Set<number>();
  for (const hit of input.values) {
    const stems = phraseStems(hit.value);
    const at = findRun(words, stems, used);
    if (at >= 0) for (let k = 0; k < stems.length; k++) valueWords.add(at + k);
  }
  const direct = matchMetric(words, used, input.metrics);
  const around = valueWords.size ? matchMetric(words.filter((w) => !valueWords.has(w.index)), used, input.metrics) : direct;
  // Prefer the plain reading ("web sessions" is a metric phrase even though "web" is also a value).
  const match = direct.kind === 'matched' && !(around.kind === 'matched' && around.length > direct.length) ? direct : around.kind === 'none' ? direct : around;
  if (match.kind !== 'matched') return match.kind === 'ambiguous' ? { kind: 'declined', reason: match.reason } : { kind: 'no_match' };
  const metric = match.metric;
  match.indexes.forEach((i) => used.add(i));
  // A phrase that named the metric cannot also be the top-N dimension ("top 5 products by revenue" keeps "products").
  topDimensionPhrase = topDimensionPhrase.filter((w) => !match.indexes.includes(w.index));

  const schemaOf = new Map(input.schemas.map((s) => [s.table.toLowerCase(), s]));
  const base = schemaOf.get(metric.table.toLowerCase());
  const joinable = parentTables(base, schemaOf);

  const phrases: Word[][] = [];
  if (topDimensionPhrase.length) phrases.push(topDimensionPhrase);
  for (let i = 0; i < words.length; i++) {
    if (used.has(i) || !['by', 'per', 'across'].includes(words[i]!.text)) continue;
    const phrase: Word[] = [];
    for (let j = i + 1; j < words.length && !DIMENSION_STOP.has(words[j]!.text) && !used.has(j); j++) phrase.push(words[j]!);
    if (phrase.length) {
      used.add(i);
      phrases.push(phrase);
    }
  }
  const dimensions: Dimension[] = [];
  for (const phrase of phrases) {
    const resolved = resolveDimension(phrase, metric, base, joinable);
    if ('reason' in resolved) return { kind: 'declined', reason: resolved.reason };
    if (!dimensions.some((d) => d.table === resolved.table && d.column === resolved.column)) dimensions.push(resolved);
    phrase.forEach((w) => used.add(w.index));
  }

  const filters: { table: string; column: string; value: string }[] = [];
  const tablesInReach = new Set([metric.table.toLowerCase(), ...joinable.keys()]);
  const byValue = new Map<string, ValueHit[]>();
  for (const hit of input.values) if (tablesInReach.has(hit.table.toLowerCase())) byValue.set(hit.value.toLowerCase(), [...(byValue.get(hit.value.toLowerCase()) ?? []), hit]);
  for (const [value, hits] of byValue) {
    const stems = phraseStems(value);
    const at = findRun(words, stems, used);
    if (at < 0) continue;
    const own = hits.filter((h) => h.table.toLowerCase() === metric.table.toLowerCase());
    const candidates = own.length ? own : hits;
    const columns = new Set(candidates.map((h) => `${h.table}.${h.column}`));
    if (columns.size > 1) return { kind: 'declined', reason: `"${value}" appears in several columns (${[...columns].join(', ')}).` };
    filters.push({ table: candidates[0]!.table, column: candidates[0]!.column, value: candidates[0]!.value });
    for (let k = 0; k < stems.length; k++) used.add(at + k);
  }

  const tableStems = new Set([...phraseStems(metric.table), ...filters.flatMap((f) => phraseStems(f.table))]);
  const unexplained = words.filter((w) => !used.has(w.index) && !FILLER.has(w.text) && !tableStems.has(w.stem));
  if (unexplained.length) return { kind: 'declined', reason: `The metric "${metric.name}" matched, but "${unexplained.map((w) => w.text).join(' ')}" is not something datachat can map without an LLM.` };
  if ((time.grain || time.range) && !metric.time_column) return { kind: 'declined', reason: `The metric "${metric.name}" has no time column to filter or group by time.` };
  if (limit !== undefined && dimensions.length === 0) return { kind: 'declined', reason: 'A "top N" question needs something to rank (e.g. "top 5 countries by revenue").' };

  return { kind: 'compiled', query: buildSql(input.dialect, metric, base, joinable, dimensions, filters, time.grain, time.range, limit, ascending) };
}

type MetricMatch = { kind: 'matched'; metric: BusinessDataPoint; indexes: number[]; length: number } | { kind: 'none' } | { kind: 'ambiguous'; reason: string };

function matchMetric(words: readonly Word[], used: ReadonlySet<number>, metrics: readonly BusinessDataPoint[]): MetricMatch {
  let best: { metric: BusinessDataPoint; length: number; at: number; exactName: boolean }[] = [];
  for (const metric of metrics) {
    for (const phrase of [metric.name, ...metric.synonyms, metric.id.replace(/_/g, ' ')]) {
      const stems = phraseStems(phrase).filter((s) => s !== 'of' && s !== 'the');
      if (!stems.length) continue;
      const at = findRun(words.filter((w) => w.text !== 'of' && w.text !== 'the'), stems, used);
      if (at < 0) continue;
      const length = stems.length;
      const entry = { metric, length, at, exactName: phrase === metric.name };
      if (!best.length || length > best[0]!.length) best = [entry];
      else if (length === best[0]!.length && !best.some((b) => b.metric.id === metric.id)) best.push(entry);
    }
  }
  if (!best.length) return { kind: 'none' };
  if (best.length > 1) return { kind: 'ambiguous', reason: `The question could mean several metrics: ${best.map((b) => b.metric.name).join(', ')}.` };
  const chosen = best[0]!;
  const filtered = words.filter((w) => w.text !== 'of' && w.text !== 'the');
  const indexes = filtered.slice(chosen.at, chosen.at + chosen.length).map((w) => w.index);
  return { kind: 'matched', metric: chosen.metric, indexes, length: chosen.length };
}

/** Parent tables reachable through N:1 (or 1:1) relationships: joining them never duplicates metric rows. */
function parentTables(base: SchemaDataPoint | undefined, schemaOf: Map<string, SchemaDataPoint>): Map<string, { schema: SchemaDataPoint; on: { columns: string[]; targetColumns: string[] } }> {
  const out = new Map<string, { schema: SchemaDataPoint; on: { columns: string[]; targetColumns: string[] } }>();
  for (const r of base?.relationships ?? []) {
    const target = schemaOf.get(r.target_table.toLowerCase());
    if (!target || r.confidence < 0.8 || (r.cardinality !== 'N:1' && r.cardinality !== '1:1') || target.table === base!.table) continue;
    if (!out.has(target.table.toLowerCase())) out.set(target.table.toLowerCase(), { schema: target, on: { columns: r.columns, targetColumns: r.target_columns } });
  }
  return out;
}

/** Low-cardinality columns to group by; keys (primary and foreign) are identifiers, not categories. */
function groupable(schema: SchemaDataPoint): string[] {
  const keys = new Set([...schema.primary_key, ...schema.relationships.flatMap((r) => r.columns)]);
  return schema.columns
    .filter((c) => !c.pii && !keys.has(c.name) && c.stats?.distinct_count !== undefined && c.stats.distinct_count > 0 && c.stats.distinct_count <= MAX_DIMENSION_DISTINCT)
    .map((c) => c.name);
}

const LABEL_COLUMN = /^(name|title|label)$/i;

function resolveDimension(
  phrase: readonly Word[],
  metric: BusinessDataPoint,
  base: SchemaDataPoint | undefined,
  parents: Map<string, { schema: SchemaDataPoint }>,
): Dimension | { reason: string } {
  const wanted = phrase.filter((w) => !FILLER.has(w.text)).map((w) => w.stem);
  const text = phrase.map((w) => w.text).join(' ');
  if (!wanted.length) return { reason: `Cannot tell what to group by in "${text}".` };
  const declared = metric.dimensions.map((d) => d.replace(/["`]/g, '').split('.').pop()!);
  const ownColumns = [...new Set([...declared, ...(base ? groupable(base) : [])])];
  const matches = (table: string, columns: string[], withTable: boolean) =>
    columns.filter((column) => {
      const stems = new Set([...phraseStems(column), ...(withTable ? phraseStems(table) : [])]);
      return wanted.every((w) => stems.has(w));
    });
  const own = matches(metric.table, ownColumns, false);
  if (own.length === 1) return { table: metric.table, column: own[0]! };
  if (own.length > 1) return { reason: `"${text}" could be ${own.map((c) => `${metric.table}.${c}`).join(' or ')}.` };
  const found: Dimension[] = [];
  for (const { schema } of parents.values()) for (const column of matches(schema.table, groupable(schema), true)) found.push({ table: schema.table, column });
  if (found.length === 1) return found[0]!;
  // "by category" names the parent table itself: its label column is what people mean.
  const labels = found.filter((d) => LABEL_COLUMN.test(d.column));
  if (found.length > 1 && labels.length === 1) return labels[0]!;
  if (found.length > 1) return { reason: `"${text}" could be ${found.map((d) => `${d.table}.${d.column}`).join(' or ')}.` };
  return { reason: `No column to group "${metric.name}" by "${text}" (known: ${ownColumns.join(', ') || 'none'}).` };
}

function buildSql(
  d: Dialect,
  metric: BusinessDataPoint,
  base: SchemaDataPoint | undefined,
  parents: Map<string, { schema: SchemaDataPoint; on: { columns: string[]; targetColumns: string[] } }>,
  dimensions: readonly Dimension[],
  filters: readonly { table: string; column: string; value: string }[],
  grain: TimeGrain | undefined,
  range: TimeRange | undefined,
  limit: number | undefined,
  ascending: boolean,
): CompiledQuery {
  const ident = (id: string) => (/^[a-z_][a-z0-9_]*$/.test(id) ? id : d.quoteIdentifier(id));
  const ref = (table: string, column: string) => `${ident(table)}.${ident(column)}`;
  const from = (schema: SchemaDataPoint | undefined, table: string) => (schema?.schema ? `${d.quoteQualified(schema.schema, table)} ${ident(table)}` : ident(table));
  const metricAlias = d.quoteIdentifier(metric.id);
  const select: string[] = [];
  const groupBy: string[] = [];
  if (grain) {
    select.push(`${d.dateTrunc(grain, metric.time_column!)} AS ${d.quoteIdentifier(grain)}`);
    groupBy.push(d.dateTrunc(grain, metric.time_column!));
  }
  for (const dim of dimensions) {
    select.push(`${ref(dim.table, dim.column)} AS ${d.quoteIdentifier(dim.column)}`);
    groupBy.push(ref(dim.table, dim.column));
  }
  select.push(`${metric.expression} AS ${metricAlias}`);
  const joins = new Set([...dimensions.map((x) => x.table), ...filters.map((f) => f.table)].filter((t) => t.toLowerCase() !== metric.table.toLowerCase()));
  const joinSql = [...joins].map((t) => {
    const p = parents.get(t.toLowerCase())!;
    const on = p.on.columns.map((c, i) => `${ref(metric.table, c)} = ${ref(p.schema.table, p.on.targetColumns[i]!)}`).join(' AND ');
    return ` LEFT JOIN ${from(p.schema, p.schema.table)} ON ${on}`;
  });
  const where = [
    ...metric.filters.map((f) => `(${f})`),
    ...filters.map((f) => `${ref(f.table, f.column)} = ${d.stringLiteral(f.value)}`),
    ...(range?.from ? [`${metric.time_column} >= ${d.dateLiteral(range.from)}`] : []),
    ...(range?.to ? [`${metric.time_column} < ${d.dateLiteral(range.to)}`] : []),
  ];
  let sql = `SELECT ${select.join(', ')} FROM ${from(base, metric.table)}${joinSql.join('')}`;
  if (where.length) sql += ` WHERE ${where.join(' AND ')}`;
  if (groupBy.length) sql += ` GROUP BY ${groupBy.join(', ')}`;
  if (limit !== undefined) sql += ` ORDER BY ${metricAlias} ${ascending ? 'ASC' : 'DESC'}`;
  else if (groupBy.length) sql += ` ORDER BY ${grain ? d.quoteIdentifier(grain) : metricAlias + ' DESC'}`;
  if (limit !== undefined) sql = d.limit(sql, limit);
  const title = [
    limit !== undefined ? `${ascending ? 'Bottom' : 'Top'} ${limit} ${dimensions.map((x) => x.column).join(', ')} by ${metric.name.toLowerCase()}` : metric.name,
    ...(limit === undefined && dimensions.length ? [`by ${dimensions.map((x) => x.column.replace(/_/g, ' ')).join(' and ')}`] : []),
    ...(grain ? [`by ${grain}`] : []),
    ...filters.map((f) => `where ${f.column.replace(/_/g, ' ')} is ${f.value}`),
    ...(range ? [range.label] : []),
  ].join(' ');
  const sources = [metric.id, ...(base ? [base.id] : []), ...[...joins].map((t) => parents.get(t.toLowerCase())!.schema.id)];
  return { sql, title, metric, sources };
}
