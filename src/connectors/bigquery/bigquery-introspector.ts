import type { BigQuery } from '@google-cloud/bigquery';
import {
  matchesTableFilter,
  type ColumnInfo,
  type ForeignKeyInfo,
  type IntrospectOptions,
  type SchemaMetadata,
  type TableInfo,
} from '../schema-metadata.js';
import { bigQueryFieldTypeName, mapBigQueryField } from './type-mapping.js';

/** tables.get calls in flight at once: enough to hide latency, few enough to stay under API rate limits. */
const CONCURRENCY = 8;

/** The parts of a REST `Table` resource introspection reads. */
interface TableResource {
  type?: string;
  description?: string;
  numRows?: string | number;
  schema?: { fields?: FieldResource[] };
  tableConstraints?: {
    primaryKey?: { columns?: string[] };
    foreignKeys?: {
      name?: string;
      referencedTable?: { projectId?: string; datasetId?: string; tableId?: string };
      columnReferences?: { referencingColumn?: string; referencedColumn?: string }[];
    }[];
  };
}

interface FieldResource {
  name?: string;
  type?: string;
  mode?: string;
  description?: string;
  defaultValueExpression?: string;
  fields?: FieldResource[];
}

export interface BigQueryIntrospectContext {
  projectId: string;
  /** Datasets (`dataset` or `project.dataset`) to read when the caller names none; undefined means every dataset of the project. */
  datasets?: string[];
}

/**
 * Reads datasets.list → tables.list → tables.get (for columns, descriptions, row counts and the
 * unenforced PRIMARY KEY / FOREIGN KEY constraints BigQuery keeps in table metadata). No queries
 * run, so introspection bills nothing.
 */
export async function introspectBigQuery(
  client: BigQuery,
  context: BigQueryIntrospectContext,
  options: IntrospectOptions = {},
): Promise<SchemaMetadata> {
  const wanted = options.schemas?.length ? options.schemas : context.datasets;
  const datasetIds = wanted?.length ? [...new Set(wanted)] : await listDatasets(client);
  const listed: { dataset: string; table: string }[] = [];
  for (const dataset of datasetIds) {
    const [tables] = await datasetRef(client, dataset).getTables({ autoPaginate: true });
    for (const table of tables) {
      const name = table.id ?? '';
      if (!name || !matchesTableFilter({ schema: dataset, name }, options.tables)) continue;
      listed.push({ dataset, table: name });
    }
  }
  const tables = await mapLimit(listed, CONCURRENCY, async ({ dataset, table }) => {
    const [metadata] = await datasetRef(client, dataset).table(table).getMetadata();
    return describe(context.projectId, dataset, table, metadata as TableResource);
  });
  tables.sort((a, b) => `${a.schema}.${a.name}`.localeCompare(`${b.schema}.${b.name}`));
  return {
    engine: 'bigquery',
    database: context.projectId,
    schemas: datasetIds,
    tables,
    introspectedAt: new Date().toISOString(),
  };
}

/** `dataset`, or `project.dataset` for a dataset of another project (e.g. `bigquery-public-data.samples`). */
function datasetRef(client: BigQuery, dataset: string) {
  const dot = dataset.lastIndexOf('.');
  return dot > 0
    ? client.dataset(dataset.slice(dot + 1), { projectId: dataset.slice(0, dot) })
    : client.dataset(dataset);
}

async function listDatasets(client: BigQuery): Promise<string[]> {
  const [datasets] = await client.getDatasets({ autoPaginate: true });
  // Datasets starting with "_" are hidden (script temp results, anonymous query caches).
  return datasets
    .map((d) => d.id ?? '')
    .filter((id) => id && !id.startsWith('_'))
    .sort();
}

function describe(projectId: string, dataset: string, name: string, metadata: TableResource): TableInfo {
  const type = (metadata.type ?? 'TABLE').toUpperCase();
  const columns: ColumnInfo[] = (metadata.schema?.fields ?? []).map((field, i) => ({
    name: field.name ?? '',
    dataType: bigQueryFieldTypeName(field),
    canonicalType: mapBigQueryField(field),
    // REQUIRED columns are NOT NULL; REPEATED ones are never NULL either (a NULL array reads as []).
    nullable: (field.mode ?? 'NULLABLE').toUpperCase() === 'NULLABLE',
    ordinal: i + 1,
    ...(field.description ? { comment: field.description } : {}),
    ...(field.defaultValueExpression ? { defaultValue: field.defaultValueExpression } : {}),
  }));
  const table: TableInfo = {
    schema: dataset,
    name,
    kind: type === 'VIEW' || type === 'MATERIALIZED_VIEW' ? 'view' : 'table',
    columns,
    primaryKey: metadata.tableConstraints?.primaryKey?.columns ?? [],
    foreignKeys: (metadata.tableConstraints?.foreignKeys ?? []).map((fk) => foreignKey(projectId, fk)),
    // BigQuery has no B-tree indexes (search/vector indexes do not serve joins or filters the same way).
    indexes: [],
  };
  if (metadata.description) table.comment = metadata.description;
  if (metadata.numRows !== undefined && metadata.numRows !== null && type !== 'VIEW')
    table.rowEstimate = Number(metadata.numRows);
  return table;
}

function foreignKey(
  projectId: string,
  fk: NonNullable<NonNullable<TableResource['tableConstraints']>['foreignKeys']>[number],
): ForeignKeyInfo {
  const ref = fk.referencedTable ?? {};
  const pairs = fk.columnReferences ?? [];
  // A key into another project keeps the project in the schema part, as GoogleSQL would spell it.
  const targetSchema =
    ref.projectId && ref.projectId !== projectId ? `${ref.projectId}.${ref.datasetId ?? ''}` : ref.datasetId;
  return {
    ...(fk.name ? { name: fk.name } : {}),
    columns: pairs.map((p) => p.referencingColumn ?? ''),
    ...(targetSchema ? { targetSchema } : {}),
    targetTable: ref.tableId ?? '',
    targetColumns: pairs.map((p) => p.referencedColumn ?? ''),
  };
}

/** Maps with at most `limit` calls in flight, keeping input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
