import type { Dialect } from '../connectors/dialect.js';
import type { BusinessDataPoint, SchemaDataPoint } from '../datapoints/datapoint-model.js';
import { phraseStems } from './question-words.js';

/** A catalog answer: either rows known from the DataPoints, or one query to run. */
export type CatalogPlan =
  | { kind: 'rows'; title: string; columns: string[]; rows: Record<string, unknown>[]; sources: string[] }
  | { kind: 'sql'; title: string; sql: string; sources: string[] };

/** Finds the table a phrase names (`order items`, `orders`, `order_items`): exactly one, or undefined. */
function findTable(text: string, schemas: readonly SchemaDataPoint[]): SchemaDataPoint | undefined {
  const wanted = phraseStems(text).join(' ');
  const hits = schemas.filter((s) => phraseStems(s.table).join(' ') === wanted || s.id === text.toLowerCase());
  return hits.length === 1 ? hits[0] : undefined;
}

/**
 * Catalog intents (docs/architecture.md, step 1 of answering), answered from the knowledge or with one trivial query:
 * list tables, columns of a table, row count of a table, sample rows. Anything else: undefined.
 */
export function planCatalogIntent(
  question: string,
  schemas: readonly SchemaDataPoint[],
  dialect: Dialect,
  metrics: readonly BusinessDataPoint[] = [],
): CatalogPlan | undefined {
  const q = question
    .trim()
    .toLowerCase()
    .replace(/[?.!]+$/, '')
    .replace(/\s+/g, ' ');
  // "What metrics are available?", "what can I ask?": the Business DataPoints, with what they group by.
  if (
    /^(?:(?:list|show)(?: me)?(?: all)?(?: the)?(?: available)? (?:metrics|measures|kpis)|(?:what|which)(?: are the)? (?:metrics|measures|kpis)(?: are| do (?:we|you|i) have| are there| exist| are available| can i (?:ask|use|query))?(?: available| defined)?(?: here)?|what (?:can|could|should) i ask(?: about)?(?: here| you)?|what questions can i ask(?: here)?|help)$/.test(
      q,
    )
  ) {
    return {
      kind: 'rows',
      title: `${metrics.length} metrics (ask e.g. "${metrics[0] ? `${metrics[0].name.toLowerCase()} by month` : 'how many orders'}")`,
      columns: ['metric', 'table', 'aggregation', 'time_column', 'dimensions', 'synonyms'],
      rows: [...metrics]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((m) => ({
          metric: m.name,
          table: m.table,
          aggregation: m.aggregation,
          time_column: m.time_column ?? null,
          dimensions: m.dimensions.join(', '),
          synonyms: m.synonyms.slice(0, 4).join(', '),
        })),
      sources: metrics.map((m) => m.id),
    };
  }
  if (
    /^(list|show|what are|what|which)( me)?( all)?( the)?( available)? tables( are there| do (we|you|i) have| exist| are available)?$/.test(
      q,
    ) ||
    /^(list|show) (all )?tables$/.test(q)
  ) {
    return {
      kind: 'rows',
      title: `${schemas.length} tables`,
      columns: ['table', 'rows', 'purpose'],
      rows: [...schemas]
        .sort((a, b) => a.table.localeCompare(b.table))
        .map((s) => ({
          table: s.schema ? `${s.schema}.${s.table}` : s.table,
          rows: s.row_count ?? null,
          purpose: s.purpose || s.description,
        })),
      sources: schemas.map((s) => s.id),
    };
  }
  let m =
    /^(?:(?:what|which) (?:are the )?(?:columns|fields)(?: are)? (?:in|of|does)|(?:list|show)(?: me)?(?: the)? (?:columns|fields) (?:of|in|for)|describe)(?: the)? (.+?)(?: table)?(?: have)?$/.exec(
      q,
    );
  if (m) {
    const table = findTable(m[1]!, schemas);
    if (!table) return undefined;
    return {
      kind: 'rows',
      title: `Columns of ${table.table}`,
      columns: ['column', 'type', 'nullable', 'meaning'],
      rows: table.columns.map((c) => ({ column: c.name, type: c.type, nullable: c.nullable, meaning: c.meaning })),
      sources: [table.id],
    };
  }
  m = /^how many (?:rows|records|entries) (?:are )?(?:there )?(?:in|does)(?: the)? (.+?)(?: table)?(?: have)?$/.exec(q);
  if (m) {
    const table = findTable(m[1]!, schemas);
    if (!table) return undefined;
    const from = table.schema
      ? dialect.quoteQualified(table.schema, table.table)
      : dialect.quoteIdentifier(table.table);
    return {
      kind: 'sql',
      title: `Rows in ${table.table}`,
      sql: `SELECT COUNT(*) AS ${dialect.quoteIdentifier('row_count')} FROM ${from}`,
      sources: [table.id],
    };
  }
  m =
    /^(?:show|give|list)(?: me)? (?:some|a few|sample|example|the first \d+|\d+)(?: sample| example)? (?:rows|records|data)? ?(?:of|from|in)?(?: the)? (.+?)(?: table)?$/.exec(
      q,
    );
  if (m) {
    const table = findTable(m[1]!, schemas);
    if (!table) return undefined;
    const n = Number(/(\d+)/.exec(q)?.[1] ?? 10);
    const from = table.schema
      ? dialect.quoteQualified(table.schema, table.table)
      : dialect.quoteIdentifier(table.table);
    const safe = table.columns.filter((c) => !c.pii).map((c) => dialect.quoteIdentifier(c.name));
    return {
      kind: 'sql',
      title: `Sample rows of ${table.table}`,
      sql: dialect.limit(`SELECT ${safe.join(', ') || '*'} FROM ${from}`, Math.min(n, 100)),
      sources: [table.id],
    };
  }
  if (
    /^(?:table )?row counts?(?: of| for)?(?: all| every)?(?: the)?(?: tables)?$|^how (?:big|large) (?:are|is) (?:the|each|every|all) tables?$/.test(
      q,
    )
  ) {
    return {
      kind: 'rows',
      title: 'Row counts (from the last profile)',
      columns: ['table', 'rows'],
      rows: [...schemas]
        .sort((a, b) => (b.row_count ?? 0) - (a.row_count ?? 0))
        .map((s) => ({ table: s.table, rows: s.row_count ?? null })),
      sources: schemas.map((s) => s.id),
    };
  }
  return undefined;
}
