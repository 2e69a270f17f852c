import type { BusinessDataPoint } from '../datapoints/datapoint-model.js';

/** The column a SUM/AVG/MIN/MAX metric aggregates (`SUM(orders.total)` → total), else undefined. */
export function singleColumn(metric: BusinessDataPoint | undefined): string | undefined {
  const m = metric && /^(SUM|AVG|MIN|MAX)\(\s*([\w."`]+)\s*\)$/i.exec(metric.expression.trim());
  return m?.[2]?.replace(/["`]/g, '').split('.').pop();
}

/** The column a MIN/MAX metric takes (`MIN(orders.order_date)` → order_date), else undefined. */
export function extremeColumn(metric: BusinessDataPoint | undefined): string | undefined {
  const m = metric && /^(MIN|MAX)\(\s*([\w."`]+)\s*\)$/i.exec(metric.expression.trim());
  return m?.[2]?.replace(/["`]/g, '').split('.').pop();
}
