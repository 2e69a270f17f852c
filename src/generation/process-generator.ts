import type { Connector } from '../connectors/connector.js';
import type { ProcessDataPoint } from '../datapoints/datapoint-model.js';
import { words, type TableGenerationInput } from './generation-input.js';
import { primaryTimeColumn } from './table-semantics.js';
import { rowObjects } from '../connectors/result-rows.js';

/** Most recent days with rows that the load cadence is inferred from. */
export const CADENCE_DAYS = 60;
/** Relationships at least this sure count as load dependencies. */
const DEPENDENCY_CONFIDENCE = 0.8;
const DAY_MS = 86_400_000;

export interface LoadCadence {
  /** Human schedule, e.g. `daily (rows on 98% of days)`. */
  schedule: string;
  kind: 'daily' | 'weekly' | 'monthly' | 'irregular' | 'single';
  /** 0..1: how sure the inference is (more days, steadier gaps → higher). */
  confidence: number;
}

export interface ProcessGenerationResult {
  datapoints: ProcessDataPoint[];
  /** Tables whose load statistics could not be read (the query failed); they get no Process DataPoint. */
  failures: { id: string; error: string }[];
}

export interface ProcessGenerationOptions {
  /** Approved Process DataPoints by id: manual ones are left alone, people's `sla`/`owner`/`tags` are kept. */
  existing?: ReadonlyMap<string, ProcessDataPoint>;
  /** Per-query timeout in ms. Default 60 000. */
  timeoutMs?: number;
}

/**
 * Process DataPoints ("ETL hints", docs/datapoint-model.md), offline: for every table placed in time by a column (date/timestamp, or text
 * holding ISO dates), one read-only aggregate query returns the daily row counts of the latest
 * {@link CADENCE_DAYS} days that have rows, and the latest timestamp. From them: the load cadence,
 * the freshness (as the latest timestamp: stable while the data does not change, unlike a lag in days,
 * so regenerating an unchanged database gives byte-identical YAML on any day), and the dependencies
 * (tables referenced through Schema relationships).
 */
export async function generateProcessDataPoints(
  connector: Connector,
  connection: string,
  inputs: readonly TableGenerationInput[],
  options: ProcessGenerationOptions = {},
): Promise<ProcessGenerationResult> {
  const datapoints: ProcessDataPoint[] = [];
  const failures: ProcessGenerationResult['failures'] = [];
  for (const input of inputs) {
    const column = primaryTimeColumn(input);
    if (!column || input.schema.kind === 'view' || input.profile?.row_count === 0) continue;
    const id = `${input.schema.id}_load`;
    const prior = options.existing?.get(id);
    if (prior?.source === 'manual') continue;
    let rows: Record<string, unknown>[];
    try {
      rows = rowObjects(
        await connector.execute(dailyCountsSql(connector, input, column), {
          maxRows: CADENCE_DAYS,
          timeoutMs: options.timeoutMs ?? 60_000,
        }),
      );
    } catch (error) {
      failures.push({ id, error: (error as Error).message });
      continue;
    }
    const days: { day: string; rows: number }[] = [];
    let latest: string | undefined;
    for (const row of rows) {
      // By position: engines differ in the case of unquoted aliases (Snowflake upper-cases them).
      const [dayValue, count, max] = Object.values(row);
      const day = isoDay(dayValue);
      if (!day) continue;
      days.push({ day, rows: Number(count) });
      latest ??= timestampText(max);
    }
    if (!days.length || !latest) continue;
    const cadence = inferCadence(days.map((d) => d.day));
    const table = input.schema.table;
    const dependencies = [
      ...new Set(
        input.schema.relationships
          .filter((r) => r.confidence >= DEPENDENCY_CONFIDENCE && r.target_table !== table)
          .map((r) => r.target_table),
      ),
    ].sort();
    const total = days.reduce((sum, d) => sum + d.rows, 0);
    const sorted = days.map((d) => d.day).sort();
    const dataPoint: ProcessDataPoint = {
      type: 'Process',
      id,
      name: `${capitalize(words(table))} load`,
      connection,
      description:
        `How ${table} is loaded, inferred from ${table}.${column}: ${total.toLocaleString('en-US')} rows on the ${days.length} latest days with data ` +
        `(${sorted[0]} to ${sorted[sorted.length - 1]}).${dependencies.length ? ` Loads after ${dependencies.join(', ')} (referenced tables).` : ''}`,
      schedule: cadence.schedule,
      data_freshness: `latest row at ${latest} (${table}.${column})`,
      target_tables: [table],
      dependencies,
      tags: prior?.tags.length ? prior.tags : ['generated'],
      source: 'auto_generated',
      generated_by: 'heuristic',
      confidence: cadence.confidence,
    };
    if (prior?.sla) dataPoint.sla = prior.sla;
    if (prior?.owner) dataPoint.owner = prior.owner;
    datapoints.push(dataPoint);
  }
  return { datapoints: datapoints.sort((a, b) => a.id.localeCompare(b.id)), failures };
}

/** `SELECT day, COUNT(*), MAX(col) ... GROUP BY day ORDER BY day DESC` (latest days first, capped by the row limit). */
export function dailyCountsSql(
  connector: Pick<Connector, 'dialect'>,
  input: TableGenerationInput,
  column: string,
): string {
  const d = connector.dialect;
  const col = `${d.quoteIdentifier(input.schema.table)}.${d.quoteIdentifier(column)}`;
  const canonical = input.schema.columns.find((c) => c.name === column)?.canonical_type;
  // Dates kept as text (iso_date pattern) cannot go through date functions on every engine; their first 10 characters are the day.
  const day =
    canonical === 'date' || canonical === 'timestamp' ? d.dateTrunc('day', col) : `SUBSTR(${d.castToText(col)}, 1, 10)`;
  const from = input.schema.schema
    ? `${d.quoteQualified(input.schema.schema, input.schema.table)} ${d.quoteIdentifier(input.schema.table)}`
    : d.quoteIdentifier(input.schema.table);
  return d.limit(
    `SELECT ${day} AS load_day, COUNT(*) AS row_count, MAX(${col}) AS latest FROM ${from} WHERE ${col} IS NOT NULL GROUP BY ${day} ORDER BY load_day DESC`,
    CADENCE_DAYS,
  );
}

/**
 * Cadence from the days that have rows: the median gap between them (1 → daily, ~7 → weekly,
 * ~30 → monthly), with the share of days in the span that have rows.
 */
export function inferCadence(isoDays: readonly string[]): LoadCadence {
  const days = [...new Set(isoDays)]
    .map((d) => Date.parse(`${d}T00:00:00Z`) / DAY_MS)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  if (days.length < 2)
    return {
      schedule: days.length ? `single load (all rows on ${isoDays[0]})` : 'unknown',
      kind: 'single',
      confidence: 0.3,
    };
  const gaps = days.slice(1).map((d, i) => Math.round(d - days[i]!));
  const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)]!;
  const span = days[days.length - 1]! - days[0]! + 1;
  const steady = gaps.filter((g) => Math.abs(g - median) <= Math.max(1, median * 0.15)).length / gaps.length;
  const confidence = Math.round(Math.min(0.9, 0.3 + 0.4 * steady + 0.2 * Math.min(1, days.length / 30)) * 100) / 100;
  if (median === 1)
    return {
      schedule: `daily (rows on ${Math.round((days.length / span) * 100)}% of days)`,
      kind: 'daily',
      confidence,
    };
  if (median >= 6 && median <= 8)
    return {
      schedule: `weekly (rows every ${median} days on ${Math.round(steady * 100)}% of loads)`,
      kind: 'weekly',
      confidence,
    };
  if (median >= 28 && median <= 31)
    return {
      schedule: `monthly (rows every ${median} days on ${Math.round(steady * 100)}% of loads)`,
      kind: 'monthly',
      confidence,
    };
  return {
    schedule: `irregular (rows on ${days.length} of ${span} days, typical gap ${median} days)`,
    kind: 'irregular',
    confidence: Math.min(confidence, 0.5),
  };
}

/** `YYYY-MM-DD` of a driver value (text, Date, or a wrapper with a `value`), else undefined. */
function isoDay(value: unknown): string | undefined {
  const text = timestampText(value);
  const match = text && /^\d{4}-\d{2}-\d{2}/.exec(text);
  return match ? match[0] : undefined;
}

/** A timestamp as stable text: Dates in UTC without milliseconds, strings as the database wrote them. */
function timestampText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date)
    return Number.isNaN(value.getTime())
      ? undefined
      : value
          .toISOString()
          .replace('T', ' ')
          .replace(/(\.000)?Z$/, '');
  if (typeof value === 'object' && 'value' in value) return timestampText((value as { value: unknown }).value);
  const text = String(value).trim();
  return text || undefined;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
