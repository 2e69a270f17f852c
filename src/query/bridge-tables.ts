import type { Dialect } from '../connectors/dialect.js';
import type { SchemaDataPoint } from '../datapoints/datapoint-model.js';
import { MIN_JOIN_CONFIDENCE, type SemanticModel } from './semantic-model.js';
import type { SemanticQuery } from './semantic-query.js';
import type { ResolvedMeasure } from './resolved-measure.js';

/** A link table between two entities (Pagila's film_category: a film has several categories). */
export interface Bridge {
  link: SchemaDataPoint;
  /** Link columns pointing at the measure's table, and the columns they reference there. */
  toMeasure: { columns: string[]; target: string[] };
  /** Link columns pointing at the grouped table, and the columns they reference there. */
  toGroup: { columns: string[]; target: string[] };
}

/**
 * The one pure link table between `measureTable` and `groupTable`: one trusted N:1 relationship to each,
 * and a primary key made of nothing but those columns (so a pair is listed once). Undefined otherwise.
 */
export function bridgeBetween(model: SemanticModel, measureTable: string, groupTable: string): Bridge | undefined {
  const found: Bridge[] = [];
  const trusted = (s: SchemaDataPoint, target: string) =>
    s.relationships.filter(
      (r) =>
        r.target_table.toLowerCase() === target.toLowerCase() &&
        r.confidence >= MIN_JOIN_CONFIDENCE &&
        (r.cardinality === 'N:1' || r.cardinality === '1:1'),
    );
  for (const link of model.schemas) {
    const [m, ...moreM] = trusted(link, measureTable);
    const [g, ...moreG] = trusted(link, groupTable);
    if (!m || !g || moreM.length || moreG.length || measureTable.toLowerCase() === groupTable.toLowerCase()) continue;
    const keyed = [...m.columns, ...g.columns];
    const pure = link.primary_key.length > 0 && link.primary_key.every((c) => keyed.includes(c));
    if (pure)
      found.push({
        link,
        toMeasure: { columns: m.columns, target: m.target_columns },
        toGroup: { columns: g.columns, target: g.target_columns },
      });
  }
  return found.length === 1 ? found[0] : undefined;
}

/**
 * "Number of films per category" across film_category: each category with how many distinct films link
 * to it (zero included, so "the fewest" sees empty ones). Only a plain row count with nothing else asked
 * (no filters, time, share): anything more would need the measure's rows joined through the link.
 */
export function renderBridgeCount(
  model: SemanticModel,
  query: SemanticQuery,
  measure: ResolvedMeasure,
  bridge: Bridge,
  groupTable: string,
  ref: (table: string, column: string) => string,
  /** `table` as it goes after FROM (schema-qualified, quoted as the renderer does). */
  fromOf: (table: string) => string,
  d: Dialect,
): { sql: string; title: string } | { reason: string } {
  const group = model.schema(groupTable);
  const entity = model.entity(groupTable);
  const plainCount =
    measure.metric?.aggregation === 'COUNT' && /^COUNT\(\*\)$/i.test(measure.expression.replace(/\s+/g, ''));
  const alone =
    query.dimensions.length === 1 && !query.filters.length && !query.time && !query.share && !query.related?.length;
  if (!group || !entity || !plainCount || measure.filters.length || !alone || bridge.toMeasure.columns.length !== 1)
    return {
      reason: `${measure.table} and ${groupTable} are linked through ${bridge.link.table} (many to many): only a plain count per ${groupTable} is answered without an LLM.`,
    };
  const link = bridge.link.table;
  const on = bridge.toGroup.columns.map((c, i) => `${ref(link, c)} = ${ref(group.table, bridge.toGroup.target[i]!)}`);
  const columns = [...entity.key, ...entity.label];
  const select = columns.map((c) => `${ref(group.table, c)} AS ${d.quoteIdentifier(c)}`);
  const alias = d.quoteIdentifier(measure.alias);
  const counted = `COUNT(DISTINCT ${ref(link, bridge.toMeasure.columns[0]!)})`;
  let sql =
    `SELECT ${[...select, `${counted} AS ${alias}`].join(', ')} FROM ${fromOf(group.table)} ` +
    `LEFT JOIN ${fromOf(link)} ON ${on.join(' AND ')} GROUP BY ${columns.map((c) => ref(group.table, c)).join(', ')}`;
  sql += ` ORDER BY ${alias} ${query.order === 'asc' ? 'ASC' : 'DESC'}`;
  if (query.limit !== undefined) sql = d.limit(sql, query.limit);
  const name = group.table.replace(/_/g, ' ');
  const title =
    query.limit !== undefined
      ? `${query.order === 'asc' ? 'Bottom' : 'Top'} ${query.limit} ${name} by ${measure.name.toLowerCase()}`
      : `${measure.name} by ${name}`;
  return { sql, title };
}
