import { describe, expect, it } from 'vitest';
import { sqliteDialect } from '../connectors/sqlite/sqlite-dialect.js';
import type { BusinessDataPoint, SchemaDataPoint } from '../datapoints/datapoint-model.js';
import { compileMetricQuestion } from './metric-compiler.js';

const metric = (
  id: string,
  table: string,
  expression: string,
  synonyms: string[],
  extra: Partial<BusinessDataPoint> = {},
): BusinessDataPoint => ({
  type: 'Business',
  id,
  name: id.replace(/_/g, ' '),
  connection: 'shop',
  description: '',
  table,
  expression,
  aggregation: 'COUNT',
  filters: [],
  dimensions: [],
  synonyms,
  business_rules: [],
  tags: [],
  source: 'manual',
  ...extra,
});
const schema = (
  table: string,
  columns: [string, number][],
  relationships: SchemaDataPoint['relationships'] = [],
): SchemaDataPoint => ({
  type: 'Schema',
  id: table,
  name: table,
  connection: 'shop',
  table,
  kind: 'table',
  purpose: '',
  description: '',
  primary_key: ['id'],
  relationships,
  common_queries: [],
  gotchas: [],
  tags: [],
  source: 'manual',
  columns: [
    { name: 'id', type: 'INTEGER', nullable: false, meaning: '' },
    ...columns.map(([name, distinct]) => ({
      name,
      type: 'TEXT',
      nullable: false,
      meaning: '',
      stats: { distinct_count: distinct, sample_values: [], patterns: [] },
    })),
  ],
});

const metrics = [
  metric('orders_count', 'orders', 'COUNT(*)', ['how many orders', 'number of orders'], {
    time_column: 'orders.order_date',
  }),
  metric('sessions_count', 'web_sessions', 'COUNT(*)', ['how many web sessions']),
  metric('revenue', 'orders', 'SUM(orders.total)', ['revenue', 'sales'], {
    time_column: 'orders.order_date',
    filters: ["orders.status <> 'cancelled'"],
  }),
];
const schemas = [
  schema(
    'orders',
    [
      ['status', 4],
      ['channel', 3],
      ['customer_id', 900],
    ],
    [
      {
        columns: ['customer_id'],
        target_table: 'customers',
        target_columns: ['id'],
        cardinality: 'N:1',
        kind: 'foreign_key',
        confidence: 1,
      },
    ],
  ),
  schema('customers', [
    ['segment', 3],
    ['city', 400],
  ]),
  schema('web_sessions', [['device', 3]]),
];
const values = [
  { connection: 'shop', table: 'orders', column: 'status', value: 'completed' },
  { connection: 'shop', table: 'orders', column: 'channel', value: 'web' },
];
const compile = (question: string) =>
  compileMetricQuestion({
    question,
    metrics,
    schemas,
    values,
    dialect: sqliteDialect,
    now: new Date('2026-11-26T00:00:00Z'),
  });
const sql = (question: string) => {
  const outcome = compile(question);
  if (outcome.kind !== 'compiled') throw new Error(`${question}: ${JSON.stringify(outcome)}`);
  return outcome.query.sql;
};

describe('compileMetricQuestion', () => {
  it('compiles metric × grain × range × value filter', () => {
    expect(sql('revenue by month in 2024')).toBe(
      `SELECT strftime('%Y-%m-01', orders.order_date) AS "month", SUM(orders.total) AS "revenue" FROM orders WHERE (orders.status <> 'cancelled') AND orders.order_date >= '2024-01-01' AND orders.order_date < '2025-01-01' GROUP BY strftime('%Y-%m-01', orders.order_date) ORDER BY "month"`,
    );
    expect(sql('revenue from web orders')).toContain(`orders.channel = 'web'`);
  });

  it('matches a metric around a value inside its phrase, but prefers the plain reading', () => {
    expect(sql('how many completed orders')).toBe(
      `SELECT COUNT(*) AS "orders_count" FROM orders WHERE orders.status = 'completed'`,
    );
    expect(sql('how many web sessions by device')).toContain('FROM web_sessions GROUP BY web_sessions.device');
  });

  it('joins N:1 parents for their dimensions and ranks top N', () => {
    expect(sql('revenue by segment')).toContain('LEFT JOIN customers ON orders.customer_id = customers.id');
    expect(sql('top 2 channels by revenue')).toMatch(/ORDER BY "revenue" DESC LIMIT 2$/);
  });

  it('never guesses: unexplained words, unknown dimensions and ambiguity decline', () => {
    expect(compile('revenue from repeat customers')).toMatchObject({ kind: 'declined' });
    expect(compile('revenue by city')).toMatchObject({ kind: 'declined' });
    expect(compile('revenue by color')).toMatchObject({ kind: 'declined' });
    expect(compile('what is the weather')).toEqual({ kind: 'no_match' });
    expect(compile('top 5 revenue')).toMatchObject({ kind: 'declined' });
  });

  it('relative ranges become plain date literals computed from now', () => {
    expect(sql('how many orders in the last 30 days')).toContain(`orders.order_date >= '2026-10-27'`);
    expect(sql('number of orders last month')).toContain(
      `orders.order_date >= '2026-10-01' AND orders.order_date < '2026-11-01'`,
    );
  });
});
