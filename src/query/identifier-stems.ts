import type { SchemaDataPoint } from '../datapoints/datapoint-model.js';
import { columnPrefix, identifierWords } from '../generation/identifier-words.js';
import { phraseStems } from './question-words.js';

const prefixes = new WeakMap<SchemaDataPoint, string | null>();

/**
 * Stems of the words a person uses for a column: the table's column prefix stripped, run-together words
 * split and abbreviations expanded (TPC-H `c_mktsegment` → market, segment; `o_orderdate` → order, date),
 * so questions match real-world names the way generated metric names already read.
 */
export function columnStems(schema: SchemaDataPoint | undefined, column: string): string[] {
  if (!schema) return phraseStems(identifierWords(column));
  let prefix = prefixes.get(schema);
  if (prefix === undefined) {
    prefix = columnPrefix(schema.columns.map((c) => c.name)) ?? null;
    prefixes.set(schema, prefix);
  }
  return phraseStems(identifierWords(column, prefix ?? undefined));
}

/** Stems of a table's name as people say it (`lineitem` → line, item; `InvoiceLine` → invoice, line). */
export function tableStems(table: string): string[] {
  return phraseStems(identifierWords(table));
}
