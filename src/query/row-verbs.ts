import type { Word } from './question-words.js';

/**
 * Verbs that every row of a transaction table did by being a row: a payment was received, taken,
 * made or paid; an order was placed; a sold line was sold. Next to such a measure they add no
 * condition ("total payments received" is all payments). Verbs that are a state some rows reach
 * ("shipped", "delivered", "cancelled") are never here: they filter, so they stay unexplained.
 */
const ROW_VERBS: [tables: string[], verbs: string[]][] = [
  [
    ['payment', 'receipt', 'transaction'],
    ['received', 'receive', 'taken', 'take', 'made', 'paid', 'collected'],
  ],
  [
    ['order', 'purchase'],
    ['placed', 'made', 'received'],
  ],
  [['sale', 'line', 'item', 'detail'], ['sold']],
];

/** Indexes of row verbs of the measure's table (its name stems given) among the free words. */
export function rowVerbIndexes(
  words: readonly Word[],
  used: ReadonlySet<number>,
  tableStems: readonly string[],
): number[] {
  const verbs = new Set(
    ROW_VERBS.filter(([tables]) => tables.some((t) => tableStems.includes(t))).flatMap(([, v]) => v),
  );
  return words.filter((w) => !used.has(w.index) && verbs.has(w.text)).map((w) => w.index);
}
