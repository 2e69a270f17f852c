import type { BusinessDataPoint } from '../datapoints/datapoint-model.js';
import { pluralPhrase } from './english-inflection.js';
import { slugId, type TableGenerationInput } from './generation-input.js';
import { columnWords, entityNouns, measureKind } from './table-semantics.js';

/** What every metric of one table shares (connection, table, time column, dimensions, provenance). */
export type MetricBase = Omit<
  BusinessDataPoint,
  'type' | 'id' | 'name' | 'description' | 'expression' | 'aggregation' | 'synonyms'
>;

// "highest order total", "longest track length": extremes read with the adjective that fits the measure.
const LONG = new Set(['length', 'duration', 'milliseconds', 'seconds', 'minutes', 'hours', 'days', 'time']);
const HEAVY = new Set(['weight', 'mass']);
// Column names that are nothing but "total": alone, they would match any question saying "total".
const GENERIC = new Set(['total', 'sum', 'totals']);

/**
 * Measures on every numeric column that adds up or describes a row (quantity, freight, weight, length,
 * duration, prices…): SUM (additive ones only), AVG, MIN and MAX, never on keys, codes or flags.
 * Names read as people say them: "Total freight of orders", "Average unit price of products",
 * "Highest quantity of order details".
 */
export function measureMetrics(
  input: TableGenerationInput,
  base: MetricBase,
  ref: (column: string) => string,
  unitOf: (column: string) => string | undefined,
): BusinessDataPoint[] {
  const profiles = new Map((input.profile?.columns ?? []).map((c) => [c.name, c]));
  const { one, many } = entityNouns(input);
  const table = input.schema.table;
  const out: BusinessDataPoint[] = [];
  // "the longest film" names one column: the only length-like one, else the one called length (not rental duration).
  const longColumns = input.schema.columns
    .filter((c) => measureKind(c, input, profiles.get(c.name)))
    .map((c) => ({ name: c.name, words: columnWords(input, c.name).split(' ') }))
    .filter((c) => c.words.some((t) => LONG.has(t)));
  const lengths = longColumns.filter((c) => c.words.includes('length'));
  const longest = longColumns.length === 1 ? longColumns : lengths.length === 1 ? lengths : [];
  for (const column of input.schema.columns) {
    const kind = measureKind(column, input, profiles.get(column.name));
    if (!kind) continue;
    // A bare `Total` column says nothing alone: "invoice total".
    const bareWords = columnWords(input, column.name);
    const said = GENERIC.has(bareWords) ? `${one} ${bareWords}` : bareWords;
    const tokens = said.split(' ');
    const unit = unitOf(column.name);
    type Aggregation = BusinessDataPoint['aggregation'];
    const metric = (
      suffix: string,
      aggregation: Aggregation,
      name: string,
      description: string,
      synonyms: string[],
    ) => ({
      ...base,
      type: 'Business' as const,
      id: slugId(table, column.name, suffix),
      name,
      description,
      expression: `${aggregation}(${ref(column.name)})`,
      aggregation,
      synonyms: [...new Set(synonyms.filter((s) => s.toLowerCase() !== name.toLowerCase()))],
      ...(unit ? { unit } : {}),
    });
    if (kind === 'additive') {
      // "invoice total" is already a total: "Sum of invoice totals", not "Total invoice total".
      const totalled = tokens.includes('total');
      const name = totalled ? `Sum of ${pluralPhrase(said)}` : `Total ${said} of ${many}`;
      const synonyms = totalled
        ? [`sum of ${said}`, `total ${pluralPhrase(said)}`]
        : [`total ${said}`, `sum of ${said}`, `total ${one} ${said}`];
      if (!said.startsWith(one)) synonyms.push(`${one} ${said}`, `${many} ${said}`);
      out.push(metric('sum', 'SUM', name, `Sum of ${table}.${column.name} over ${many}.`, synonyms));
    }
    out.push(
      metric('avg', 'AVG', `Average ${said} of ${many}`, `Average of ${table}.${column.name} per ${one}.`, [
        `average ${said}`,
        `mean ${said}`,
        `avg ${said}`,
        ...(said.startsWith(one) ? [] : [`average ${one} ${said}`]),
        `${said} per ${one}`,
        `average ${said} per ${one}`,
      ]),
    );
    const long = tokens.some((t) => LONG.has(t));
    const high = long ? 'longest' : tokens.some((t) => HEAVY.has(t)) ? 'heaviest' : 'highest';
    const low = high === 'longest' ? 'shortest' : high === 'heaviest' ? 'lightest' : 'lowest';
    out.push(
      metric('max', 'MAX', `Highest ${said} of ${many}`, `Largest value of ${table}.${column.name} over ${many}.`, [
        `maximum ${said}`,
        `max ${said}`,
        `highest ${said}`,
        `largest ${said}`,
        ...(said.startsWith(one) ? [] : [`${high} ${one} ${said}`]),
        // "longest track" names the measure; "highest track" would not.
        ...(high === 'highest' || (long && longest[0]?.name !== column.name) ? [] : [`${high} ${one}`]),
      ]),
      metric('min', 'MIN', `Lowest ${said} of ${many}`, `Smallest value of ${table}.${column.name} over ${many}.`, [
        `minimum ${said}`,
        `min ${said}`,
        `lowest ${said}`,
        `smallest ${said}`,
        ...(said.startsWith(one) ? [] : [`${low} ${one} ${said}`]),
        ...(low === 'lowest' || (long && longest[0]?.name !== column.name) ? [] : [`${low} ${one}`]),
      ]),
    );
  }
  return out;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The first and latest moment of a table's time column ("When was the most recent order placed?"):
 * MAX and MIN of it, named by its words ("Latest order date").
 */
export function timeExtremes(
  input: TableGenerationInput,
  base: MetricBase,
  ref: (column: string) => string,
  time: string,
): BusinessDataPoint[] {
  const { one, many } = entityNouns(input);
  const words = columnWords(input, time);
  // "order date" reads alone; "created at" becomes "customer created time".
  const timeWords = `${one} ${words.replace(/ (at|on|ts|timestamp)$/, '')} time`.replace(/ time time$/, ' time');
  const said = /(^| )date$/.test(words) && words !== 'date' ? words : timeWords;
  const extreme = (suffix: string, aggregation: 'MIN' | 'MAX', adjectives: string[]): BusinessDataPoint => ({
    ...base,
    type: 'Business',
    id: slugId(input.schema.table, time, suffix),
    name: `${capitalize(adjectives[0]!)} ${said}`,
    description: `${aggregation === 'MAX' ? 'Latest' : 'Earliest'} ${input.schema.table}.${time} over ${many}.`,
    expression: `${aggregation}(${ref(time)})`,
    aggregation,
    synonyms: adjectives.flatMap((a) => [`${a} ${said}`, `${a} ${one}`]).slice(1),
  });
  return [
    extreme('latest', 'MAX', ['latest', 'most recent', 'last', 'newest']),
    extreme('earliest', 'MIN', ['earliest', 'first', 'oldest']),
  ];
}
