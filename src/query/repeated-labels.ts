import { isNumeric } from './column-measures.js';
import { isKey, labelColumns, type SemanticModel } from './semantic-model.js';

/**
 * A table with no key whose label repeats, where nothing shows that rows sharing a name are different
 * things: GeoQuery's `river` has a row per river × state it crosses (46 names over 149 rows), so COUNT(*)
 * counts river-state pairs and SUM(length) adds a river once per state.
 */
export interface RepeatedLabel {
  table: string;
  label: string;
  rows: number;
  names: number;
}

/**
 * The table's repeated label, or undefined when rows are entities: the table has a key (declared or
 * referenced), its label is unique, or a numeric attribute has more distinct values than the label has
 * names (rows with one name then differ: two cities called Springfield with different populations).
 */
export function repeatedLabel(model: SemanticModel, table: string): RepeatedLabel | undefined {
  const schema = model.schema(table);
  if (!schema || model.entity(schema.table)) return undefined;
  const [label, ...more] = labelColumns(schema);
  const column = schema.columns.find((c) => c.name === label);
  const names = column?.stats?.distinct_count;
  const rows = schema.row_count ?? 0;
  const nonNull = Math.round(rows * (1 - (column?.stats?.null_fraction ?? 0)));
  if (!column || more.length || names === undefined || names >= nonNull) return undefined;
  const differ = schema.columns.some(
    (c) =>
      c.name !== label &&
      isNumeric(c) &&
      !isKey(schema, c.name) &&
      ['exact', 'key'].includes(c.stats?.basis?.distinct ?? 'exact') &&
      (c.stats?.distinct_count ?? 0) > names,
  );
  return differ ? undefined : { table: schema.table, label: column.name, rows, names };
}

/** How a measure over a table with a repeated label is computed: distinct labels, as is, or declined. */
export type RepeatedLabelMeasure = { expression: string; name: string } | { reason: string } | undefined;

/**
 * Counting the entity counts its distinct names ("how many rivers" = COUNT(DISTINCT river_name)); a sum or
 * an average over rows that repeat one entity would count it several times, so it declines. MIN/MAX and
 * distinct counts are unchanged by repeated rows.
 */
export function measureOverRepeatedLabel(
  repeated: RepeatedLabel,
  aggregate: string | undefined,
  expression: string,
  name: string,
  ref: (table: string, column: string) => string,
): RepeatedLabelMeasure {
  const compact = expression.replace(/\s+/g, '').toUpperCase();
  const why = `${repeated.table} has no key and ${repeated.label} repeats (${repeated.names} names over ${repeated.rows} rows)`;
  if (aggregate === 'COUNT' && compact === 'COUNT(*)')
    return {
      expression: `COUNT(DISTINCT ${ref(repeated.table, repeated.label)})`,
      name: `${name} (distinct ${repeated.label.replace(/_/g, ' ')})`,
    };
  if (aggregate === 'MIN' || aggregate === 'MAX' || aggregate === 'COUNT_DISTINCT') return undefined;
  return { reason: `${why}: "${name}" would count one ${repeated.table} once per row.` };
}
