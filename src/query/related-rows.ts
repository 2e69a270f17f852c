import { findRun, type Word } from './question-words.js';
import { tableStems } from './identifier-stems.js';
import { MIN_JOIN_CONFIDENCE, type SemanticModel } from './semantic-model.js';
import type { SemanticRelated } from './semantic-query.js';

/** Words that may open the condition and say nothing more: "customers (who have) more than 5 orders". */
const LEAD = new Set([
  'with',
  'having',
  'who',
  'that',
  'which',
  'have',
  'has',
  'had',
  'did',
  'do',
  'does',
  'were',
  'was',
]);
const ARTICLE = new Set(['a', 'an', 'any', 'the', 'single']);
const COMPARE: Record<string, SemanticRelated['op']> = { more: 'gt', over: 'gt', fewer: 'lt', less: 'lt' };

export interface RelatedOutcome {
  related: SemanticRelated[];
  used: number[];
}

/**
 * Conditions on how many rows of another table point at each row asked about: "customers with more than
 * 5 orders" (a count per customer compared), "customers without orders", "products never ordered" (none).
 * Only where a table's name follows the comparison; "orders over 100" (a column comparison) is left alone.
 */
export function relatedConditions(
  words: readonly Word[],
  used: ReadonlySet<number>,
  model: SemanticModel,
): RelatedOutcome {
  const related: SemanticRelated[] = [];
  const taken: number[] = [];
  for (let i = 0; i < words.length; i++) {
    if (used.has(i)) continue;
    const w = words[i]!.text;
    let op: SemanticRelated['op'] | undefined;
    let count: number | undefined;
    let next = i + 1;
    const number = (k: number) => (/^\d+$/.test(words[k]?.text ?? '') ? Number(words[k]!.text) : undefined);
    if (COMPARE[w] && words[i + 1]?.text === 'than' && number(i + 2) !== undefined) {
      [op, count, next] = [COMPARE[w], number(i + 2), i + 3];
    } else if (w === 'over' && number(i + 1) !== undefined) [op, count, next] = ['gt', number(i + 1), i + 2];
    else if (w === 'at' && ['least', 'most'].includes(words[i + 1]?.text ?? '') && number(i + 2) !== undefined) {
      [op, count, next] = [words[i + 1]!.text === 'least' ? 'gte' : 'lte', number(i + 2), i + 3];
    } else if (w === 'without' || (w === 'no' && LEAD.has(words[i - 1]?.text ?? ''))) op = 'none';
    else if (w === 'never') {
      op = 'none';
      // "never placed an order": one verb may stand between, unless it is itself the table ("never ordered").
      if (!childAt(words, next, model)) next++;
    }
    if (!op) continue;
    while (ARTICLE.has(words[next]?.text ?? '')) next++;
    const child = childAt(words, next, model);
    if (!child) continue;
    let start = i;
    // "customers who placed more than 5 orders": the verb only says the orders are theirs.
    if (start > 0 && isVerb(words[start - 1]!.text) && !used.has(start - 1) && op !== 'none') start--;
    while (start > 0 && LEAD.has(words[start - 1]!.text) && !used.has(start - 1)) start--;
    for (let k = start; k < next + child.length; k++) taken.push(words[k]!.index);
    related.push({ table: child.table, op, ...(count !== undefined ? { count } : {}) });
    i = next + child.length - 1;
  }
  return { related, used: taken };
}

const IRREGULAR = new Set(['made', 'bought', 'had', 'got', 'paid', 'sold', 'took', 'gave', 'wrote', 'sent']);
const isVerb = (text: string) => IRREGULAR.has(text) || (text.length > 4 && text.endsWith('ed'));

/** The one table named at `at` ("orders", "order", "ordered"), longest name first. */
function childAt(
  words: readonly Word[],
  at: number,
  model: SemanticModel,
): { table: string; length: number } | undefined {
  // "never ordered": the verb of a one-word table name is that table's rows.
  const rest = words
    .slice(at)
    .map((w, k) => (k === 0 && isVerb(w.text) ? { ...w, stem: w.text.replace(/e?d$/, '') } : w));
  const named = model.schemas
    .map((s) => ({ table: s.table, stems: tableStems(s.table) }))
    .filter((t) => t.stems.length && findRun(rest, t.stems) === 0);
  const longest = Math.max(0, ...named.map((t) => t.stems.length));
  const best = named.filter((t) => t.stems.length === longest);
  return best.length === 1 ? { table: best[0]!.table, length: longest } : undefined;
}

const SQL_OP = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/**
 * SQL condition on the measure table's rows for one related condition: a correlated COUNT(*) compared, or
 * NOT EXISTS / EXISTS, through the child table's one trusted N:1 relationship to it; else the reason.
 */
export function relatedSql(
  model: SemanticModel,
  table: string,
  r: SemanticRelated,
  ref: (table: string, column: string) => string,
  from: (table: string) => string,
): { sql: string; title: string } | { reason: string } {
  const child = model.schema(r.table);
  const parent = model.schema(table);
  if (!child || !parent) return { reason: `Unknown table "${child ? table : r.table}".` };
  const links = child.relationships.filter(
    (l) =>
      l.target_table.toLowerCase() === parent.table.toLowerCase() &&
      l.confidence >= MIN_JOIN_CONFIDENCE &&
      (l.cardinality === 'N:1' || l.cardinality === '1:1'),
  );
  if (child.table === parent.table || links.length !== 1) {
    const why = links.length ? 'through several columns' : 'by no trusted relationship';
    return {
      reason: `${child.table} rows point at ${parent.table} ${why}: cannot tell which ${child.table} belong to each.`,
    };
  }
  const link = links[0]!;
  const on = link.columns.map((c, i) => `${ref(child.table, c)} = ${ref(parent.table, link.target_columns[i]!)}`);
  const rows = `FROM ${from(child.table)} WHERE ${on.join(' AND ')}`;
  const name = child.table.replace(/_/g, ' ');
  if (r.op === 'none') return { sql: `NOT EXISTS (SELECT 1 ${rows})`, title: `with no ${name}` };
  if (r.op === 'some') return { sql: `EXISTS (SELECT 1 ${rows})`, title: `with ${name}` };
  if (r.count === undefined) return { reason: `A count of ${name} needs a number to compare with.` };
  return {
    sql: `(SELECT COUNT(*) ${rows}) ${SQL_OP[r.op]} ${r.count}`,
    title: `with ${SQL_OP[r.op]} ${r.count} ${name}`,
  };
}
