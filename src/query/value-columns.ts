import type { ValueHit } from '../knowledge/retriever.js';
import type { Word } from './question-words.js';
import { isLabel, type SemanticModel } from './semantic-model.js';

/** Words before a value that place the thing asked about somewhere: "rivers in missouri" is not a river named so. */
const LOCATIVE = new Set(['in', 'through', 'across', 'inside', 'within', 'into']);
/** Words before a value that name the thing: "rivers called colorado". */
const NAMING = new Set(['called', 'named']);

/**
 * Other text columns of the hit's table that may hold the same value: it is among their sampled values,
 * or their samples are not all their values and share two with the hit's column (GeoQuery's
 * `river.traverse` and `river.river_name` both hold state names). Retrieval only knows sampled values,
 * so a value found in one column is not proof it is in no other.
 */
export function otherValueColumns(model: SemanticModel, hit: ValueHit): ValueHit[] {
  const schema = model.schema(hit.table);
  const own = schema?.columns.find((c) => c.name.toLowerCase() === hit.column.toLowerCase());
  if (!schema || !own) return [];
  const lower = (values: readonly unknown[]) => new Set(values.map((v) => String(v).toLowerCase()));
  const ownValues = lower(own.stats?.sample_values ?? []);
  const value = hit.value.toLowerCase();
  return schema.columns
    .filter((c) => {
      if (c === own || c.pii || !/char|text|string/i.test(c.canonical_type ?? c.type)) return false;
      const sampled = lower(c.stats?.sample_values ?? []);
      if (sampled.has(value)) return true;
      const partial = (c.stats?.distinct_count ?? 0) > sampled.size;
      // One shared value can be a coincidence ("South America" is a continent and a region); two make one domain.
      return partial && [...sampled].filter((v) => ownValues.has(v)).length >= 2;
    })
    .map((c) => ({ ...hit, column: c.name }));
}

/** Index of "called"/"named" right before a value of a label column ("rivers called colorado"), which it explains. */
export function namingWord(
  words: readonly Word[],
  at: number,
  hit: ValueHit,
  model?: SemanticModel,
): number | undefined {
  const before = words[at - 1];
  const schema = model?.schema(hit.table);
  return before && NAMING.has(before.text) && schema && isLabel(schema, hit.column) ? before.index : undefined;
}

/**
 * Which column a value found in several is about, when the wording decides: the column's own name next
 * to the value ("traverse missouri"), "called"/"named" for a label, or "in"/"through" for anything but
 * the label of the table asked about. Otherwise the reason to decline, naming the candidates.
 */
export function chooseValueColumn(
  candidates: readonly ValueHit[],
  words: readonly Word[],
  /** Position in `words` of the value's first and last word. */
  span: [number, number],
  ownTable: string,
  model: SemanticModel | undefined,
  columnWords: (table: string, column: string) => readonly string[],
): ValueHit | { reason: string } {
  const near = [...words.slice(Math.max(0, span[0] - 2), span[0]), ...words.slice(span[1] + 1, span[1] + 3)];
  const named = candidates.filter((h) => columnWords(h.table, h.column).some((s) => near.some((w) => w.stem === s)));
  if (named.length === 1) return named[0]!;
  let k = span[0] - 1;
  while (k >= 0 && words[k]!.text === 'the') k--;
  const before = words[k]?.text ?? '';
  const label = (h: ValueHit) => {
    const schema = model?.schema(h.table);
    return schema !== undefined && h.table.toLowerCase() === ownTable.toLowerCase() && isLabel(schema, h.column);
  };
  const pick = NAMING.has(before)
    ? candidates.filter(label)
    : LOCATIVE.has(before)
      ? candidates.filter((h) => !label(h))
      : [];
  if (pick.length === 1) return pick[0]!;
  const value = candidates[0]!.value;
  return {
    reason: `"${value}" appears in several columns (${candidates.map((h) => `${h.table}.${h.column}`).join(', ')}).`,
  };
}
