import type { SchemaColumn, SchemaDataPoint } from '../datapoints/datapoint-model.js';
import type { Word } from './question-words.js';
import { columnStems, tableStems as tableWords } from './identifier-stems.js';
import { isKey, type SemanticModel } from './semantic-model.js';

export type Aggregate = 'SUM' | 'AVG' | 'MIN' | 'MAX';

/** Aggregation words; MIN/MAX also read dates ("most recent", "first"). */
const AGGREGATE: Record<string, Aggregate> = {
  average: 'AVG',
  avg: 'AVG',
  mean: 'AVG',
  total: 'SUM',
  sum: 'SUM',
  highest: 'MAX',
  maximum: 'MAX',
  max: 'MAX',
  largest: 'MAX',
  biggest: 'MAX',
  longest: 'MAX',
  latest: 'MAX',
  newest: 'MAX',
  lowest: 'MIN',
  minimum: 'MIN',
  min: 'MIN',
  smallest: 'MIN',
  shortest: 'MIN',
  earliest: 'MIN',
  oldest: 'MIN',
  first: 'MIN',
};
/** Unit words a column name may carry that a question leaves out ("duration" for duration_seconds, "price" for unit_price). */
const UNIT = new Set([
  'second',
  'minute',
  'hour',
  'day',
  'usd',
  'eur',
  'amount',
  'value',
  'cent',
  'kg',
  'km',
  'ms',
  'unit',
]);
/** Columns named by a unit, and the words for what they measure ("length in milliseconds", "size in bytes"). */
const UNIT_NOUNS: Record<string, string[]> = {
  millisecond: ['length', 'duration'],
  second: ['length', 'duration'],
  minute: ['length', 'duration'],
  byte: ['size'],
};
const NUMERIC = /int|real|float|double|decimal|numeric|number|money/i;
const TEMPORAL = /date|time/i;

export const isNumeric = (c: SchemaColumn) =>
  c.canonical_type ? ['integer', 'decimal', 'float'].includes(c.canonical_type) : NUMERIC.test(c.type);
export const isTemporal = (c: SchemaColumn) =>
  c.canonical_type ? ['date', 'timestamp', 'datetime'].includes(c.canonical_type) : TEMPORAL.test(c.type);
/** Columns that look numeric but are not quantities: codes, flags, ratings are averaged, never summed. */
const NOT_ADDITIVE =
  /(^|_)(code|zip|postal|phone|year|flag|is|has|rating|score|stars|lat|latitude|lon|lng|longitude)(_|$)/i;

export interface ColumnMeasure {
  table: string;
  column: string;
  aggregate: Aggregate;
  /** Word indexes the measure explains. */
  indexes: number[];
}

/**
 * "average rating", "total freight", "highest unit price", "longest session duration", "most recent
 * order date": an aggregation word followed by a column's name (table words allowed in between).
 * Keys and codes are never measures; SUM only on additive quantities; MIN/MAX also on dates.
 */
export function matchColumnMeasure(
  words: readonly Word[],
  used: ReadonlySet<number>,
  model: SemanticModel,
): ColumnMeasure | { reason: string } | undefined {
  for (let i = 0; i < words.length; i++) {
    if (used.has(i)) continue;
    let aggregate = AGGREGATE[words[i]!.text];
    let start = i + 1;
    if (words[i]!.text === 'most' && words[i + 1]?.text === 'recent') [aggregate, start] = ['MAX', i + 2];
    if (!aggregate) continue;
    const rest = words.slice(start).filter((w) => !used.has(w.index) && w.text !== 'of' && w.text !== 'the');
    const found: ColumnMeasure[] = [];
    for (const schema of model.schemas) {
      for (const column of schema.columns) {
        if (!eligible(schema, column, aggregate)) continue;
        const indexes = phraseAt(rest, schema, column);
        if (indexes)
          found.push({
            table: schema.table,
            column: column.name,
            aggregate,
            indexes: [i, ...(start > i + 1 ? [i + 1] : []), ...indexes],
          });
      }
    }
    if (!found.length) continue;
    const longest = Math.max(...found.map((f) => f.indexes.length));
    const best = found.filter((f) => f.indexes.length === longest);
    if (best.length > 1)
      return {
        reason: `"${words[i]!.text} ${rest
          .slice(0, 3)
          .map((w) => w.text)
          .join(' ')}" could be ${best.map((f) => `${f.table}.${f.column}`).join(' or ')}.`,
      };
    return best[0]!;
  }
  return undefined;
}

function eligible(schema: SchemaDataPoint, column: SchemaColumn, aggregate: Aggregate): boolean {
  if (column.pii || isKey(schema, column.name)) return false;
  if (isTemporal(column)) return aggregate === 'MIN' || aggregate === 'MAX';
  if (!isNumeric(column) || /(^|_)(id|code|key|no|zip)$/i.test(column.name)) return false;
  return aggregate !== 'SUM' || !NOT_ADDITIVE.test(column.name);
}

/**
 * Indexes of `rest` words naming the column: its name words (unit words optional), optionally
 * preceded or followed by its table's words ("session duration", "rating of products" is not matched).
 */
function phraseAt(rest: readonly Word[], schema: SchemaDataPoint, column: SchemaColumn): number[] | undefined {
  const tableStems = tableWords(schema.table);
  const namedBy = columnStems(schema, column.name);
  // A date column is named by its event ("first order" is MIN(order_date)).
  const core = namedBy.filter(
    (s) => !UNIT.has(s) && !(isTemporal(column) && ['date', 'at', 'on', 'time', 'timestamp', 'dt'].includes(s)),
  );
  // A column that is only a unit word ("amount") is named by that word.
  if (!core.length) core.push(...namedBy.filter((s) => UNIT.has(s)));
  if (!core.length) return undefined;
  // A column named by its unit alone is named by what it measures: "track length" for `Milliseconds`.
  const measured = namedBy.length === 1 ? UNIT_NOUNS[namedBy[0]!] : undefined;
  if (measured) {
    let j = 0;
    const lead: number[] = [];
    while (j < rest.length && tableStems.includes(rest[j]!.stem)) lead.push(rest[j++]!.index);
    if (j < rest.length && measured.includes(rest[j]!.stem)) return [...lead, rest[j]!.index];
  }
  let k = 0;
  const indexes: number[] = [];
  // Table words before the column ("session duration", "order total").
  while (k < rest.length && tableStems.includes(rest[k]!.stem) && !core.includes(rest[k]!.stem))
    indexes.push(rest[k++]!.index);
  const from = k;
  while (k < rest.length && namedBy.includes(rest[k]!.stem)) indexes.push(rest[k++]!.index);
  const named = rest.slice(from, k).map((w) => w.stem);
  if (!core.every((s) => named.includes(s))) return undefined;
  return indexes;
}
