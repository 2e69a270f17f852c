import { describe, expect, it } from 'vitest';
import { sqliteDialect } from '../connectors/sqlite/sqlite-dialect.js';
import type { BusinessDataPoint } from '../datapoints/datapoint-model.js';
import { planCatalogIntent } from './catalog-intents.js';

const revenue: BusinessDataPoint = {
  type: 'Business',
  id: 'revenue',
  name: 'Revenue',
  connection: 'shop',
  description: '',
  table: 'orders',
  expression: 'SUM(orders.total)',
  aggregation: 'SUM',
  filters: [],
  dimensions: ['orders.channel'],
  synonyms: ['sales'],
  business_rules: [],
  tags: [],
  source: 'manual',
  time_column: 'orders.order_date',
};

describe('planCatalogIntent: metrics', () => {
  it.each([
    'What metrics are available?',
    'what can I ask',
    'List metrics',
    'Which metrics do we have?',
    'What questions can I ask?',
  ])('%s lists the Business DataPoints', (q) => {
    const plan = planCatalogIntent(q, [], sqliteDialect, [revenue]);
    expect(plan).toMatchObject({
      kind: 'rows',
      rows: [{ metric: 'Revenue', table: 'orders', time_column: 'orders.order_date', dimensions: 'orders.channel' }],
      sources: ['revenue'],
    });
  });

  it('leaves data questions alone', () => {
    expect(planCatalogIntent('what revenue by metric', [], sqliteDialect, [revenue])).toBeUndefined();
  });
});
