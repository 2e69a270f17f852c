import type { BusinessDataPoint, SchemaDataPoint } from '../datapoints/datapoint-model.js';
import { bridgeBetween } from './bridge-tables.js';
import { FILLER, type Word } from './question-words.js';
import { columnStems, tableStems } from './identifier-stems.js';
import { groupableColumns, isKey, labelColumns, type SemanticModel } from './semantic-model.js';
import type { SemanticDimension } from './semantic-query.js';

const sameStems = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((s, i) => s === b[i]);
/** "by title" is `title`, not `title_of_courtesy`: a column named exactly by the phrase settles the choice. */
/** The table's own words are dropped on both sides: `o_orderpriority` is exactly "priority" on orders. */
const isExact = (schema: SchemaDataPoint, column: string, wanted: readonly string[]) => {
  const ofTable = tableStems(schema.table);
  const own = columnStems(schema, column).filter((s) => !ofTable.includes(s));
  return (
    own.length > 0 &&
    sameStems(
      own,
      wanted.filter((w) => !ofTable.includes(w)),
    )
  );
};
const exactFirst = (columns: string[], wanted: readonly string[], schema: SchemaDataPoint) => {
  const exact = columns.filter((c) => isExact(schema, c, wanted));
  return columns.length > 1 && exact.length === 1 ? exact : columns;
};

/**
 * What "by <phrase>" groups by, never guessed:
 * - the phrase names a table (by customer, by track): that entity, grouped by key + label;
 * - else a column of the metric's table, then of a parent table reachable along N:1 joins, whose own
 *   name words (not only its table's) appear in the phrase;
 * - several candidates or none: a reason to decline.
 */
export function resolveDimension(
  phrase: readonly Word[],
  measureTable: string,
  metric: BusinessDataPoint | undefined,
  model: SemanticModel,
  /** A top N bounds the groups: high-cardinality columns are allowed. */
  bounded = false,
): SemanticDimension | { reason: string } {
  const wanted = phrase.filter((w) => !FILLER.has(w.text)).map((w) => w.stem);
  const text = phrase.map((w) => w.text).join(' ');
  if (!wanted.length) return { reason: `Cannot tell what to group by in "${text}".` };
  const base = model.schema(measureTable);
  const reach = model.reachable(measureTable);

  // An entity: the phrase is a table's name ("employee" → employees).
  const named = model.schemas.filter((s) => sameStems(tableStems(s.table), wanted));
  if (named.length === 1) {
    const table = named[0]!;
    if (table.table.toLowerCase() === measureTable.toLowerCase() || reach.has(table.table.toLowerCase()))
      return { table: table.table };
    // Many to many through one link table (film → film_category → category): the renderer decides what it answers.
    if (bridgeBetween(model, measureTable, table.table) && model.entity(table.table)) return { table: table.table };
    return {
      reason: `"${text}" is the table ${table.table}, which "${measureTable}" rows cannot be grouped by without an LLM (no N:1 join path).`,
    };
  }
  // "customer nation": the nation reached through the customer, only when that is the join path used.
  const via = throughTable(wanted, measureTable, model);
  if (via) return via;
  // A foreign key of the metric's table whose target has no Schema DataPoint: the key alone is the entity.
  const fk = base?.relationships.filter(
    (r) =>
      r.columns.length === 1 &&
      sameStems(
        columnStems(base, r.columns[0]!).filter((s) => !['id', 'key', 'code', 'no'].includes(s)),
        wanted,
      ),
  );
  if (fk?.length === 1 && !model.schema(fk[0]!.target_table)) return { table: base!.table, column: fk[0]!.columns[0]! };

  const declared = (metric?.dimensions ?? []).map((d) => d.replace(/["`]/g, '').split('.').pop()!);
  const matches = (schema: SchemaDataPoint, columns: string[]) => {
    const ofTable = new Set(tableStems(schema.table));
    return columns.filter((column) => {
      const own = columnStems(schema, column);
      // The column's own words must be named: "by customer" is not "by customers.segment".
      return (
        wanted.every((w) => own.includes(w) || ofTable.has(w)) && wanted.some((w) => own.includes(w) && !ofTable.has(w))
      );
    });
  };
  // Every column counts when looking for a match (a high-cardinality city must not lose to a far-away one).
  const candidates = (schema: SchemaDataPoint) =>
    schema.columns.filter((c) => !c.pii && (!isKey(schema, c.name) || declared.includes(c.name))).map((c) => c.name);
  const bound = (schema: SchemaDataPoint, column: string): SemanticDimension | { reason: string } => {
    const distinct = schema.columns.find((c) => c.name === column)?.stats?.distinct_count;
    const small =
      declared.includes(column) || groupableColumns(schema).includes(column) || labelColumns(schema).includes(column);
    if (!small && !bounded)
      return {
        reason: `${schema.table}.${column} has ${distinct ?? 'an unknown number of'} distinct values; ask for the top N (e.g. "top 10 ${text} by ...").`,
      };
    return { table: schema.table, column };
  };
  if (base) {
    const own = exactFirst(matches(base, [...new Set([...declared, ...candidates(base)])]), wanted, base);
    if (own.length === 1) return bound(base, own[0]!);
    if (own.length > 1) return { reason: `"${text}" could be ${own.map((c) => `${base.table}.${c}`).join(' or ')}.` };
  }
  const found: { schema: SchemaDataPoint; column: string }[] = [];
  for (const { schema } of reach.values())
    for (const column of matches(schema, candidates(schema))) found.push({ schema, column });
  const exact = found.filter((f) => isExact(f.schema, f.column, wanted));
  if (found.length > 1 && exact.length === 1) return bound(exact[0]!.schema, exact[0]!.column);
  if (found.length === 1) return bound(found[0]!.schema, found[0]!.column);
  if (found.length > 1)
    return { reason: `"${text}" could be ${found.map((d) => `${d.schema.table}.${d.column}`).join(' or ')}.` };
  const known = base ? [...new Set([...declared, ...groupableColumns(base)])] : declared;
  return { reason: `No column or entity to group by "${text}" (known: ${known.join(', ') || 'none'}).` };
}

/**
 * "<table A> <table B>" as one phrase ("customer nation", "supplier region"): table B, when the one
 * join path to B passes through A. Another path (lineitem → supplier → nation) would group by a
 * different nation than the one named, so it is not taken; the caller declines.
 */
function throughTable(
  wanted: readonly string[],
  measureTable: string,
  model: SemanticModel,
): SemanticDimension | undefined {
  const reach = model.reachable(measureTable);
  for (let cut = 1; cut < wanted.length; cut++) {
    const names = (stems: readonly string[]) => model.schemas.filter((s) => sameStems(tableStems(s.table), stems));
    const [a] = names(wanted.slice(0, cut));
    const [b] = names(wanted.slice(cut));
    if (!a || !b || names(wanted.slice(0, cut)).length > 1 || names(wanted.slice(cut)).length > 1) continue;
    const path = reach.get(b.table.toLowerCase())?.path ?? [];
    if (path.some((step) => step.to.table.toLowerCase() === a.table.toLowerCase()) && model.entity(b.table))
      return { table: b.table };
  }
  return undefined;
}
