import { describe, expect, it } from 'vitest';
import type { SchemaDataPoint } from '../datapoints/datapoint-model.js';
import type { ColumnProfile, TableProfile } from '../profiling/profile-model.js';
import { buildGenerationUser } from './generation-prompt.js';

const column = (over: Partial<ColumnProfile>): ColumnProfile => ({
  name: 'c',
  data_type: 'INTEGER',
  canonical_type: 'integer',
  is_nullable: true,
  null_percentage: 0,
  unique_count: 0,
  unique_count_approx: false,
  sample_values: [],
  min_value: null,
  max_value: null,
  avg_value: null,
  patterns: [],
  pii: false,
  top_values: [],
  ...over,
});

function prompt(
  sampled: boolean,
  columns: ColumnProfile[],
): { rows: unknown; columns: { name: string; nulls: unknown; distinct: unknown }[] } {
  const profile = {
    table_name: 'orders',
    schema: '',
    row_count: 20000,
    row_count_exact: !sampled,
    column_count: columns.length,
    columns,
    sample_data: [],
    primary_keys: ['id'],
    foreign_keys: [],
    indexes: [],
    sampling: { method: sampled ? 'native' : 'full', rows_profiled: sampled ? 1000 : 20000 },
    queries: 3,
    elapsed_ms: 1,
  } as TableProfile;
  const schema = {
    type: 'Schema',
    id: 'orders',
    name: 'orders',
    connection: 's',
    table: 'orders',
    columns: columns.map((c) => ({ name: c.name, type: 'INTEGER' })),
    primary_key: ['id'],
  } as unknown as SchemaDataPoint;
  const text = buildGenerationUser('sqlite', [{ schema, profile, outgoing: [], incoming: [] }]);
  return JSON.parse(text.slice(text.indexOf('\n', text.indexOf('Tables:')) + 1))[0];
}

describe('generation prompt statistics', () => {
  it('gives counted figures as numbers and sampled ones with what they are', () => {
    const sampled = prompt(true, [
      column({
        name: 'id',
        unique_count: 20000,
        stats_basis: { distinct: 'key', nulls: 'declared', min_max: 'index', avg: 'sample', top_values: 'sample' },
      }),
      column({
        name: 'customer_id',
        unique_count: 3443,
        null_percentage: 0.1,
        stats_basis: {
          distinct: 'estimate:duj1',
          nulls: 'sample',
          min_max: 'sample',
          avg: 'sample',
          top_values: 'sample',
        },
      }),
    ]);
    expect(sampled.rows).toBe('≈ 20000');
    expect(sampled.columns[0]).toMatchObject({
      distinct: '≈ 20,000 (one per row: unique key)',
      nulls: 'none (NOT NULL)',
    });
    expect(sampled.columns[1]).toMatchObject({
      distinct: '≈ 3,443 (estimated from a sample)',
      nulls: '10% in a 1,000-row sample',
    });
    const full = prompt(false, [
      column({
        name: 'id',
        unique_count: 500,
        stats_basis: { distinct: 'exact', nulls: 'exact', min_max: 'exact', avg: 'exact', top_values: 'exact' },
      }),
    ]);
    expect(full.rows).toBe(20000);
    expect(full.columns[0]).toMatchObject({ distinct: 500, nulls: 0 });
  });
});
