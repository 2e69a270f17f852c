import type { Dialect } from '../connectors/dialect.js';
import { LIST_ROW_CAP } from './list-rows.js';
import { extremeColumn } from './metric-columns.js';
import { labelColumns, type SemanticModel } from './semantic-model.js';
import type { SemanticQuery } from './semantic-query.js';
import type { ResolvedMeasure } from './resolved-measure.js';

export interface ExtremeRowInput {
  model: SemanticModel;
  query: SemanticQuery;
  measure: ResolvedMeasure;
  /** `FROM <table> [LEFT JOIN …]`, shared by the rows and the extreme they are compared with. */
  from: string;
  /** Conditions of the measure (its own rule, the question's filters, the time range). */
  where: readonly string[];
  ref: (table: string, column: string) => string;
  dialect: Dialect;
}

/**
 * "What is the longest river?": the rows whose measured column equals the MIN/MAX over the same rows,
 * so ties all show (`WHERE length = (SELECT MAX(length) …)`), named by the entity's key and label with the
 * value. A table with no key shows each (label, value) once: its rows may repeat one entity.
 */
export function renderExtremeRow(input: ExtremeRowInput): { sql: string; title: string } | { reason: string } {
  const { model, query, measure, ref, dialect: d } = input;
  const aggregate = measure.metric ? measure.metric.aggregation : query.aggregate;
  const column = measure.metric ? extremeColumn(measure.metric) : query.measure.split('.')[1];
  const schema = model.schema(measure.table);
  if (!schema || !column || (aggregate !== 'MIN' && aggregate !== 'MAX'))
    return { reason: `"${measure.name}" is not a highest or lowest value, so no row holds it.` };
  if (query.dimensions.length || query.time?.grain || query.share || query.limit !== undefined)
    return { reason: `The ${schema.table} with the extreme "${measure.name}" is asked with a breakdown or a ranking.` };
  const entity = model.entity(schema.table);
  const labels = entity?.label.length ? entity.label : labelColumns(schema);
  const extreme = aggregate === 'MAX' ? 'highest' : 'lowest';
  const said = column.replace(/_/g, ' ');
  if (!labels.length)
    return { reason: `${schema.table} has no name column to show which one has the ${extreme} ${said}.` };
  const shown = [...new Set([...(entity?.key ?? []), ...labels, column])];
  const select = shown.map((c) => `${ref(schema.table, c)} AS ${d.quoteIdentifier(c)}`).join(', ');
  const value = ref(schema.table, column);
  const filtered = input.where.length ? ` WHERE ${input.where.join(' AND ')}` : '';
  const inner = `SELECT ${aggregate}(${value}) ${input.from}${filtered}`;
  const where = [...input.where, `${value} = (${inner})`].join(' AND ');
  const order = labels.map((c) => ref(schema.table, c)).join(', ');
  const distinct = entity ? '' : 'DISTINCT ';
  const sql = d.limit(`SELECT ${distinct}${select} ${input.from} WHERE ${where} ORDER BY ${order}`, LIST_ROW_CAP);
  return { sql, title: `${schema.table.replace(/_/g, ' ')} with the ${extreme} ${said}` };
}
