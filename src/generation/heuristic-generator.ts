import type { BusinessDataPoint, SchemaDataPoint } from '../datapoints/datapoint-model.js';
import { pluralPhrase, singularPhrase } from './english-inflection.js';
import { slugId, type GeneratedDataPoints, type TableGenerationInput } from './generation-input.js';
import { identifierWords } from './identifier-words.js';
import { measureMetrics, timeExtremes, type MetricBase } from './measure-metrics.js';
import {
  columnMeaning,
  columnWords,
  dimensionColumns,
  entityNouns,
  isAmountColumn,
  labelColumns,
  primaryTimeColumn,
  tablePurpose,
} from './table-semantics.js';

/** Confidence of heuristic output: below anything an LLM or a person wrote. */
export const HEURISTIC_CONFIDENCE = 0.5;

const REVENUE_TABLE = /(order|sale|invoice|transaction|purchase|payment|booking|rental)/i;
const REVENUE_COLUMN = /^(total|total_amount|amount|revenue|grand_total|net_total|total_price|price|sales)$/i;
const EXCLUDED_STATES = ['cancelled', 'canceled', 'refunded', 'failed', 'void', 'voided', 'returned', 'rejected'];

/**
 * Offline generation (no LLM): table purposes and column meanings from names, types, patterns and
 * relationships; Business DataPoints for the obvious metrics (row counts, SUM/AVG/MIN/MAX of every
 * measure column, revenue and average order value, distinct counts of entity keys) with their time
 * column and dimensions. Names use the columns' words without table prefixes, in proper English.
 */
export function generateHeuristic(
  connection: string,
  inputs: readonly TableGenerationInput[],
  quoteIdentifier: (identifier: string) => string = plainIdentifier,
): GeneratedDataPoints {
  const quote = quotingKeywords(quoteIdentifier);
  const schema = inputs.map(enrichSchema);
  const business: BusinessDataPoint[] = [];
  // Lines that carry their own tax make the parent's total a gross amount (tax included): not revenue.
  const taxedTables = new Set(
    inputs
      .filter((i) => i.schema.columns.some((c) => columnWords(i, c.name).split(' ').includes('tax')))
      .flatMap((i) => i.outgoing.map((r) => r.to_table.toLowerCase())),
  );
  const revenueTaken = { value: false, taxedTables };
  for (const input of [...inputs].sort((a, b) => revenueRank(a) - revenueRank(b)))
    business.push(...metricsFor(connection, input, revenueTaken, quote));
  business.sort((a, b) => a.id.localeCompare(b.id));
  const confidence: Record<string, number> = {};
  for (const dp of [...schema, ...business]) confidence[dp.id] = dp.confidence ?? HEURISTIC_CONFIDENCE;
  return {
    connection_id: connection,
    schema_datapoints: schema,
    business_datapoints: business,
    confidence_scores: confidence,
    llm_model_used: 'heuristic',
  };
}

function enrichSchema(input: TableGenerationInput): SchemaDataPoint {
  const profiles = new Map((input.profile?.columns ?? []).map((c) => [c.name, c]));
  const { one: entity, many } = entityNouns(input);
  const dims = dimensionColumns(input);
  const time = primaryTimeColumn(input);
  const gotchas: string[] = [];
  for (const c of input.schema.columns) {
    const p = profiles.get(c.name);
    if (p && p.null_percentage >= 0.2 && input.outgoing.some((r) => r.from_columns.includes(c.name))) {
      gotchas.push(
        `${c.name} is empty for ${Math.round(p.null_percentage * 100)}% of rows: an inner join to ${input.outgoing.find((r) => r.from_columns.includes(c.name))!.to_table} drops them.`,
      );
    }
    if (p?.pii) gotchas.push(`${c.name} holds personal data; avoid selecting it unless needed.`);
  }
  for (const r of input.outgoing)
    if (r.kind !== 'foreign_key')
      gotchas.push(
        `${r.from_columns.join(', ')} → ${r.to_table} is not a declared foreign key (found by ${r.kind}, confidence ${r.confidence}).`,
      );
  const queries = [`How many ${many} are there?`];
  if (time) queries.push(`How many ${many} per month?`);
  if (dims[0]) queries.push(`${capitalize(many)} by ${columnWords(input, dims[0])}`);
  const labels = labelColumns(input);
  const key = input.schema.primary_key.length === 1 ? input.schema.primary_key[0] : undefined;
  const named = labels.length
    ? ` Each ${entity} is named by ${labels.join(' + ')}${key ? ` and identified by ${key}` : ''}.`
    : '';
  return {
    ...input.schema,
    purpose: input.schema.purpose || tablePurpose(input),
    description: input.schema.description || `The ${many} table: one row per ${entity}.${named}`,
    columns: input.schema.columns.map((c) => ({
      ...c,
      meaning: c.meaning || columnMeaning(c, input, profiles.get(c.name)),
    })),
    common_queries: input.schema.common_queries.length ? input.schema.common_queries : queries,
    gotchas: input.schema.gotchas.length ? input.schema.gotchas : gotchas,
  };
}

function revenueRank(input: TableGenerationInput): number {
  const t = input.schema.table.toLowerCase();
  if (/^orders?$/.test(t) || /^sales?$/.test(t)) return 0;
  if (REVENUE_TABLE.test(t)) return 1;
  return 2;
}

function metricsFor(
  connection: string,
  input: TableGenerationInput,
  revenueTaken: { value: boolean; taxedTables: Set<string> },
  quote: (identifier: string) => string,
): BusinessDataPoint[] {
  const table = input.schema.table;
  const ref = (column: string) => `${quote(table)}.${quote(column)}`;
  if (input.schema.kind === 'view' || (input.profile && input.profile.row_count === 0)) return [];
  const time = primaryTimeColumn(input);
  const dimensions = dimensionColumns(input).map(ref);
  const { one: entity, many: tableWords } = entityNouns(input);
  const base: MetricBase = {
    connection,
    table,
    tags: ['generated'],
    source: 'auto_generated' as const,
    confidence: HEURISTIC_CONFIDENCE,
    generated_by: 'heuristic',
    business_rules: [] as string[],
    filters: [] as string[],
    dimensions,
    ...(time ? { time_column: ref(time) } : {}),
  };
  const out: BusinessDataPoint[] = [];
  out.push({
    ...base,
    type: 'Business',
    id: slugId(table, 'count'),
    name: `Number of ${tableWords}`,
    description: `Count of ${tableWords} rows${time ? `, placed in time by ${time}` : ''}.`,
    expression: 'COUNT(*)',
    aggregation: 'COUNT',
    synonyms: [
      `${entity} count`,
      `count of ${tableWords}`,
      `how many ${tableWords}`,
      `total ${tableWords}`,
      `total number of ${tableWords}`,
    ],
    unit: tableWords,
  });
  const profiles = new Map((input.profile?.columns ?? []).map((c) => [c.name, c]));
  const currencyColumn = input.schema.columns.find((c) => /currency/i.test(c.name));
  const currency = currencyColumn ? profiles.get(currencyColumn.name)?.top_values[0]?.value : undefined;
  const unitOf = (column: string) =>
    typeof currency === 'string' && isAmountColumn(input.schema.columns.find((c) => c.name === column)!)
      ? currency
      : undefined;
  for (const column of input.schema.columns) {
    if (revenueTaken.value || !isAmountColumn(column) || input.schema.primary_key.includes(column.name)) continue;
    // The bare name (`o_totalprice` → `totalprice`) must say revenue-like words on its own: a guess here
    // would make "revenue" answer with the wrong column.
    const bare = columnWords(input, column.name).replace(/ /g, '_');
    if (!REVENUE_TABLE.test(table) || !REVENUE_COLUMN.test(bare)) continue;
    // A total price whose lines carry tax is gross (TPC-H o_totalprice): "order value", never "revenue".
    const gross = /price/.test(bare) && revenueTaken.taxedTables.has(table.toLowerCase());
    revenueTaken.value = true;
    const unit = unitOf(column.name);
    const status = input.schema.columns.find((c) =>
      /^(status|state|order_status|payment_status)$/i.test(columnWords(input, c.name).replace(/ /g, '_')),
    );
    const states = status ? (profiles.get(status.name)?.top_values ?? []).map((t) => String(t.value)) : [];
    const excluded = states.filter((s) => EXCLUDED_STATES.includes(s.toLowerCase()));
    const filters =
      excluded.length && status
        ? [`${ref(status.name)} NOT IN (${excluded.map((s) => `'${s.replace(/'/g, "''")}'`).join(', ')})`]
        : [];
    const rules = [
      ...(excluded.length ? [`${excluded.join(' and ')} ${tableWords} do not count as revenue`] : []),
      ...(gross ? [`${table}.${column.name} includes the tax of its lines: it is a gross value, not net revenue`] : []),
    ];
    const valueSynonyms = [
      `${entity} value`,
      `total ${entity} value`,
      `gross ${entity} value`,
      `total value of ${tableWords}`,
    ];
    out.push({
      ...base,
      type: 'Business',
      id: gross ? slugId(entity, 'value') : 'revenue',
      name: gross ? capitalize(`${entity} value`) : 'Revenue',
      description: `Sum of ${table}.${column.name}${excluded.length ? ` excluding ${excluded.join(' and ')} ${tableWords}` : ''}.`,
      expression: `SUM(${ref(column.name)})`,
      aggregation: 'SUM',
      filters,
      business_rules: rules,
      synonyms: gross ? valueSynonyms : ['revenue', 'sales', 'turnover', 'income'],
      ...(unit ? { unit } : {}),
    });
    // Derived: revenue ÷ number of rows, under the same rules ("average order value").
    out.push({
      ...base,
      type: 'Business',
      id: slugId('average', entity, 'value'),
      name: `Average ${entity} value`,
      description: `${gross ? 'Total value' : 'Revenue'} divided by the number of ${tableWords}${excluded.length ? ` (both excluding ${excluded.join(' and ')} ${tableWords})` : ''}.`,
      expression: `SUM(${ref(column.name)}) * 1.0 / NULLIF(COUNT(*), 0)`,
      aggregation: 'CUSTOM',
      filters,
      business_rules: [
        ...rules,
        `average ${entity} value = ${gross ? `${entity} value` : 'revenue'} / number of ${tableWords}`,
      ],
      synonyms: [
        `average ${entity} value`,
        `average ${entity} size`,
        `aov`,
        ...(gross ? [] : [`revenue per ${entity}`, `average ${entity} revenue`]),
      ],
      ...(unit ? { unit } : {}),
    });
  }
  out.push(...measureMetrics(input, base, ref, unitOf));
  if (time) out.push(...timeExtremes(input, base, ref, time));
  for (const r of input.outgoing) {
    if (r.from_columns.length !== 1 || r.confidence < 0.8 || r.cardinality === '1:1' || r.to_table === table) continue;
    const target = pluralPhrase(singularPhrase(identifierWords(r.to_table)));
    out.push({
      ...base,
      type: 'Business',
      id: slugId(table, 'distinct', r.from_columns[0]!),
      name: `Number of ${target} with ${tableWords}`,
      description: `Number of different ${target} that have at least one ${entity}.`,
      expression: `COUNT(DISTINCT ${ref(r.from_columns[0]!)})`,
      aggregation: 'COUNT_DISTINCT',
      synonyms: [
        `distinct ${target} with ${tableWords}`,
        `${target} with ${tableWords}`,
        `unique ${target} in ${tableWords}`,
        `distinct ${target} in ${tableWords}`,
        `active ${target}`,
      ],
      unit: target,
    });
  }
  return out;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** SQL keywords that are also common table or column names (Spider's `show`, `order`, `user`). */
const KEYWORDS = new Set(
  (
    'all and any as asc between by case check column create cross current_date default delete desc distinct drop end ' +
    'except exists from full group having in index inner insert interval into is join key left like limit natural not ' +
    'null offset on or order outer primary range rank references right row rows select set show table then to union ' +
    'update user using values when where window with'
  ).split(' '),
);

/**
 * Quotes keywords too: `quote` leaves simple lower-case names bare, and a bare `show.x` does not parse.
 * The quote characters are the engine's, read off how `quote` writes an upper-case name.
 */
function quotingKeywords(quote: (identifier: string) => string): (identifier: string) => string {
  const probe = quote('A');
  const [open, close] = probe.length === 3 ? [probe[0]!, probe[2]!] : ['"', '"'];
  return (identifier) => (KEYWORDS.has(identifier) ? `${open}${identifier}${close}` : quote(identifier));
}

/** Leaves simple lower-case identifiers bare (readable YAML) and double-quotes the rest. */
function plainIdentifier(identifier: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(identifier) ? identifier : `"${identifier.replace(/"/g, '""')}"`;
}
