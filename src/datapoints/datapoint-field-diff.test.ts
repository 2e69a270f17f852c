import { describe, expect, it } from 'vitest';
import { diffFields, formatFieldChange, formatFieldValue } from './datapoint-field-diff.js';
import type { BusinessDataPoint, SchemaDataPoint } from './datapoint-model.js';

const orders = (): SchemaDataPoint => ({
  type: 'Schema',
  id: 'orders',
  name: 'orders',
  connection: 'shop',
  table: 'orders',
  kind: 'table',
  purpose: 'One row per order.',
  description: '',
  row_count: 100,
  columns: [
    { name: 'id', type: 'INTEGER', nullable: false, meaning: 'Key.' },
    {
      name: 'status',
      type: 'TEXT',
      nullable: false,
      meaning: 'Status.',
      stats: { distinct_count: 12, sample_values: ['new', 'paid'], patterns: [] },
    },
  ],
  primary_key: ['id'],
  relationships: [],
  common_queries: [],
  gotchas: [],
  tags: [],
  source: 'auto_generated',
});

describe('diffFields', () => {
  it('is empty for equal DataPoints, and treats absent, empty strings and empty lists alike', () => {
    expect(diffFields(orders(), orders())).toEqual([]);
    const { tags: _tags, description: _description, ...rest } = orders();
    expect(diffFields(orders(), { ...rest, gotchas: [], owner: undefined } as SchemaDataPoint)).toEqual([]);
    expect(diffFields(orders(), { ...orders(), status: 'pending' })).toEqual([]);
  });

  it('lists nested changes as dotted paths with list indexes', () => {
    const next = orders();
    next.columns[1]!.stats!.distinct_count = 13;
    next.row_count = 120;
    expect(diffFields(orders(), next)).toEqual([
      { path: 'row_count', before: 100, after: 120 },
      { path: 'columns[1].stats.distinct_count', before: 12, after: 13 },
    ]);
    expect(diffFields(orders(), next).map(formatFieldChange)).toEqual([
      'row_count: 100 → 120',
      'columns[1].stats.distinct_count: 12 → 13',
    ]);
  });

  it('reports added and removed fields and list elements', () => {
    const next = orders();
    next.columns.push({ name: 'channel', type: 'TEXT', nullable: true, meaning: '' });
    next.columns[0]!.pii = true;
    delete next.row_count;
    next.freshness = 'daily';
    const changes = diffFields(orders(), next);
    expect(changes).toEqual([
      { path: 'row_count', before: 100 },
      { path: 'columns[0].pii', after: true },
      { path: 'columns[2]', after: { name: 'channel', type: 'TEXT', nullable: true } },
      { path: 'freshness', after: 'daily' },
    ]);
    expect(formatFieldChange(changes[0]!)).toBe('row_count: 100 → (none)');
    expect(formatFieldChange(changes[2]!)).toBe(
      'columns[2]: (none) → {"name":"channel","type":"TEXT","nullable":true}',
    );
  });

  it('compares lists of plain values as a whole', () => {
    const metric: BusinessDataPoint = {
      type: 'Business',
      id: 'revenue',
      name: 'Revenue',
      connection: 'shop',
      table: 'orders',
      expression: 'SUM(total)',
      aggregation: 'SUM',
      filters: [],
      dimensions: ['orders.status'],
      synonyms: ['sales'],
      business_rules: [],
      tags: [],
      description: '',
      source: 'manual',
    };
    expect(diffFields(metric, { ...metric, synonyms: ['turnover', 'sales'] })).toEqual([
      { path: 'synonyms', before: ['sales'], after: ['turnover', 'sales'] },
    ]);
    const dims = ['orders.status', 'orders.shipping_country', 'orders.channel', 'orders.coupon_code'];
    const changes = diffFields(
      { ...metric, dimensions: dims },
      { ...metric, synonyms: ['turnover'], dimensions: [...dims, 'orders.gift_wrap'] },
    );
    expect(changes.map(formatFieldChange)).toEqual([
      'dimensions: + "orders.gift_wrap"',
      'synonyms: ["sales"] → ["turnover"]',
    ]);
    expect(diffFields(metric, { ...metric, dimensions: [] })).toEqual([
      { path: 'dimensions', before: ['orders.status'] },
    ]);
  });

  it('the whole DataPoint when one side is missing', () => {
    expect(diffFields(undefined, orders())).toEqual([
      { path: '(root)', after: expect.objectContaining({ id: 'orders' }) },
    ]);
  });
});

describe('formatFieldValue', () => {
  it.each([
    [undefined, '(none)'],
    [null, 'null'],
    [12, '12'],
    [true, 'true'],
    ['web', '"web"'],
    [['a', 'b'], '["a","b"]'],
    ['x'.repeat(200), `"${'x'.repeat(78)}…`],
  ])('%j → %s', (value, text) => {
    expect(formatFieldValue(value)).toBe(text);
  });
});
