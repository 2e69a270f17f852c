import type { SchemaColumn } from '../datapoints/datapoint-model.js';
import type { ColumnProfile } from '../profiling/profile-model.js';
import { singular, words, type TableGenerationInput } from './generation-input.js';

const TIME_NAME = /(^|_)(created|updated|modified|deleted|signup|order|paid|shipped|start|end|event|session|birth|review|payment|invoice|last_login)(_at|_on|_date|_time|_start|_ts)?$|_(at|on|date|time|ts)$|^(date|timestamp|time)$/i;
const AMOUNT_NAME = /(amount|total|price|revenue|cost|value|paid|balance|fee|salary|spend|subtotal|tax|discount|profit|margin)/i;

/** True for columns whose values are money-like quantities worth summing. */
export function isAmountColumn(column: Pick<SchemaColumn, 'name' | 'canonical_type'>): boolean {
  return (column.canonical_type === 'decimal' || column.canonical_type === 'float' || column.canonical_type === 'integer') && AMOUNT_NAME.test(column.name) && !/(_id|id)$/i.test(column.name);
}

/** True for date/time columns, by type or (for engines that store dates as text) by name and pattern. */
export function isTimeColumn(column: Pick<SchemaColumn, 'name' | 'canonical_type'>, profile?: ColumnProfile): boolean {
  if (column.canonical_type === 'date' || column.canonical_type === 'timestamp') return true;
  return column.canonical_type === 'string' && TIME_NAME.test(column.name) && (profile?.patterns.includes('iso_date') ?? false);
}

/** The column a table's rows are best placed in time by: creation-like names first. */
export function primaryTimeColumn(input: TableGenerationInput): string | undefined {
  const profiles = new Map((input.profile?.columns ?? []).map((c) => [c.name, c]));
  const times = input.schema.columns.filter((c) => isTimeColumn(c, profiles.get(c.name)));
  const rank = (name: string): number => {
    const n = name.toLowerCase();
    const table = singular(words(input.schema.table)).replace(/ /g, '_');
    if (n === `${table}_date` || n === `${table}_at`) return 0;
    if (/created|signup|order_date|placed|started|session_start|paid_at/.test(n)) return 1;
    if (/updated|modified|deleted|last/.test(n)) return 5;
    return 3;
  };
  return times.sort((a, b) => rank(a.name) - rank(b.name))[0]?.name;
}

/** Low-cardinality columns people group by: categories, statuses, countries, flags. */
export function dimensionColumns(input: TableGenerationInput): string[] {
  const profiles = new Map((input.profile?.columns ?? []).map((c) => [c.name, c]));
  return input.schema.columns
    .filter((c) => {
      const p = profiles.get(c.name);
      if (!p || c.pii) return false;
      if (input.schema.primary_key.includes(c.name) || /(_id|Id)$/.test(c.name)) return false;
      const lowCardinality = p.unique_count > 0 && p.unique_count <= 50;
      return lowCardinality && (c.canonical_type === 'string' || c.canonical_type === 'boolean' || (c.canonical_type === 'integer' && p.unique_count <= 12));
    })
    .map((c) => c.name);
}

/** A one-sentence meaning for a column, from its name, type, statistics and relationships. */
export function columnMeaning(column: SchemaColumn, input: TableGenerationInput, profile?: ColumnProfile): string {
  const entity = singular(words(input.schema.table));
  const name = column.name;
  const lower = name.toLowerCase();
  const link = input.outgoing.find((r) => r.from_columns.length === 1 && r.from_columns[0] === name);
  if (input.schema.primary_key.length === 1 && input.schema.primary_key[0] === name) return `Unique identifier of the ${entity}.`;
  if (link) return `References ${link.to_table}.${link.to_columns.join(', ')}: the ${singular(words(link.to_table))} this ${entity} belongs to${profile && profile.null_percentage > 0 ? ` (empty for ${Math.round(profile.null_percentage * 100)}% of rows)` : ''}.`;
  if (profile?.patterns.includes('email')) return `Email address of the ${entity} (personal data).`;
  if (profile?.patterns.includes('phone')) return `Phone number of the ${entity} (personal data).`;
  if (/^is_|^has_/.test(lower) || column.canonical_type === 'boolean') return `Whether the ${entity} ${words(name).replace(/^is |^has /, (m) => (m === 'is ' ? 'is ' : 'has '))}.`;
  if (isTimeColumn(column, profile)) return `When the ${entity} was ${words(name).replace(/ (at|on|date|time)$/, '') || 'recorded'} (${column.canonical_type === 'date' ? 'date' : 'timestamp'}).`;
  if (profile && profile.top_values.length > 0 && profile.unique_count <= 12 && column.canonical_type === 'string') {
    return `${capitalize(words(name))} of the ${entity}; one of ${profile.top_values.map((t) => String(t.value)).join(', ')}.`;
  }
  if (profile?.patterns.includes('country_code')) return `Country of the ${entity} as an ISO 3166 alpha-2 code.`;
  if (profile?.patterns.includes('currency_code')) return `Currency of the ${entity} as an ISO 4217 code.`;
  if (isAmountColumn(column)) return `${capitalize(words(name))} of the ${entity} (a monetary or numeric amount).`;
  return `${capitalize(words(name))} of the ${entity}.`;
}

/** A purpose sentence for a table from its grain, size and links. */
export function tablePurpose(input: TableGenerationInput): string {
  const entity = singular(words(input.schema.table));
  const rows = input.profile?.row_count ?? input.schema.row_count;
  const parts = [`One row per ${entity}${rows !== undefined ? ` (${rows.toLocaleString('en-US')} rows)` : ''}.`];
  const parents = [...new Set(input.outgoing.filter((r) => r.confidence >= 0.8).map((r) => r.to_table))].filter((t) => t !== input.schema.table);
  const children = [...new Set(input.incoming.filter((r) => r.confidence >= 0.8).map((r) => r.from_table))].filter((t) => t !== input.schema.table);
  if (parents.length) parts.push(`Belongs to ${parents.join(', ')}.`);
  if (children.length) parts.push(`Referenced by ${children.join(', ')}.`);
  return parts.join(' ');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
