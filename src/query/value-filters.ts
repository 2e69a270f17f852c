import type { ValueHit } from '../knowledge/retriever.js';
import { findRun, phraseStems, type Word } from './question-words.js';
import type { SemanticModel } from './semantic-model.js';
import type { SemanticFilter } from './semantic-query.js';
import { chooseValueColumn, namingWord, otherValueColumns } from './value-columns.js';

/** Words that may join values of one column into one list ("web or mobile", "completed and shipped"). */
const CONNECTIVE = new Set(['or', 'and', 'either']);
const NEGATION = new Set(['not', 'excluding', 'except', 'without', 'non']);

interface Found {
  hit: ValueHit;
  at: number;
  length: number;
}

export type ValueFilterOutcome =
  | { kind: 'filters'; filters: SemanticFilter[]; used: number[] }
  | { kind: 'declined'; reason: string };

/**
 * Literal values of the question as filters. Values of one column form one IN list, and only when
 * nothing but "or"/"and" stands between them; "not web" makes a NOT IN. "or" between values of
 * different columns is an OR the compiler does not build: it declines rather than AND them.
 */
export function valueFilters(
  words: readonly Word[],
  hits: readonly ValueHit[],
  inReach: ReadonlySet<string>,
  ownTable: string,
  used: ReadonlySet<number>,
  /** The words naming a column ("market segment" for c_mktsegment): next to its values they explain themselves. */
  columnWords: (table: string, column: string) => readonly string[] = () => [],
  /** The model, to find other columns the value may be in (only sampled values are retrieved). */
  model?: SemanticModel,
): ValueFilterOutcome {
  const byValue = new Map<string, ValueHit[]>();
  for (const hit of hits)
    if (inReach.has(hit.table.toLowerCase()))
      byValue.set(hit.value.toLowerCase(), [...(byValue.get(hit.value.toLowerCase()) ?? []), hit]);
  const taken = new Set(used);
  const found: Found[] = [];
  // Longer values first, so "new york" is not read as "york".
  for (const [value, candidates] of [...byValue].sort((a, b) => phraseStems(b[0]).length - phraseStems(a[0]).length)) {
    const stems = phraseStems(value);
    const at = findRun(words, stems, taken);
    if (at < 0) continue;
    const own = candidates.filter((h) => h.table.toLowerCase() === ownTable.toLowerCase());
    const pool = own.length ? own : candidates;
    const extra = model ? pool.flatMap((h) => otherValueColumns(model, h)) : [];
    const columns = new Map([...pool, ...extra].map((h) => [`${h.table}.${h.column}`.toLowerCase(), h]));
    let hit = pool[0]!;
    if (columns.size > 1) {
      const span: [number, number] = [at, at + stems.length - 1];
      const chosen = chooseValueColumn([...columns.values()], words, span, ownTable, model, columnWords);
      if ('reason' in chosen) return { kind: 'declined', reason: chosen.reason };
      hit = chosen;
    }
    found.push({ hit, at: words[at]!.index, length: stems.length });
    const naming = namingWord(words, at, hit, model);
    if (naming !== undefined) taken.add(naming);
    for (let k = 0; k < stems.length; k++) taken.add(words[at + k]!.index);
  }
  found.sort((a, b) => a.at - b.at);
  const position = new Map(words.map((w, i) => [w.index, i]));
  const between = (a: Found, b: Found) => words.slice(position.get(a.at)! + a.length, position.get(b.at)!);
  for (let i = 0; i + 1 < found.length; i++) {
    const [a, b] = [found[i]!, found[i + 1]!];
    const gap = between(a, b);
    if (key(a) !== key(b) && gap.some((w) => w.text === 'or')) {
      return {
        kind: 'declined',
        reason: `"${a.hit.value} or ${b.hit.value}" combines different columns (${key(a)}, ${key(b)}); datachat only ANDs filters on different columns.`,
      };
    }
  }
  const groups = new Map<string, Found[]>();
  for (const f of found) groups.set(key(f), [...(groups.get(key(f)) ?? []), f]);
  const filters: SemanticFilter[] = [];
  const usedOut = [...taken].filter((i) => !used.has(i));
  for (const group of groups.values()) {
    for (let i = 0; i + 1 < group.length; i++) {
      const gap = between(group[i]!, group[i + 1]!);
      if (gap.some((w) => !CONNECTIVE.has(w.text))) {
        return {
          kind: 'declined',
          reason: `Unclear how "${group[i]!.hit.value}" and "${group[i + 1]!.hit.value}" (both ${key(group[i]!)}) combine: "${gap.map((w) => w.text).join(' ')}".`,
        };
      }
      gap.forEach((w) => void usedOut.push(w.index));
    }
    const before = words[position.get(group[0]!.at)! - 1];
    const negated = before !== undefined && NEGATION.has(before.text) && !used.has(before.index);
    if (negated) usedOut.push(before.index);
    const { table, column } = group[0]!.hit;
    // "the AUTOMOBILE or MACHINERY segment", "in market segment BUILDING": the column's name around its values.
    const names = new Set(columnWords(table, column).map(root));
    const last = group[group.length - 1]!;
    const around = [position.get(last.at)! + last.length, position.get(group[0]!.at)! - (negated ? 2 : 1)];
    // "shipped to Brazil" for ship_country: the column's verb, then "to"/"from", then its value.
    const via = words[around[1]!];
    const verb = words[around[1]! - 1];
    if (via && verb && ['to', 'from'].includes(via.text) && names.has(root(verb.stem)) && !used.has(via.index)) {
      usedOut.push(via.index);
      around[1]!--;
    }
    for (const [start, step] of [
      [around[0]!, 1],
      [around[1]!, -1],
    ] as const) {
      for (
        let k = start, n = 0;
        n < 3 && words[k] && names.has(root(words[k]!.stem)) && !used.has(words[k]!.index);
        k += step, n++
      ) {
        usedOut.push(words[k]!.index);
      }
    }
    filters.push({ table, column, op: negated ? 'not_in' : 'in', values: [...new Set(group.map((f) => f.hit.value))] });
  }
  return { kind: 'filters', filters, used: usedOut };
}

const key = (f: Found) => `${f.hit.table}.${f.hit.column}`;
/** "rated" and "rating" name one column: the verb and the noun share a root. */
const root = (stem: string) =>
  stem.length > 4 ? stem.replace(/(ing|ed|e)$/, '').replace(/([bdgmnpt])\1$/, '$1') : stem;
