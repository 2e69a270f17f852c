import type { SchemaColumn } from '../datapoints/datapoint-model.js';
import type { ColumnProfile } from '../profiling/profile-model.js';
import { pluralPhrase, singularPhrase } from './english-inflection.js';
import type { TableGenerationInput } from './generation-input.js';
import { columnPrefix, identifierWords } from './identifier-words.js';

const TIME_NAME =
  /(^|_)(created|updated|modified|deleted|signup|order|paid|shipped|start|end|event|session|birth|review|payment|invoice|last_login)(_at|_on|_date|_time|_start|_ts)?$|_(at|on|date|time|ts)$|^(date|timestamp|time)$/i;
const AMOUNT_NAME =
  /(amount|total|price|revenue|cost|value|paid|balance|fee|salary|spend|subtotal|tax|discount|profit|margin)/i;
/** Words of numbers that describe one row and make no sense summed: averages and extremes only. */
const NON_ADDITIVE = new Set(
  (
    'price rate ratio percent percentage pct discount score rating age year level rank average avg tax temperature ' +
    'grade latitude longitude'
  ).split(' '),
);
/** Words of numbers that are rates in some tables and money in others. */
const RATE_OR_AMOUNT = new Set(['discount', 'tax']);
/** Words that make a number additive even beside a NON_ADDITIVE word ("total price", "extended price"). */
const ADDITIVE = new Set(['total', 'amount', 'sum', 'subtotal', 'extended', 'revenue', 'sales', 'spend', 'paid']);
/** Words of quantities that stay measures even with few distinct values. */
const QUANTITY = new Set(
  (
    'quantity qty units count weight length duration size bytes minutes seconds milliseconds hours days freight ' +
    'distance stock'
  ).split(' '),
);
/** Numbers that are identifiers, codes or positions, never measures (matched on the words of the name). */
const NOT_A_MEASURE = new RegExp(
  '(^|_)(id|key|no|num|nbr|number|code|zip|postal|phone|fax|lat|lon|lng|latitude|longitude|version|sequence|seq|' +
    'sort|position|priority|flag|extension|ordinal)$|code|^(is|has)_',
);
/** Identifiers in camelCase (`ArtistId`), matched on the raw name. */
const CAMEL_ID = /[a-z0-9](Id|ID|Key|No)$/;
/** Flag-like names, whatever the type. */
const FLAG_NAME = /^(is|has|can|was)_|(^|_)(active|enabled|deleted|discontinued|flag|archived|verified)$/i;

type Numeric = Pick<SchemaColumn, 'name' | 'canonical_type'>;

/** The table's column prefix (`c_` in TPC-H's customer), if its columns share one. */
export function tablePrefix(input: TableGenerationInput): string | undefined {
  return columnPrefix(input.schema.columns.map((c) => c.name));
}

/** Words of the table, singular and plural: `order_details` → order detail / order details. */
export function entityNouns(input: TableGenerationInput): { one: string; many: string } {
  const one = singularPhrase(identifierWords(input.schema.table));
  return { one, many: pluralPhrase(one) };
}

/** Words of a column, without the table's column prefix (`o_orderdate` → `order date`). */
export function columnWords(input: TableGenerationInput, column: string): string {
  return identifierWords(column, tablePrefix(input));
}

/** True for columns whose values are money-like quantities worth summing. */
export function isAmountColumn(column: Numeric): boolean {
  return isNumeric(column) && AMOUNT_NAME.test(column.name) && !/(_id|id)$/i.test(column.name);
}

/**
 * How a numeric column aggregates: `additive` (SUM, AVG, MIN, MAX: amounts, quantities, freight,
 * weight, length, duration), `non_additive` (AVG, MIN, MAX: prices, rates, ages), or undefined for
 * keys, codes, flags and anything that only labels a row.
 */
export function measureKind(
  column: SchemaColumn,
  input: TableGenerationInput,
  profile?: ColumnProfile,
): 'additive' | 'non_additive' | undefined {
  if (!isNumeric(column) || column.pii) return undefined;
  const bare = columnWords(input, column.name).toLowerCase().replace(/ /g, '_');
  if (input.schema.primary_key.includes(column.name)) return undefined;
  const links = [...input.outgoing, ...input.incoming];
  const linked = links.some((r) => [...r.from_columns, ...r.to_columns].includes(column.name));
  if (linked || NOT_A_MEASURE.test(bare) || CAMEL_ID.test(column.name)) return undefined;
  if (FLAG_NAME.test(column.name) || FLAG_NAME.test(bare)) return undefined;
  const tokens = bare.split('_');
  const has = (set: ReadonlySet<string>) => tokens.some((t) => set.has(t));
  if (profile) {
    // Integers with two values or fewer (0/1, 1/2) are flags; a few small integers with no amount-like
    // name are a code. Decimals with two values (prices 0.99 and 1.99) stay measures.
    if (profile.unique_count < 2 || profile.null_percentage >= 1) return undefined;
    const integer = column.canonical_type === 'integer';
    if (integer && profile.unique_count === 2) return undefined;
    if (integer && profile.unique_count <= 12 && !isAmountColumn(column) && !has(QUANTITY)) return undefined;
  }
  // "discount" and "tax" are rates (0.05) or amounts (12.50): values above 1 make them amounts.
  if (has(RATE_OR_AMOUNT) && !tokens.some((t) => NON_ADDITIVE.has(t) && !RATE_OR_AMOUNT.has(t))) {
    return Number(profile?.max_value) > 1 ? 'additive' : 'non_additive';
  }
  return has(NON_ADDITIVE) && !has(ADDITIVE) ? 'non_additive' : 'additive';
}

function isNumeric(column: Numeric): boolean {
  return (
    column.canonical_type === 'decimal' || column.canonical_type === 'float' || column.canonical_type === 'integer'
  );
}

/** True for date/time columns, by type or (for engines that store dates as text) by name and pattern. */
export function isTimeColumn(column: Pick<SchemaColumn, 'name' | 'canonical_type'>, profile?: ColumnProfile): boolean {
  if (column.canonical_type === 'date' || column.canonical_type === 'timestamp') return true;
  return (
    column.canonical_type === 'string' &&
    TIME_NAME.test(column.name) &&
    (profile?.patterns.includes('iso_date') ?? false)
  );
}

/** The column a table's rows are best placed in time by: creation-like names first. */
export function primaryTimeColumn(input: TableGenerationInput): string | undefined {
  const profiles = new Map((input.profile?.columns ?? []).map((c) => [c.name, c]));
  const times = input.schema.columns.filter((c) => isTimeColumn(c, profiles.get(c.name)));
  const entity = entityNouns(input).one.replace(/ /g, '_');
  const rank = (name: string): number => {
    const n = columnWords(input, name).replace(/ /g, '_');
    if (n === `${entity}_date` || n === `${entity}_at`) return 0;
    if (/created|signup|order_date|placed|started|session_start|paid_at/.test(n)) return 1;
    if (/updated|modified|deleted|last/.test(n)) return 5;
    return 3;
  };
  return times.sort((a, b) => rank(a.name) - rank(b.name))[0]?.name;
}

/** Low-cardinality columns people group by: categories, statuses, countries, flags. */
export function dimensionColumns(input: TableGenerationInput): string[] {
  const profiles = new Map((input.profile?.columns ?? []).map((c) => [c.name, c]));
  const keys = new Set(input.outgoing.flatMap((r) => r.from_columns));
  return input.schema.columns
    .filter((c) => {
      const p = profiles.get(c.name);
      if (!p || c.pii) return false;
      if (input.schema.primary_key.includes(c.name) || keys.has(c.name) || /(_id|Id)$/.test(c.name)) return false;
      const lowCardinality = p.unique_count > 0 && p.unique_count <= 50;
      return (
        lowCardinality &&
        (c.canonical_type === 'string' ||
          c.canonical_type === 'boolean' ||
          (c.canonical_type === 'integer' && p.unique_count <= 12))
      );
    })
    .map((c) => c.name);
}

/**
 * The columns that name one row to people (its label): a `name`/`title` column, `<entity>_name`
 * (`category_name`), `company_name`, else `first_name` + `last_name`. Empty when none.
 */
export function labelColumns(input: TableGenerationInput): string[] {
  const columns = input.schema.columns.filter((c) => c.canonical_type === 'string' || c.canonical_type === undefined);
  const bare = (name: string) => columnWords(input, name).replace(/ /g, '_');
  const entity = entityNouns(input).one.replace(/ /g, '_');
  const find = (test: (name: string) => boolean) => columns.find((c) => test(bare(c.name)))?.name;
  const single =
    find((n) => n === 'name' || n === 'label' || n === entity) ??
    find((n) => n === `${entity}_name` || n === `${entity}_title`) ??
    // `category_name` in `product_category`
    find((n) => n.endsWith('_name') && entity.endsWith(`_${n.slice(0, -'_name'.length)}`)) ??
    find((n) => n === 'company_name' || n === 'full_name' || n === 'display_name');
  if (single) return [single];
  // A person's names before a `title`: an employee's title is a job title, an album's names the album.
  const first = find((n) => n === 'first_name' || n === 'firstname' || n === 'given_name');
  const last = find((n) => n === 'last_name' || n === 'lastname' || n === 'surname' || n === 'family_name');
  if (first && last) return [first, last];
  const title = find((n) => n === 'title');
  if (title) return [title];
  const anyName = find((n) => n.endsWith('_name') && !/^(user|login|file|host|path)_name$/.test(n));
  return anyName ? [anyName] : [];
}

// Time words that are nouns, as the participle a sentence needs ("When the order was shipped").
const PARTICIPLE: Record<string, string> = {
  ship: 'shipped',
  order: 'placed',
  birth: 'born',
  hire: 'hired',
  payment: 'paid',
  pay: 'paid',
  rental: 'rented',
  return: 'returned',
  release: 'released',
  start: 'started',
  end: 'ended',
  create: 'created',
  update: 'updated',
  delete: 'deleted',
  signup: 'signed up',
  sign_up: 'signed up',
  review: 'reviewed',
  receipt: 'received',
  commit: 'committed',
  delivery: 'delivered',
  invoice: 'invoiced',
  purchase: 'purchased',
  close: 'closed',
  open: 'opened',
  publish: 'published',
};

// What happens when a row of these is made, for their own date ("order date": when the order was placed).
const ENTITY_EVENT: Record<string, string> = {
  order: 'placed',
  invoice: 'issued',
  payment: 'made',
  rental: 'made',
  booking: 'made',
  sale: 'made',
  purchase: 'made',
  shipment: 'sent',
  review: 'written',
  transaction: 'made',
  reservation: 'made',
  subscription: 'started',
};

/** "When the order was shipped", "Required date of the order", "Date of the invoice". */
function timeMeaning(words: string, entity: string, kind: string): string {
  const rest = words.replace(/ (at|on|date|time|ts|timestamp)$/, '').replace(/^(date|time|timestamp)$/, '');
  const withoutEntity = rest.replace(new RegExp(`^${entity} ?`), '');
  if (!rest || !withoutEntity) {
    return ENTITY_EVENT[entity]
      ? `When the ${entity} was ${ENTITY_EVENT[entity]} (${kind}).`
      : `Date of the ${entity} (${kind}).`;
  }
  if (/ed$/.test(withoutEntity) || /^(paid|sent|made|born|due|seen|done|won|lost)$/.test(withoutEntity)) {
    return `When the ${entity} was ${withoutEntity} (${kind}).`;
  }
  const participle = PARTICIPLE[withoutEntity.replace(/ /g, '_')];
  if (participle) return `When the ${entity} was ${participle} (${kind}).`;
  return `${capitalize(words)} of the ${entity} (${kind}).`;
}

/** A one-sentence meaning for a column, from its name, type, statistics and relationships. */
export function columnMeaning(column: SchemaColumn, input: TableGenerationInput, profile?: ColumnProfile): string {
  const entity = entityNouns(input).one;
  const name = column.name;
  const said = columnWords(input, name);
  const link = input.outgoing.find((r) => r.from_columns.length === 1 && r.from_columns[0] === name);
  if (input.schema.primary_key.length === 1 && input.schema.primary_key[0] === name)
    return `Unique identifier of the ${entity}.`;
  if (link) {
    const parent = singularPhrase(identifierWords(link.to_table));
    const empty =
      profile && profile.null_percentage > 0
        ? ` (empty for ${Math.round(profile.null_percentage * 100)}% of rows)`
        : '';
    return `References ${link.to_table}.${link.to_columns.join(', ')}: the ${parent} of this ${entity}${empty}.`;
  }
  if (profile?.patterns.includes('email')) return `Email address of the ${entity} (personal data).`;
  if (profile?.patterns.includes('phone')) return `Phone number of the ${entity} (personal data).`;
  const labels = labelColumns(input);
  if (labels.includes(name)) {
    const others = labels.filter((l) => l !== name).join(', ');
    if (others) return `${capitalize(said)} of the ${entity}; with ${others} it names the ${entity} (its label).`;
    return `${capitalize(said)} of the ${entity}: the label that names it.`;
  }
  if (/^(is|has) /.test(said) || column.canonical_type === 'boolean')
    return `Whether the ${entity} ${/^(is|has) /.test(said) ? said : `is ${said}`}.`;
  if (isTimeColumn(column, profile))
    return timeMeaning(said, entity, column.canonical_type === 'date' ? 'date' : 'timestamp');
  if (profile && profile.top_values.length > 0 && profile.unique_count <= 12 && column.canonical_type === 'string') {
    return `${capitalize(said)} of the ${entity}; one of ${profile.top_values.map((t) => String(t.value).trim()).join(', ')}.`;
  }
  if (profile?.patterns.includes('country_code')) return `Country of the ${entity} as an ISO 3166 alpha-2 code.`;
  if (profile?.patterns.includes('currency_code')) return `Currency of the ${entity} as an ISO 4217 code.`;
  const kind = measureKind(column, input, profile);
  const many = entityNouns(input).many;
  if (kind === 'additive') return `${capitalize(said)} of the ${entity} (a quantity that adds up across ${many}).`;
  if (kind === 'non_additive')
    return `${capitalize(said)} of the ${entity} (a per-${entity} figure: averaged, not summed).`;
  return `${capitalize(said)} of the ${entity}.`;
}

/** A purpose sentence for a table from its grain, size and links. */
export function tablePurpose(input: TableGenerationInput): string {
  const entity = entityNouns(input).one;
  const rows = input.profile?.row_count ?? input.schema.row_count;
  const parts = [`One row per ${entity}${rows !== undefined ? ` (${rows.toLocaleString('en-US')} rows)` : ''}.`];
  const parents = [...new Set(input.outgoing.filter((r) => r.confidence >= 0.8).map((r) => r.to_table))].filter(
    (t) => t !== input.schema.table,
  );
  const children = [...new Set(input.incoming.filter((r) => r.confidence >= 0.8).map((r) => r.from_table))].filter(
    (t) => t !== input.schema.table,
  );
  if (parents.length) parts.push(`Belongs to ${parents.join(', ')}.`);
  if (children.length) parts.push(`Referenced by ${children.join(', ')}.`);
  const labels = labelColumns(input);
  if (labels.length) parts.push(`Named by ${labels.join(' + ')}.`);
  return parts.join(' ');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
