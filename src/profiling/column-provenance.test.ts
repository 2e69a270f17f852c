import { describe, expect, it } from 'vitest';
import type { TableInfo } from '../connectors/schema-metadata.js';
import { indexLeadingColumns, keyColumns, resolveStatistics, type ColumnEvidence } from './column-provenance.js';

const sampled: ColumnEvidence = {
  full: false,
  tableRows: 20_000,
  tableRowsExact: false,
  sampleRows: 1000,
  sampleNonNull: 900,
  sampleDistinct: 700,
  key: false,
  declaredNotNull: false,
  indexMinMax: false,
};

describe('resolveStatistics', () => {
  it('labels everything exact on a full read', () => {
    const r = resolveStatistics({ ...sampled, full: true, tableRows: 1000, tableRowsExact: true });
    expect(r).toMatchObject({ unique_count: 700, unique_count_approx: false, null_percentage: 0.1 });
    expect(Object.values(r.stats_basis).every((b) => b === 'exact')).toBe(true);
  });

  it('gives a key the row count, with no nulls', () => {
    const r = resolveStatistics({
      ...sampled,
      key: true,
      declaredNotNull: true,
      sampleDistinct: 1000,
      sampleNonNull: 1000,
      indexMinMax: true,
    });
    expect(r).toMatchObject({ unique_count: 20_000, unique_count_approx: true, null_percentage: 0 });
    expect(r.stats_basis).toEqual({
      distinct: 'key',
      nulls: 'declared',
      min_max: 'index',
      avg: 'sample',
      top_values: 'sample',
    });
  });

  it('prefers the catalog to an estimate', () => {
    const r = resolveStatistics({
      ...sampled,
      catalog: { nullFraction: 0.25, distinctCount: 4000 },
      frequencies: { rows: 900, distinct: 700, singletons: 600 },
    });
    expect(r).toMatchObject({ unique_count: 4000, null_percentage: 0.25 });
    expect(r.stats_basis).toMatchObject({ distinct: 'catalog', nulls: 'catalog', min_max: 'sample' });
  });

  it('scales the frequency profile with Duj1 to the non-null rows, bounded by them', () => {
    const r = resolveStatistics({ ...sampled, frequencies: { rows: 900, distinct: 700, singletons: 600 } });
    // N = 20,000 × 0.9 = 18,000: D = 900·700 / (900 − 600 + 600·900/18,000) = 630,000 / 330 ≈ 1,909.
    expect(r.unique_count).toBe(1909);
    expect(r.stats_basis.distinct).toBe('estimate:duj1');
    expect(r.stats_basis.nulls).toBe('sample');
    const allSingletons = resolveStatistics({ ...sampled, frequencies: { rows: 900, distinct: 900, singletons: 900 } });
    expect(allSingletons.unique_count).toBe(18_000);
  });

  it('reports an exact count when the frequency profile read every row', () => {
    const r = resolveStatistics({
      ...sampled,
      frequencies: { rows: 18_000, distinct: 3000, singletons: 10 },
      frequenciesExact: true,
    });
    expect(r).toMatchObject({ unique_count: 3000, unique_count_approx: false });
    expect(r.stats_basis.distinct).toBe('exact');
  });

  it("falls back to the sample's own count, labelled as such", () => {
    const r = resolveStatistics(sampled);
    expect(r.unique_count).toBe(700);
    expect(r.stats_basis.distinct).toBe('sample');
  });
});

describe('key and index columns', () => {
  const table = (over: Partial<TableInfo>): TableInfo => ({
    name: 't',
    kind: 'table',
    columns: [
      { name: 'id', dataType: 'int', canonicalType: 'integer', nullable: false, ordinal: 1 },
      { name: 'code', dataType: 'text', canonicalType: 'string', nullable: false, ordinal: 2 },
      { name: 'email', dataType: 'text', canonicalType: 'string', nullable: true, ordinal: 3 },
      { name: 'a', dataType: 'int', canonicalType: 'integer', nullable: false, ordinal: 4 },
    ],
    primaryKey: ['id'],
    foreignKeys: [],
    indexes: [],
    ...over,
  });

  it('takes single-column primary keys and unique indexes over NOT NULL columns, not composite or nullable ones', () => {
    const t = table({
      indexes: [
        { name: 'u_code', columns: ['code'], unique: true, primary: false },
        { name: 'u_email', columns: ['email'], unique: true, primary: false },
        { name: 'u_pair', columns: ['a', 'code'], unique: true, primary: false },
      ],
    });
    expect([...keyColumns(t)].sort()).toEqual(['code', 'id']);
    expect([...keyColumns(table({ primaryKey: ['id', 'a'] }))]).toEqual([]);
  });

  it('lists columns leading an index, and none for views', () => {
    const t = table({ indexes: [{ name: 'i', columns: ['a', 'code'], unique: false, primary: false }] });
    expect([...indexLeadingColumns(t)].sort()).toEqual(['a', 'id']);
    expect(indexLeadingColumns(table({ kind: 'view' })).size).toBe(0);
  });
});
