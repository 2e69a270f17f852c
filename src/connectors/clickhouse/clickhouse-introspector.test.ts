import { describe, expect, it } from 'vitest';
import { introspectClickhouse, type CatalogQuery } from './clickhouse-introspector.js';

type Row = Record<string, unknown>;

/** A catalog answering by the system table a query reads; records the SQL it saw. */
function fakeCatalog(modern: boolean) {
  const seen: string[] = [];
  const systemColumns: Row[] = [
    ...[
      'database',
      'name',
      'engine',
      'primary_key',
      'sorting_key',
      'is_temporary',
      ...(modern ? ['total_rows', 'comment'] : []),
    ].map((name) => ({ table: 'tables', name })),
    ...['database', 'table', 'name', 'type', 'default_kind', 'default_expression', 'comment', 'is_in_primary_key'].map(
      (name) => ({ table: 'columns', name }),
    ),
    ...(modern ? ['database', 'table', 'name', 'expr'].map((name) => ({ table: 'data_skipping_indices', name })) : []),
  ];
  const query: CatalogQuery = async (sql) => {
    seen.push(sql);
    if (sql.includes("database = 'system'")) return systemColumns;
    if (sql.includes('FROM system.databases')) return [{ name: 'analytics' }, { name: 'default' }];
    if (sql.includes('FROM system.tables')) {
      return [
        {
          database: 'analytics',
          name: 'events',
          engine: 'MergeTree',
          primary_key: '(toYYYYMM(day), `user id`, kind)',
          sorting_key: '',
          is_temporary: 0,
          ...(modern ? { total_rows: '120', comment: 'raw events' } : {}),
        },
        {
          database: 'analytics',
          name: 'events_view',
          engine: 'View',
          primary_key: '',
          sorting_key: '',
          is_temporary: 0,
          ...(modern ? { total_rows: null, comment: '' } : {}),
        },
        {
          database: 'analytics',
          name: 'log',
          engine: 'TinyLog',
          primary_key: '',
          sorting_key: '',
          is_temporary: 0,
          ...(modern ? { total_rows: null, comment: '' } : {}),
        },
        {
          database: 'analytics',
          name: 'empty',
          engine: 'ReplacingMergeTree',
          primary_key: 'id',
          sorting_key: 'id',
          is_temporary: 0,
          ...(modern ? { total_rows: '0', comment: '' } : {}),
        },
      ];
    }
    if (sql.includes('FROM system.columns')) {
      return [
        {
          database: 'analytics',
          table: 'events',
          name: 'day',
          type: 'Date',
          default_kind: '',
          default_expression: '',
          comment: '',
          is_in_primary_key: 1,
        },
        {
          database: 'analytics',
          table: 'events',
          name: 'user id',
          type: 'UInt64',
          default_kind: '',
          default_expression: '',
          comment: 'who',
          is_in_primary_key: 1,
        },
        {
          database: 'analytics',
          table: 'events',
          name: 'kind',
          type: 'LowCardinality(Nullable(String))',
          default_kind: 'DEFAULT',
          default_expression: "'click'",
          comment: '',
          is_in_primary_key: 1,
        },
        {
          database: 'analytics',
          table: 'events',
          name: 'month',
          type: 'UInt32',
          default_kind: 'MATERIALIZED',
          default_expression: 'toYYYYMM(day)',
          comment: '',
          is_in_primary_key: 0,
        },
        {
          database: 'analytics',
          table: 'events_view',
          name: 'kind',
          type: 'Nullable(String)',
          default_kind: '',
          default_expression: '',
          comment: '',
          is_in_primary_key: 0,
        },
        {
          database: 'analytics',
          table: 'log',
          name: 'line',
          type: 'String',
          default_kind: '',
          default_expression: '',
          comment: '',
          is_in_primary_key: 0,
        },
        {
          database: 'analytics',
          table: 'empty',
          name: 'id',
          type: 'Int32',
          default_kind: '',
          default_expression: '',
          comment: '',
          is_in_primary_key: 1,
        },
      ];
    }
    if (sql.includes('FROM system.parts')) return [{ database: 'analytics', table: 'events', row_count: '100' }];
    if (sql.includes('FROM system.data_skipping_indices'))
      return [{ database: 'analytics', table: 'events', name: 'idx_kind', expr: 'lower(kind)' }];
    throw new Error(`unexpected query ${sql}`);
  };
  return { query, seen };
}

describe('introspectClickhouse', () => {
  it('reads an 18.x catalog: row counts from active parts, no comments, no skipping indexes', async () => {
    const { query, seen } = fakeCatalog(false);
    const meta = await introspectClickhouse(query, {}, 'analytics');
    expect(meta).toMatchObject({ engine: 'clickhouse', database: 'analytics', schemas: ['analytics'] });
    const events = meta.tables.find((t) => t.name === 'events')!;
    expect(events).toMatchObject({
      schema: 'analytics',
      kind: 'table',
      primaryKey: ['user id', 'kind'],
      foreignKeys: [],
      indexes: [],
      rowEstimate: 100,
    });
    expect(events.comment).toBeUndefined();
    expect(events.columns).toEqual([
      { name: 'day', dataType: 'Date', canonicalType: 'date', nullable: false, ordinal: 1 },
      { name: 'user id', dataType: 'UInt64', canonicalType: 'integer', nullable: false, ordinal: 2, comment: 'who' },
      {
        name: 'kind',
        dataType: 'LowCardinality(Nullable(String))',
        canonicalType: 'string',
        nullable: true,
        ordinal: 3,
        defaultValue: "'click'",
      },
      {
        name: 'month',
        dataType: 'UInt32',
        canonicalType: 'integer',
        nullable: false,
        ordinal: 4,
        defaultValue: 'MATERIALIZED toYYYYMM(day)',
      },
    ]);
    const view = meta.tables.find((t) => t.name === 'events_view')!;
    expect(view.kind).toBe('view');
    expect(view.rowEstimate).toBeUndefined();
    expect(meta.tables.find((t) => t.name === 'log')!.rowEstimate).toBeUndefined();
    expect(meta.tables.find((t) => t.name === 'empty')).toMatchObject({ rowEstimate: 0, primaryKey: ['id'] });
    expect(seen.some((s) => s.includes('system.parts') && s.includes('active'))).toBe(true);
    expect(seen.some((s) => s.includes('total_rows'))).toBe(false);
  });

  it('uses total_rows, comments and skipping indexes where the server has them', async () => {
    const { query, seen } = fakeCatalog(true);
    const meta = await introspectClickhouse(query, { tables: ['analytics.events'] }, undefined);
    expect(meta.schemas).toEqual(['analytics', 'default']);
    expect(meta.tables.map((t) => t.name)).toEqual(['events']);
    expect(meta.tables[0]).toMatchObject({
      rowEstimate: 120,
      comment: 'raw events',
      indexes: [{ name: 'idx_kind', columns: ['kind'], unique: false, primary: false }],
    });
    expect(seen.some((s) => s.includes('system.parts'))).toBe(false);
    expect(seen.find((s) => s.includes('FROM system.tables'))).toContain("name IN ('events')");
  });

  it('restricts to the requested schemas and excludes system databases', async () => {
    const { query, seen } = fakeCatalog(false);
    const meta = await introspectClickhouse(query, { schemas: ['nowhere'] }, 'analytics');
    expect(meta.schemas).toEqual([]);
    expect(meta.tables).toEqual([]);
    expect(seen.find((s) => s.includes('system.databases'))).toContain(
      "NOT IN ('system', 'INFORMATION_SCHEMA', 'information_schema')",
    );
  });
});
