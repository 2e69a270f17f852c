import { describe, expect, it } from 'vitest';
import type { SchemaDataPoint } from '../datapoints/datapoint-model.js';
import type { ColumnProfile, TableProfile } from '../profiling/profile-model.js';
import type { TableGenerationInput } from './generation-input.js';
import { generateHeuristic } from './heuristic-generator.js';

type Canonical = SchemaDataPoint['columns'][number]['canonical_type'];

/** One table with full-profile statistics: [name, canonical type, distinct values, max]. */
function table(
  name: string,
  columns: [string, Canonical, number, number?][],
  primaryKey: string[] = [],
): TableGenerationInput {
  const schema: SchemaDataPoint = {
    type: 'Schema',
    id: name,
    name,
    connection: 'db',
    table: name,
    kind: 'table',
    purpose: '',
    description: '',
    columns: columns.map(([c, t]) => ({ name: c, type: String(t), canonical_type: t, nullable: true, meaning: '' })),
    primary_key: primaryKey,
    relationships: [],
    common_queries: [],
    gotchas: [],
    tags: [],
    source: 'auto_generated',
  };
  const profile = {
    table_name: name,
    row_count: 100,
    columns: columns.map(
      ([c, t, distinct, max]) =>
        ({
          name: c,
          canonical_type: t,
          null_percentage: 0,
          unique_count: distinct,
          unique_count_approx: false,
          patterns: [],
          pii: false,
          top_values: [],
          sample_values: [],
          min_value: 0,
          max_value: max ?? 1000,
          avg_value: null,
        }) as unknown as ColumnProfile,
    ),
  } as unknown as TableProfile;
  return { schema, profile, outgoing: [], incoming: [] };
}

const quote = (id: string) => (/^[a-z_][a-z0-9_]*$/.test(id) ? id : `"${id}"`);

describe('generateHeuristic measures', () => {
  const generated = generateHeuristic(
    'db',
    [
      table(
        'show',
        [
          ['show_id', 'integer', 100],
          ['attendance', 'integer', 80],
          ['is_live', 'integer', 2],
        ],
        ['show_id'],
      ),
      table(
        'shipments',
        [
          ['id', 'integer', 100],
          ['weight_kg', 'float', 90],
          ['discount', 'decimal', 5, 0.3],
          ['zip_code', 'integer', 60],
          ['crate_count', 'integer', 6],
        ],
        ['id'],
      ),
    ],
    quote,
  );
  const byId = new Map(generated.business_datapoints.map((m) => [m.id, m]));

  it('quotes SQL keywords used as table names', () => {
    expect(byId.get('show_attendance_avg')?.expression).toBe('AVG("show".attendance)');
  });

  it('puts SUM/AVG/MIN/MAX on quantities, AVG/MIN/MAX on rates, nothing on keys, codes or flags', () => {
    const ids = [...byId.keys()].filter((id) => !id.endsWith('_count'));
    expect(ids.sort()).toEqual([
      'shipments_crate_count_avg',
      'shipments_crate_count_max',
      'shipments_crate_count_min',
      'shipments_crate_count_sum',
      'shipments_discount_avg',
      'shipments_discount_max',
      'shipments_discount_min',
      'shipments_weight_kg_avg',
      'shipments_weight_kg_max',
      'shipments_weight_kg_min',
      'shipments_weight_kg_sum',
      'show_attendance_avg',
      'show_attendance_max',
      'show_attendance_min',
      'show_attendance_sum',
    ]);
    expect(byId.get('shipments_weight_kg_max')?.synonyms).toContain('heaviest shipment');
  });

  it('names metrics in plural English', () => {
    expect(byId.get('show_count')?.name).toBe('Number of shows');
    expect(byId.get('shipments_weight_kg_sum')?.name).toBe('Total weight kg of shipments');
    expect(byId.get('shipments_crate_count_avg')?.name).toBe('Average crate count of shipments');
  });
});

describe('generateHeuristic extremes of length-like columns', () => {
  const generated = generateHeuristic(
    'db',
    [
      table(
        'film',
        [
          ['film_id', 'integer', 100],
          ['length', 'integer', 90],
          ['rental_duration', 'integer', 7],
        ],
        ['film_id'],
      ),
    ],
    quote,
  );
  const byId = new Map(generated.business_datapoints.map((m) => [m.id, m]));

  it('"the longest film" names the length column only, never both length and rental duration', () => {
    expect(byId.get('film_length_max')?.synonyms).toContain('longest film');
    expect(byId.get('film_length_min')?.synonyms).toContain('shortest film');
    expect(byId.get('film_rental_duration_max')?.synonyms).not.toContain('longest film');
    expect(byId.get('film_rental_duration_min')?.synonyms).not.toContain('shortest film');
  });
});

describe('generateHeuristic revenue', () => {
  const orders = () =>
    table(
      'orders',
      [
        ['o_orderkey', 'integer', 100],
        ['o_totalprice', 'decimal', 100],
        ['o_custkey', 'integer', 50],
      ],
      ['o_orderkey'],
    );
  const lines = (withTax: boolean) => {
    const input = table('lineitem', [
      ['l_orderkey', 'integer', 100],
      ['l_quantity', 'decimal', 50],
      ...(withTax ? [['l_tax', 'decimal', 9, 0.08] as [string, Canonical, number, number]] : []),
    ]);
    const link = {
      from_table: 'lineitem',
      from_columns: ['l_orderkey'],
      to_table: 'orders',
      to_columns: ['o_orderkey'],
      cardinality: 'N:1' as const,
      kind: 'naming' as const,
      confidence: 0.9,
      evidence: {},
    };
    return { ...input, outgoing: [link] };
  };

  it('names a total price "revenue" unless its lines carry tax (then it is a gross order value)', () => {
    const plain = generateHeuristic('db', [orders(), lines(false)], quote).business_datapoints;
    expect(plain.find((m) => m.id === 'revenue')?.expression).toBe('SUM(orders.o_totalprice)');
    const taxed = generateHeuristic('db', [orders(), lines(true)], quote).business_datapoints;
    expect(taxed.some((m) => m.id === 'revenue' || m.synonyms.includes('revenue'))).toBe(false);
    const value = taxed.find((m) => m.id === 'order_value');
    expect(value).toMatchObject({ name: 'Order value', expression: 'SUM(orders.o_totalprice)' });
    expect(value?.synonyms).toContain('total value of orders');
    expect(taxed.find((m) => m.id === 'average_order_value')?.synonyms).not.toContain('revenue per order');
  });
});
