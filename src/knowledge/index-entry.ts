import type { DataPoint } from '../datapoints/datapoint-model.js';
import { expandIdentifiers } from './identifier-text.js';

export type EdgeKind = 'column_of' | 'joins' | 'measures' | 'depends_on' | 'synonym';

export interface EdgeEntry {
  src: string;
  dst: string;
  kind: EdgeKind;
  weight: number;
  srcColumns?: string[];
  dstColumns?: string[];
}

export interface ValueEntry {
  value: string;
  table: string;
  column: string;
}

/** Everything the knowledge store derives from one DataPoint. */
export interface IndexEntry {
  ftsName: string;
  ftsBody: string;
  embedText: string;
  edges: EdgeEntry[];
  values: ValueEntry[];
}

/** Graph node names: `table:<name>`, `column:<table>.<column>`, `metric:<id>`, `process:<id>`. */
export const tableNode = (table: string): string => `table:${table.toLowerCase()}`;

/** Most distinct values a column may have for its values to enter the value index. */
const VALUE_INDEX_MAX_DISTINCT = 200;

export function indexEntryFor(dataPoint: DataPoint): IndexEntry {
  const base = [dataPoint.name, dataPoint.id, dataPoint.description, ...dataPoint.tags];
  switch (dataPoint.type) {
    case 'Schema': {
      const columnText = dataPoint.columns.map((c) => `${c.name} ${c.meaning}`);
      const body = [
        ...base,
        dataPoint.table,
        dataPoint.purpose,
        ...columnText,
        ...dataPoint.common_queries,
        ...dataPoint.gotchas,
      ];
      const edges: EdgeEntry[] = dataPoint.relationships.map((r) => ({
        src: tableNode(dataPoint.table),
        dst: tableNode(r.target_table),
        kind: 'joins',
        weight: r.confidence,
        srcColumns: r.columns,
        dstColumns: r.target_columns,
      }));
      for (const c of dataPoint.columns)
        edges.push({
          src: `column:${dataPoint.table.toLowerCase()}.${c.name.toLowerCase()}`,
          dst: tableNode(dataPoint.table),
          kind: 'column_of',
          weight: 1,
        });
      const values: ValueEntry[] = [];
      for (const c of dataPoint.columns) {
        if (c.pii || !c.stats) continue;
        const distinct = c.stats.distinct_count ?? Number.POSITIVE_INFINITY;
        if (distinct > VALUE_INDEX_MAX_DISTINCT) continue;
        for (const v of c.stats.sample_values)
          if (typeof v === 'string' && v.length > 0 && v.length <= 200)
            values.push({ value: v, table: dataPoint.table, column: c.name });
      }
      return {
        ftsName: expandIdentifiers(`${dataPoint.name} ${dataPoint.table}`),
        ftsBody: expandIdentifiers(body.join('\n')),
        embedText: body.join('. '),
        edges,
        values,
      };
    }
    case 'Business': {
      const body = [
        ...base,
        dataPoint.expression,
        dataPoint.table,
        ...dataPoint.synonyms,
        ...dataPoint.dimensions,
        dataPoint.unit ?? '',
        ...dataPoint.business_rules,
      ];
      const edges: EdgeEntry[] = [
        { src: `metric:${dataPoint.id}`, dst: tableNode(dataPoint.table), kind: 'measures', weight: 1 },
      ];
      for (const s of dataPoint.synonyms)
        edges.push({ src: `term:${s.toLowerCase()}`, dst: `metric:${dataPoint.id}`, kind: 'synonym', weight: 1 });
      return {
        ftsName: expandIdentifiers(`${dataPoint.name} ${dataPoint.synonyms.join(' ')}`),
        ftsBody: expandIdentifiers(body.join('\n')),
        embedText: body.join('. '),
        edges,
        values: [],
      };
    }
    case 'Process': {
      const body = [
        ...base,
        dataPoint.schedule,
        dataPoint.data_freshness,
        ...dataPoint.target_tables,
        ...dataPoint.dependencies,
      ];
      const edges: EdgeEntry[] = [];
      for (const target of dataPoint.target_tables)
        for (const dep of dataPoint.dependencies)
          edges.push({ src: tableNode(target), dst: tableNode(dep), kind: 'depends_on', weight: 1 });
      return {
        ftsName: expandIdentifiers(dataPoint.name),
        ftsBody: expandIdentifiers(body.join('\n')),
        embedText: body.join('. '),
        edges,
        values: [],
      };
    }
    case 'Query': {
      const body = [...base, dataPoint.sql, ...dataPoint.parameters.map((p) => `${p.name} ${p.description ?? ''}`)];
      return {
        ftsName: expandIdentifiers(dataPoint.name),
        ftsBody: expandIdentifiers(body.join('\n')),
        embedText: body.join('. '),
        edges: [],
        values: [],
      };
    }
  }
}
