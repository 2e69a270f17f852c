import { metricFilterConflict } from './metric-filter-conflict.js';
import type { SemanticModel } from './semantic-model.js';
import type { SemanticQuery } from './semantic-query.js';

/**
 * Errors of a semantic query against the model (unknown measure, table or column, a filter that
 * contradicts the metric's rule), phrased for the model to repair. Empty when it is valid.
 */
export function checkSemanticQuery(model: SemanticModel, q: SemanticQuery): string[] {
  const errors: string[] = [];
  const column = (table: string, name: string, where: string) => {
    const schema = model.schema(table);
    if (!schema) errors.push(`${where}: unknown table "${table}".`);
    else if (!schema.columns.some((c) => c.name.toLowerCase() === name.toLowerCase()))
      errors.push(`${where}: table ${table} has no column "${name}".`);
  };
  const metric = model.metrics.find((m) => m.id === q.measure);
  if (!metric) {
    const [table, name] = q.measure.split('.');
    if (!table || !name || !q.aggregate)
      errors.push(`measure "${q.measure}" is neither a METRIC id nor "table.column" with an aggregate.`);
    else column(table, name, 'measure');
  } else if (q.aggregate) errors.push(`measure "${q.measure}" is a METRIC: leave "aggregate" out.`);
  q.dimensions.forEach((d, i) => {
    if (d.column) column(d.table, d.column, `dimensions[${i}]`);
    else if (!model.schema(d.table)) errors.push(`dimensions[${i}]: unknown table "${d.table}".`);
  });
  q.filters.forEach((f, i) => void column(f.table, f.column, `filters[${i}]`));
  if (q.time?.column) {
    const [table, name] = q.time.column.split('.');
    if (!table || !name) errors.push(`time.column must be "table.column".`);
    else column(table, name, 'time.column');
  }
  if (metric) {
    const conflict = metricFilterConflict(metric.name, metric.table, metric.filters, [
      ...q.filters,
      ...(q.share?.filters ?? []),
    ]);
    if (conflict) errors.push(conflict);
  }
  return errors;
}
