import { describe, expect, it } from 'vitest';
import type { TableInfo } from '../connectors/schema-metadata.js';
import type { ColumnProfile, TableProfile } from './profile-model.js';
import { schemaDataPointSchema } from '../datapoints/datapoint-model.js';
import { refreshSchemaDataPoint } from './schema-datapoint-refresh.js';

const table: TableInfo = {
  name: 'orders',
  kind: 'table',
  columns: [
    { name: 'id', dataType: 'INTEGER', canonicalType: 'integer', nullable: false, ordinal: 1 },
    { name: 'customer_id', dataType: 'INTEGER', canonicalType: 'integer', nullable: true, ordinal: 2 },
  ],
  primaryKey: ['id'],
  foreignKeys: [],
  indexes: [],
  rowEstimate: 20000,
};

const column = (name: string, over: Partial<ColumnProfile>): ColumnProfile => ({
  name,
  data_type: 'INTEGER',
  canonical_type: 'integer',
  is_nullable: true,
  null_percentage: 0,
  unique_count: 0,
  unique_count_approx: true,
  sample_values: [1],
  min_value: 1,
  max_value: 9,
  avg_value: null,
  patterns: [],
  pii: false,
  top_values: [],
  ...over,
});

function profile(sampled: boolean, columns: ColumnProfile[]): TableProfile {
  return {
    table_name: 'orders',
    schema: '',
    row_count: 20000,
    row_count_exact: !sampled,
    column_count: 2,
    columns,
    sample_data: [],
    primary_keys: ['id'],
    foreign_keys: [],
    indexes: [],
    sampling: { method: sampled ? 'native' : 'full', rows_profiled: sampled ? 1000 : 20000 },
    queries: 3,
    elapsed_ms: 1,
  };
}

describe('refreshSchemaDataPoint statistics', () => {
  it("writes each statistic's basis, and the sample size when a figure is the sample's", () => {
    const dp = refreshSchemaDataPoint(
      undefined,
      's',
      table,
      false,
      profile(true, [
        column('id', {
          unique_count: 20000,
          stats_basis: { distinct: 'key', nulls: 'declared', min_max: 'index', avg: 'sample', top_values: 'sample' },
        }),
        column('customer_id', {
          unique_count: 3443,
          stats_basis: {
            distinct: 'estimate:duj1',
            nulls: 'sample',
            min_max: 'sample',
            avg: 'sample',
            top_values: 'sample',
          },
        }),
      ]),
      [],
    );
    expect(schemaDataPointSchema.parse(dp)).toBeTruthy();
    expect(dp.columns[0]!.stats).toMatchObject({
      distinct_count: 20000,
      basis: { distinct: 'key', min_max: 'index' },
      sample_rows: 1000,
    });
    expect(dp.columns[1]!.stats).toMatchObject({
      distinct_count: 3443,
      basis: { distinct: 'estimate:duj1', nulls: 'sample' },
    });
  });

  it('leaves the sample size out when everything was counted', () => {
    const exact = { distinct: 'exact', nulls: 'exact', min_max: 'exact', avg: 'exact', top_values: 'exact' } as const;
    const dp = refreshSchemaDataPoint(
      undefined,
      's',
      table,
      false,
      profile(false, [column('id', { stats_basis: exact }), column('customer_id', { stats_basis: exact })]),
      [],
    );
    expect(dp.columns[0]!.stats?.basis).toEqual(exact);
    expect(dp.columns[0]!.stats?.sample_rows).toBeUndefined();
  });
});
