import type { BusinessDataPoint, SchemaColumn, SchemaDataPoint } from '../datapoints/datapoint-model.js';
import { phraseStems } from './question-words.js';

/** One join step from a table to a parent table it references (N:1 or 1:1, so metric rows never duplicate). */
export interface JoinStep {
  from: string;
  to: SchemaDataPoint;
  columns: string[];
  targetColumns: string[];
}

/** A table reachable from a metric's table, with the join steps from the metric's table to it. */
export interface Reachable {
  schema: SchemaDataPoint;
  path: JoinStep[];
}

/** An entity: the thing rows of a table are (a customer, a track), identified by a key and shown by a label. */
export interface Entity {
  table: string;
  key: string[];
  /** Columns that name one row: `name`, `title`, `category_name`, or `first_name` + `last_name`. Empty when none. */
  label: string[];
}

/** Hops followed along the relationship graph (line → product → category is 2). */
export const MAX_HOPS = 3;
/** Relationships below this confidence are not trusted for deterministic joins. */
export const MIN_JOIN_CONFIDENCE = 0.8;
/** Above this many distinct values a column is not a category to group by (an entity's label is grouped with its key). */
export const MAX_DIMENSION_DISTINCT = 50;

const FIRST = /^(first_name|given_name|fname|firstname)$/i;
const LAST = /^(last_name|surname|family_name|lname|lastname)$/i;

/**
 * Business DataPoints + Schema relationships as a semantic model: tables by name, entities with
 * keys and labels, and the parent tables a metric's table reaches along N:1 joins (several hops).
 */
export class SemanticModel {
  readonly schemaOf: Map<string, SchemaDataPoint>;

  constructor(
    readonly schemas: readonly SchemaDataPoint[],
    readonly metrics: readonly BusinessDataPoint[],
  ) {
    this.schemaOf = new Map(schemas.map((s) => [s.table.toLowerCase(), s]));
  }

  schema(table: string): SchemaDataPoint | undefined {
    return this.schemaOf.get(table.toLowerCase());
  }

  /**
   * Parent tables reachable from `table` by N:1/1:1 joins, shortest path first. A table reached by two
   * different shortest paths is ambiguous (which employee: the order's or the customer's rep?) and left out.
   */
  reachable(table: string): Map<string, Reachable> {
    const out = new Map<string, Reachable>();
    const ambiguous = new Set<string>();
    const base = this.schema(table);
    if (!base) return out;
    let frontier: Reachable[] = [{ schema: base, path: [] }];
    const seen = new Set([base.table.toLowerCase()]);
    for (let hop = 0; hop < MAX_HOPS && frontier.length; hop++) {
      const next = new Map<string, Reachable>();
      for (const node of frontier) {
        for (const r of node.schema.relationships) {
          const target = this.schema(r.target_table);
          if (!target || r.confidence < MIN_JOIN_CONFIDENCE || (r.cardinality !== 'N:1' && r.cardinality !== '1:1'))
            continue;
          const key = target.table.toLowerCase();
          if (seen.has(key)) continue;
          const path = [
            ...node.path,
            { from: node.schema.table, to: target, columns: r.columns, targetColumns: r.target_columns },
          ];
          const existing = next.get(key);
          if (existing && existing.path.map((p) => p.from).join() !== path.map((p) => p.from).join())
            ambiguous.add(key);
          else if (!existing) next.set(key, { schema: target, path });
        }
      }
      for (const [key, node] of next) {
        seen.add(key);
        if (!ambiguous.has(key)) out.set(key, node);
      }
      frontier = [...next.values()];
    }
    return out;
  }

  /** The entity a table's rows are, or undefined when it has no single key. */
  entity(table: string): Entity | undefined {
    const schema = this.schema(table);
    if (!schema) return undefined;
    const key = schema.primary_key.length ? schema.primary_key : this.referencedKey(schema);
    return key ? { table: schema.table, key, label: labelColumns(schema) } : undefined;
  }

  /**
   * A table without a declared primary key (TPC-H) is still keyed by the columns trusted N:1 joins
   * point at (`supplier.s_nationkey → nation.n_nationkey`): a join target is unique, or joins would
   * duplicate rows. Several different targets leave the key unknown.
   */
  private referencedKey(schema: SchemaDataPoint): string[] | undefined {
    const targets = new Set<string>();
    for (const other of this.schemas) {
      for (const r of other.relationships) {
        const trusted = r.confidence >= MIN_JOIN_CONFIDENCE && (r.cardinality === 'N:1' || r.cardinality === '1:1');
        if (trusted && r.target_table.toLowerCase() === schema.table.toLowerCase())
          targets.add(r.target_columns.join(','));
      }
    }
    const [only] = [...targets];
    return targets.size === 1 && only ? only.split(',') : undefined;
  }
}

/**
 * Columns that name a row of the table: `name`, `title`, `category_name`, `CompanyName`, or first + last
 * name. People are named by their names only (a job title is not an employee's label); PII is never a label.
 */
export function labelColumns(schema: SchemaDataPoint): string[] {
  const stemsOf = (c: SchemaColumn) => phraseStems(c.name);
  const person = (c: SchemaColumn, kind: 'first' | 'last') =>
    (kind === 'first' ? FIRST : LAST).test(stemsOf(c).join('_'));
  const first = schema.columns.find((c) => person(c, 'first'));
  const last = schema.columns.find((c) => person(c, 'last'));
  if (first && last) return first.pii || last.pii ? [] : [first.name, last.name];
  const columns = schema.columns.filter((c) => !c.pii && !schema.primary_key.includes(c.name));
  const tableStems = phraseStems(schema.table).join(' ');
  const labels = columns.filter(
    (c) =>
      ['name', 'title', 'label'].includes(stemsOf(c).slice(-1)[0] ?? '') && !person(c, 'first') && !person(c, 'last'),
  );
  // `category_name` on categories beats `contact_name`; a plain `name`/`title` beats other *_name columns.
  const own = labels.filter((c) => stemsOf(c).length === 1 || stemsOf(c).slice(0, -1).join(' ') === tableStems);
  const preferred = own.length
    ? own
    : labels.filter((c) => /^(company|full|display)_?name$/i.test(stemsOf(c).join('_')));
  if (preferred.length) return [preferred[0]!.name];
  // A text column named after its table names its rows (Pagila's country.country, city.city).
  const text = (c: SchemaColumn) =>
    c.canonical_type ? c.canonical_type === 'string' : /char|text|string/i.test(c.type);
  const eponym = columns.find((c) => stemsOf(c).join(' ') === tableStems && text(c));
  if (eponym) return [eponym.name];
  // Several unrelated *_name columns (contact_name, ship_name): no label is safer than a guessed one.
  return labels.length === 1 ? [labels[0]!.name] : [];
}

/** True for a column that is a key (primary or foreign): an identifier, never a category or measure. */
export function isKey(schema: SchemaDataPoint, column: string): boolean {
  return schema.primary_key.includes(column) || schema.relationships.some((r) => r.columns.includes(column));
}

/** Low-cardinality columns to group by; keys, PII and labels are not categories. */
export function groupableColumns(schema: SchemaDataPoint): string[] {
  return schema.columns
    .filter(
      (c) =>
        !c.pii &&
        !isKey(schema, c.name) &&
        (c.stats?.distinct_count ?? 0) > 0 &&
        c.stats!.distinct_count! <= MAX_DIMENSION_DISTINCT,
    )
    .map((c) => c.name);
}

/** True when the column names a row of its table (grouping by it alone would merge rows with the same name). */
export function isLabel(schema: SchemaDataPoint, column: string): boolean {
  // A job title or contact name is a category to group by value; only the row's own label needs the key.
  return labelColumns(schema).includes(column) || phraseStems(column).join(' ') === 'name';
}
