import type { Dialect } from '../connectors/dialect.js';
import type { ValueHit } from '../knowledge/retriever.js';
import { columnStems, tableStems } from './identifier-stems.js';
import { findRun, questionWords, type Word } from './question-words.js';
import { labelColumns, type SemanticModel } from './semantic-model.js';
import { valueFilters } from './value-filters.js';

/** Rows a list answer shows at most; the guarded executor caps again. */
export const LIST_ROW_CAP = 1000;

/** "What are the names of", "list the", "show me all", "which": openings that ask for rows, not a number. */
const OPENING =
  /^(?:(?:what are|list|show(?: me)?|give me|find)(?: the| all(?: the)?)? (?:names?|titles?) of|list|show(?: me)?|which)\b/;
/** Words that join a table to its filter values ("customers in Germany", "films that are rated PG"). */
const GLUE = new Set('the all a an in from with are is that who which based located living whose'.split(' '));

export type ListOutcome = { kind: 'list'; sql: string; title: string; sources: string[] } | undefined;

/**
 * "What are the names of the customers in Germany?": the label of one table's rows, filtered by literal
 * values of that table's own columns, capped. Every word must be the opening, the table, a value of
 * its columns or glue; anything else (a join, a number, a ranking) is left to the metric compiler.
 */
export function planListRows(
  question: string,
  model: SemanticModel,
  values: readonly ValueHit[],
  dialect: Dialect,
): ListOutcome {
  const text = question
    .trim()
    .toLowerCase()
    .replace(/[?.!]+$/, '')
    .replace(/\s+/g, ' ');
  const opening = OPENING.exec(text);
  if (!opening) return undefined;
  const words = questionWords(text);
  const skip = questionWords(opening[0]).length;
  const used = new Set<number>(words.slice(0, skip).map((w) => w.index));
  // The table: named right after the opening (articles allowed), by its plural or singular name.
  let at = skip;
  while (words[at] && ['the', 'all'].includes(words[at]!.text)) used.add(words[at++]!.index);
  const rest = words.slice(at);
  const tables = model.schemas.filter((s) => findRun(rest, tableStems(s.table)) === 0);
  if (tables.length !== 1) return undefined;
  const schema = tables[0]!;
  const labels = labelColumns(schema);
  if (!labels.length) return undefined;
  tableStems(schema.table).forEach((_, k) => void used.add(rest[k]!.index));
  const own = values.filter((v) => v.table.toLowerCase() === schema.table.toLowerCase());
  const ofTable = tableStems(schema.table);
  const columnWords = (_: string, column: string) => columnStems(schema, column).filter((s) => !ofTable.includes(s));
  const inTable = new Set([schema.table.toLowerCase()]);
  const valued = valueFilters(words, own, inTable, schema.table, used, columnWords, model);
  if (valued.kind === 'declined') return undefined;
  valued.used.forEach((i) => void used.add(i));
  const unexplained = words.filter((w: Word) => !used.has(w.index) && !GLUE.has(w.text));
  if (unexplained.length || (opening[0] === 'which' && !valued.filters.length)) return undefined;
  const ident = (id: string) => dialect.quoteIdentifier(id);
  const where = valued.filters.map((f) => {
    const list = f.values.map((v) => (typeof v === 'number' ? String(v) : dialect.stringLiteral(v))).join(', ');
    return `${ident(f.column)} ${f.op === 'not_in' ? 'NOT IN' : 'IN'} (${list})`;
  });
  const from = schema.schema ? dialect.quoteQualified(schema.schema, schema.table) : ident(schema.table);
  const columns = labels.map(ident).join(', ');
  const filtered = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const sql = dialect.limit(`SELECT ${columns} FROM ${from}${filtered} ORDER BY ${columns}`, LIST_ROW_CAP);
  const filtersText = valued.filters
    .map((f) => `${f.column} ${f.op === 'not_in' ? 'not ' : ''}${f.values.join(' or ')}`)
    .join(', ');
  return {
    kind: 'list',
    sql,
    title: `${schema.table}${filtersText ? ` where ${filtersText}` : ''}`,
    sources: [schema.id],
  };
}
