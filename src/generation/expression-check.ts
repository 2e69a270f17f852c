import type { Connector } from '../connectors/connector.js';
import type { BusinessDataPoint } from '../datapoints/datapoint-model.js';

/**
 * Checks that a metric compiles and runs on its database without reading data: the expression,
 * filters, time column and dimensions in one read-only `SELECT ... LIMIT 0`. Resolves to undefined
 * when it runs, else to the database's error message.
 */
export async function checkMetric(connector: Connector, metric: BusinessDataPoint, schema: string | undefined, timeoutMs = 15_000): Promise<string | undefined> {
  const d = connector.dialect;
  const select = [metric.expression, ...(metric.time_column ? [metric.time_column] : []), ...metric.dimensions];
  const groupBy = select.slice(1);
  const where = metric.filters.length ? ` WHERE ${metric.filters.map((f) => `(${f})`).join(' AND ')}` : '';
  const from = schema ? `${d.quoteQualified(schema, metric.table)} ${d.quoteIdentifier(metric.table)}` : d.quoteIdentifier(metric.table);
  const sql = d.limit(`SELECT ${select.join(', ')} FROM ${from}${where}${groupBy.length ? ` GROUP BY ${groupBy.join(', ')}` : ''}`, 0);
  try {
    await connector.execute(sql, { maxRows: 1, timeoutMs });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
