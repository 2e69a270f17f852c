import type { Dialect } from '../connectors/dialect.js';
import type { BusinessDataPoint } from '../datapoints/datapoint-model.js';

/**
 * What runs a metric probe: the SQL guard's verdict and its guarded execution (the query layer's
 * `GuardedExecutor`, passed in by the service so generation never reaches a connector's raw `execute`).
 */
export interface GuardedRunner {
  readonly dialect: Dialect;
  check(sql: string): { ok: true } | { ok: false; code: string; reason: string };
  execute(sql: string, options: { maxRows: number; timeoutMs: number }): Promise<unknown>;
}

/** What checking a metric found: nothing (it runs), a refusal by the SQL guard (nothing ran), or a database error. */
export type MetricCheck =
  | { ok: true }
  | { ok: false; refused: true; rule: string; message: string }
  | { ok: false; refused: false; message: string };

/** The metric's expression, filters, time column and dimensions in one `SELECT ... LIMIT 0`. */
export function metricProbeSql(d: Dialect, metric: BusinessDataPoint, schema: string | undefined): string {
  const select = [metric.expression, ...(metric.time_column ? [metric.time_column] : []), ...metric.dimensions];
  const groupBy = select.slice(1);
  const where = metric.filters.length ? ` WHERE ${metric.filters.map((f) => `(${f})`).join(' AND ')}` : '';
  const table = d.quoteIdentifier(metric.table);
  const from = schema ? `${d.quoteQualified(schema, metric.table)} ${table}` : table;
  const group = groupBy.length ? ` GROUP BY ${groupBy.join(', ')}` : '';
  return d.limit(`SELECT ${select.join(', ')} FROM ${from}${where}${group}`, 0);
}

/**
 * Checks that a metric compiles and runs on its database without reading data. A metric's expression
 * and filters are text from a DataPoint (which may be hostile), so the statement goes through the SQL
 * guard first: a refused metric never reaches the database.
 */
export async function verifyMetric(
  runner: GuardedRunner,
  metric: BusinessDataPoint,
  schema: string | undefined,
  timeoutMs = 15_000,
): Promise<MetricCheck> {
  const sql = metricProbeSql(runner.dialect, metric, schema);
  const verdict = runner.check(sql);
  if (!verdict.ok) return { ok: false, refused: true, rule: verdict.code, message: verdict.reason };
  try {
    await runner.execute(sql, { maxRows: 1, timeoutMs });
    return { ok: true };
  } catch (error) {
    return { ok: false, refused: false, message: (error as Error).message };
  }
}

/** Like `verifyMetric`; undefined when the metric runs, else the guard's refusal or the database's error. */
export async function checkMetric(
  runner: GuardedRunner,
  metric: BusinessDataPoint,
  schema: string | undefined,
  timeoutMs = 15_000,
): Promise<string | undefined> {
  const result = await verifyMetric(runner, metric, schema, timeoutMs);
  if (result.ok) return undefined;
  return result.refused ? `SQL rejected (${result.rule}): ${result.message}` : result.message;
}
