import type { Dialect, TimeGrain } from '../connectors/dialect.js';
import type { BusinessDataPoint, SchemaDataPoint } from '../datapoints/datapoint-model.js';
import { bridgeBetween, renderBridgeCount } from './bridge-tables.js';
import { renderExtremeRow } from './extreme-row.js';
import { relatedSql } from './related-rows.js';
import { measureOverRepeatedLabel, repeatedLabel } from './repeated-labels.js';
import { isLabel, type JoinStep, type SemanticModel } from './semantic-model.js';
import type { SemanticFilter, SemanticQuery } from './semantic-query.js';

/** SQL of a semantic query, with a human title and the DataPoints it rests on. */
export interface RenderedQuery {
  sql: string;
  title: string;
  /** The Business DataPoint, when the measure is one. */
  metric?: BusinessDataPoint;
  sources: string[];
  /** Result columns that are time buckets, by name → their grain (answers label them `2024-03`, `2024-Q1`…). */
  grains?: Record<string, TimeGrain>;
}

export type RenderOutcome = { kind: 'rendered'; query: RenderedQuery } | { kind: 'declined'; reason: string };

import type { ResolvedMeasure } from './resolved-measure.js';

export type { ResolvedMeasure };

const RESERVED = new Set(
  (
    'all and any as asc between by case check column create cross current date day default delete desc distinct drop ' +
    'else end except exists from full glob group having in index inner insert intersect into is join key left like ' +
    'limit match month natural not null offset on or order outer primary range rank references right row rows select ' +
    'set show table then time timestamp to transaction trigger union update user using values view when where window ' +
    'with year'
  ).split(' '),
);

const FUNC: Record<string, (column: string) => string> = {
  SUM: (c) => `SUM(${c})`,
  AVG: (c) => `AVG(${c})`,
  MIN: (c) => `MIN(${c})`,
  MAX: (c) => `MAX(${c})`,
  COUNT: (c) => `COUNT(${c})`,
  COUNT_DISTINCT: (c) => `COUNT(DISTINCT ${c})`,
};

/** A Business DataPoint id, or `table.column` + aggregate, as what to compute. */
export function resolveMeasure(
  model: SemanticModel,
  query: SemanticQuery,
  ref: (table: string, column: string) => string,
): ResolvedMeasure | { reason: string } {
  const metric = model.metrics.find((m) => m.id === query.measure);
  if (metric) {
    const { name, id: alias, table, expression, filters } = metric;
    return {
      name,
      alias,
      table,
      expression,
      filters,
      ...(metric.time_column ? { timeColumn: metric.time_column } : {}),
      metric,
    };
  }
  const [table, column] = query.measure.split('.');
  const schema = table ? model.schema(table) : undefined;
  const col = schema?.columns.find((c) => c.name.toLowerCase() === column?.toLowerCase());
  if (!schema || !col || !query.aggregate) return { reason: `Unknown measure "${query.measure}".` };
  const expression = FUNC[query.aggregate]!(ref(schema.table, col.name));
  const alias = `${query.aggregate.toLowerCase()}_${col.name}`;
  const words = {
    SUM: 'Total',
    AVG: 'Average',
    MIN: 'Lowest',
    MAX: 'Highest',
    COUNT: 'Count of',
    COUNT_DISTINCT: 'Distinct',
  };
  const name = `${words[query.aggregate]} ${col.name.replace(/_/g, ' ')}`;
  return { name, alias, table: schema.table, expression, filters: [] };
}

/**
 * Renders a semantic query as one SELECT in the connector's dialect: the measure, dimensions (an
 * entity as key + label, a label column always with its key), N:1 joins along the graph (several
 * hops), filters as IN lists and comparisons, time range and grain, order and limit.
 */
export function renderSemanticQuery(model: SemanticModel, query: SemanticQuery, d: Dialect): RenderOutcome {
  // Plain lower-case names stay readable; anything else (case, keywords like `show`) is quoted.
  const ident = (id: string) => (/^[a-z_][a-z0-9_]*$/.test(id) && !RESERVED.has(id) ? id : d.quoteIdentifier(id));
  const ref = (table: string, column: string) => `${ident(table)}.${ident(column)}`;
  let measure = resolveMeasure(model, query, ref);
  if ('reason' in measure) return { kind: 'declined', reason: measure.reason };
  // A keyless table whose rows repeat one entity: counts count its names, sums and shares decline.
  const repeated = repeatedLabel(model, measure.table);
  if (repeated) {
    const aggregate = measure.metric?.aggregation ?? query.aggregate;
    const adjusted = measureOverRepeatedLabel(repeated, aggregate, measure.expression, measure.name, ref);
    if (adjusted && 'reason' in adjusted) return { kind: 'declined', reason: adjusted.reason };
    if (query.share)
      return {
        kind: 'declined',
        reason: `${repeated.table} rows repeat one ${repeated.label}: a share of rows is not a share of ${repeated.table}.`,
      };
    if (adjusted) measure = { ...measure, ...adjusted };
  }
  const base = model.schema(measure.table);
  const reach = model.reachable(measure.table);
  const joins: JoinStep[] = [];
  const need = (table: string): string | undefined => {
    if (table.toLowerCase() === measure.table.toLowerCase()) return undefined;
    const target = reach.get(table.toLowerCase());
    if (!target) return `"${table}" cannot be joined to "${measure.table}" without duplicating or guessing rows.`;
    for (const step of target.path) if (!joins.some((j) => j.to.table === step.to.table)) joins.push(step);
    return undefined;
  };

  const select: string[] = [];
  const groupBy: string[] = [];
  const aliases = new Set<string>();
  const pick = (table: string, column: string) => {
    const expr = ref(table, column);
    if (groupBy.includes(expr)) return;
    const alias = aliases.has(column) ? `${table}_${column}` : column;
    aliases.add(alias);
    select.push(`${expr} AS ${d.quoteIdentifier(alias)}`);
    groupBy.push(expr);
  };
  const time = query.time;
  // A time column named by the query (an event verb, an LLM) is quoted like any column; the metric's is its own SQL.
  const [timeTable, timeName] = time?.column?.split('.') ?? [];
  const timeColumn =
    timeTable && timeName ? ref(model.schema(timeTable)?.table ?? timeTable, timeName) : measure.timeColumn;
  if ((time?.grain || time?.from || time?.to) && !timeColumn) {
    return { kind: 'declined', reason: `"${measure.name}" has no time column to filter or group by time.` };
  }
  if (time?.grain) {
    select.push(`${d.dateTrunc(time.grain, timeColumn!)} AS ${d.quoteIdentifier(time.grain)}`);
    groupBy.push(d.dateTrunc(time.grain, timeColumn!));
    aliases.add(time.grain);
  }
  const labels: string[] = [];
  const from = (schema: SchemaDataPoint | undefined, table: string) =>
    schema?.schema ? `${d.quoteQualified(schema.schema, table)} ${ident(table)}` : ident(table);
  const fromOf = (table: string) => from(model.schema(table), model.schema(table)?.table ?? table);
  for (const dim of query.dimensions) {
    const schema = model.schema(dim.table);
    if (!schema) return { kind: 'declined', reason: `Unknown table "${dim.table}".` };
    // "films per category" through film_category: a many-to-many link, counted per category.
    const bridge =
      dim.column || reach.has(schema.table.toLowerCase())
        ? undefined
        : bridgeBetween(model, measure.table, schema.table);
    if (bridge) {
      const counted = renderBridgeCount(model, query, measure, bridge, schema.table, ref, fromOf, d);
      if ('reason' in counted) return { kind: 'declined', reason: counted.reason };
      const sources = [...new Set([...(measure.metric ? [measure.metric.id] : []), bridge.link.id, schema.id])];
      return {
        kind: 'rendered',
        query: { ...counted, ...(measure.metric ? { metric: measure.metric } : {}), sources },
      };
    }
    const why = need(schema.table);
    if (why) return { kind: 'declined', reason: why };
    // Grouping by an entity, or by a label that is not unique, keys the groups by the entity's key.
    // (On the measure's own table a label is a value to group rows by: its key would make one group per row.)
    const own = schema.table.toLowerCase() === measure.table.toLowerCase();
    const entity = !dim.column || (!own && isLabel(schema, dim.column)) ? model.entity(schema.table) : undefined;
    if (!dim.column && !entity)
      return { kind: 'declined', reason: `"${schema.table}" has no primary key to group its rows by.` };
    const columns = entity ? [...entity.key, ...(dim.column ? [dim.column] : entity.label)] : [dim.column!];
    for (const column of columns) pick(schema.table, column);
    labels.push(dim.column ? dim.column.replace(/_/g, ' ') : schema.table.replace(/_/g, ' '));
  }
  const alias = d.quoteIdentifier(query.share ? `${measure.alias}_share` : measure.alias);
  if (query.share) {
    const share = query.share;
    for (const f of share.filters) {
      const why = model.schema(f.table) ? need(model.schema(f.table)!.table) : `Unknown table "${f.table}".`;
      if (why) return { kind: 'declined', reason: why };
    }
    const condition = share.filters
      .map((f) => filterSql(d, ref(model.schema(f.table)!.table, f.column), f))
      .join(' AND ');
    select.push(`${share.scale === 100 ? '100.0 * ' : ''}AVG(CASE WHEN ${condition} THEN 1.0 ELSE 0 END) AS ${alias}`);
  } else select.push(`${measure.expression} AS ${alias}`);

  const where = measure.filters.map((f) => `(${f})`);
  for (const f of query.filters) {
    const schema = model.schema(f.table);
    if (!schema) return { kind: 'declined', reason: `Unknown table "${f.table}".` };
    const why = need(schema.table);
    if (why) return { kind: 'declined', reason: why };
    where.push(filterSql(d, ref(schema.table, f.column), f));
  }
  const relatedTitles: string[] = [];
  for (const r of query.related ?? []) {
    const related = relatedSql(model, measure.table, r, ref, fromOf);
    if ('reason' in related) return { kind: 'declined', reason: related.reason };
    where.push(related.sql);
    relatedTitles.push(related.title);
  }
  if (time?.from) where.push(`${timeColumn} >= ${d.dateLiteral(time.from)}`);
  if (time?.to) where.push(`${timeColumn} < ${d.dateLiteral(time.to)}`);

  let fromSql = `FROM ${from(base, measure.table)}`;
  for (const j of joins) {
    const on = j.columns.map((c, i) => `${ref(j.from, c)} = ${ref(j.to.table, j.targetColumns[i]!)}`).join(' AND ');
    fromSql += ` LEFT JOIN ${from(j.to, j.to.table)} ON ${on}`;
  }
  const sources = [
    ...new Set([
      ...(measure.metric ? [measure.metric.id] : []),
      ...(base ? [base.id] : []),
      ...joins.map((j) => j.to.id),
    ]),
  ];
  if (query.pick === 'row') {
    const row = renderExtremeRow({ model, query, measure, from: fromSql, where, ref, dialect: d });
    if ('reason' in row) return { kind: 'declined', reason: row.reason };
    const title = [
      row.title,
      ...query.filters.map((f) => `where ${filterTitle(f)}`),
      ...(time?.label ? [time.label] : []),
    ];
    const metric = measure.metric ? { metric: measure.metric } : {};
    return { kind: 'rendered', query: { sql: row.sql, title: title.join(' '), ...metric, sources } };
  }
  let sql = `SELECT ${select.join(', ')} ${fromSql}`;
  if (where.length) sql += ` WHERE ${where.join(' AND ')}`;
  if (groupBy.length) sql += ` GROUP BY ${groupBy.join(', ')}`;
  if (query.limit !== undefined || query.order) sql += ` ORDER BY ${alias} ${query.order === 'asc' ? 'ASC' : 'DESC'}`;
  else if (groupBy.length) sql += ` ORDER BY ${time?.grain ? d.quoteIdentifier(time.grain) : `${alias} DESC`}`;
  if (query.limit !== undefined) sql = d.limit(sql, query.limit);

  const title = [
    query.limit !== undefined
      ? `${query.order === 'asc' ? 'Bottom' : 'Top'} ${query.limit} ${labels.join(', ')} by ${measure.name.toLowerCase()}`
      : measure.name,
    ...(query.share
      ? [
          `${query.share.scale === 100 ? 'percentage' : 'share'} where ${query.share.filters.map(filterTitle).join(' and ')}`,
        ]
      : []),
    ...(query.limit === undefined && labels.length ? [`by ${labels.join(' and ')}`] : []),
    ...(time?.grain ? [`by ${time.grain}`] : []),
    ...query.filters.map((f) => `where ${filterTitle(f)}`),
    ...relatedTitles,
    ...(time?.label ? [time.label] : []),
  ].join(' ');
  const grains = time?.grain ? { grains: { [time.grain]: time.grain } } : {};
  return {
    kind: 'rendered',
    query: { sql, title, ...(measure.metric ? { metric: measure.metric } : {}), sources, ...grains },
  };
}

function literal(d: Dialect, value: string | number): string {
  return typeof value === 'number' ? String(value) : d.stringLiteral(value);
}

function filterSql(d: Dialect, column: string, f: SemanticFilter): string {
  const list = f.values.map((v) => literal(d, v));
  switch (f.op) {
    case 'in':
      return list.length === 1 ? `${column} = ${list[0]}` : `${column} IN (${list.join(', ')})`;
    case 'not_in':
      return list.length === 1 ? `${column} <> ${list[0]}` : `${column} NOT IN (${list.join(', ')})`;
    case 'gt':
      return `${column} > ${list[0]}`;
    case 'gte':
      return `${column} >= ${list[0]}`;
    case 'lt':
      return `${column} < ${list[0]}`;
    case 'lte':
      return `${column} <= ${list[0]}`;
    case 'is_true':
      // For boolean-typed columns; a 0/1 integer flag is an `in` filter with value 1.
      return `${column} = TRUE`;
    case 'is_false':
      return `${column} = FALSE`;
  }
}

function filterTitle(f: SemanticFilter): string {
  const column = f.column.replace(/_/g, ' ');
  const ops: Record<string, string> = { gt: '>', gte: '≥', lt: '<', lte: '≤' };
  if (f.op === 'in') return `${column} is ${f.values.join(' or ')}`;
  if (f.op === 'not_in') return `${column} is not ${f.values.join(' or ')}`;
  if (f.op === 'is_true' || f.op === 'is_false') return `${column} is ${f.op === 'is_true' ? 'true' : 'false'}`;
  return `${column} ${ops[f.op]} ${f.values[0]}`;
}
