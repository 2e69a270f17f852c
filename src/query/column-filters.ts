import { isNumeric } from './column-measures.js';
import { columnStems } from './identifier-stems.js';
import { FILLER, type Word } from './question-words.js';
import type { SemanticModel } from './semantic-model.js';
import type { SemanticFilter } from './semantic-query.js';

const COMPARE: [string[], SemanticFilter['op']][] = [
  [['more', 'than'], 'gt'],
  [['greater', 'than'], 'gt'],
  [['over'], 'gt'],
  [['above'], 'gt'],
  [['exceeding'], 'gt'],
  [['at', 'least'], 'gte'],
  [['less', 'than'], 'lt'],
  [['fewer', 'than'], 'lt'],
  [['under'], 'lt'],
  [['below'], 'lt'],
  [['at', 'most'], 'lte'],
];
const LEAD = new Set([
  'with',
  'having',
  'where',
  'whose',
  'a',
  'an',
  'the',
  'of',
  'is',
  'are',
  'was',
  'were',
  'has',
  'have',
]);
const FLAG_NEGATION = new Set(['not', 'non']);

export interface ColumnFilters {
  filters: SemanticFilter[];
  used: number[];
}

/**
 * Filters named by a column rather than a value: "a total over 500" (a numeric column, a comparison,
 * a number) and boolean flags ("discontinued products", "not converted sessions"). Only columns of
 * `tables` (the measure's table and its N:1 parents) count; an unmatched phrase stays unexplained.
 */
export function columnFilters(
  words: readonly Word[],
  used: ReadonlySet<number>,
  tables: readonly string[],
  model: SemanticModel,
): ColumnFilters | { reason: string } {
  const filters: SemanticFilter[] = [];
  const taken: number[] = [];
  const free = (i: number) => i >= 0 && i < words.length && !used.has(i) && !taken.includes(i);
  for (let i = 0; i < words.length; i++) {
    const hit = COMPARE.find(([phrase]) => phrase.every((p, k) => words[i + k]?.text === p && free(i + k)));
    if (!hit) continue;
    const numberAt = i + hit[0].length;
    const value = Number(words[numberAt]?.text);
    if (!free(numberAt) || !Number.isFinite(value)) continue;
    // The column phrase: up to three words right before the comparison.
    const before: Word[] = [];
    for (let j = i - 1; j >= 0 && before.length < 3 && free(j) && !LEAD.has(words[j]!.text); j--)
      before.unshift(words[j]!);
    const stems = before.map((w) => w.stem);
    const matches = tables.flatMap((t) => {
      const schema = model.schema(t);
      return (schema?.columns ?? [])
        .filter(
          (c) =>
            isNumeric(c) &&
            !c.pii &&
            stems.length > 0 &&
            columnStems(schema, c.name)
              .filter((s) => !['amount', 'value'].includes(s) || stems.includes(s))
              .every((s) => stems.includes(s)),
        )
        .map((c) => ({ table: schema!.table, column: c.name }));
    });
    if (matches.length > 1)
      return {
        reason: `"${before.map((w) => w.text).join(' ')}" could be ${matches.map((m) => `${m.table}.${m.column}`).join(' or ')}.`,
      };
    if (matches.length === 0) continue;
    filters.push({ ...matches[0]!, op: hit[1], values: [value] });
    for (let k = i; k <= numberAt; k++) taken.push(k);
    before.forEach((w) => void taken.push(w.index));
    for (
      let j = (before[0]?.index ?? i) - 1;
      j >= 0 && free(j) && LEAD.has(words[j]!.text) && !FILLER.has(words[j]!.text);
      j--
    )
      taken.push(j);
  }
  for (const word of words) {
    if (!free(word.index) || FILLER.has(word.text)) continue;
    const flags = tables.flatMap((t) => {
      const schema = model.schema(t);
      return (schema?.columns ?? [])
        .filter(
          (c) =>
            (c.canonical_type === 'boolean' ||
              /^bool/i.test(c.type) ||
              (isNumeric(c) &&
                (c.stats?.distinct_count ?? 99) <= 2 &&
                /^(0|1|true|false)$/.test(String(c.stats?.max ?? 'x')))) &&
            columnStems(schema, c.name)
              .filter((s) => s !== 'is' && s !== 'has')
              .join(' ') === word.stem,
        )
        .map((c) => ({
          table: schema!.table,
          column: c.name,
          boolean: c.canonical_type === 'boolean' || /^bool/i.test(c.type),
        }));
    });
    if (flags.length !== 1) continue;
    const before = words[word.index - 1];
    const negated = before !== undefined && FLAG_NEGATION.has(before.text) && free(before.index);
    const { table, column, boolean } = flags[0]!;
    filters.push(
      boolean
        ? { table, column, op: negated ? 'is_false' : 'is_true', values: [] }
        : { table, column, op: 'in', values: [negated ? 0 : 1] },
    );
    taken.push(word.index, ...(negated ? [before.index] : []));
  }
  return { filters, used: taken };
}
