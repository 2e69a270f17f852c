import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteDialect } from '../connectors/sqlite/sqlite-dialect.js';
import type { BusinessDataPoint, SchemaDataPoint } from '../datapoints/datapoint-model.js';
import { compileMetricQuestion, type CompileOutcome } from './metric-compiler.js';

/**
 * The wrong-answer classes of issue #14, each compiled and run against a small SQLite database: the
 * compiler answers right or declines with a reason, never an empty or merged number.
 */
type Col = [name: string, type: string, distinct?: number];
const schema = (
  table: string,
  columns: Col[],
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
  columns: [['id', 'INTEGER', 1000] as Col, ...columns].map(([name, type, distinct]) => ({
    name,
    type,
    nullable: false,
    meaning: '',
    ...(distinct ? { stats: { distinct_count: distinct, sample_values: [], patterns: [] } } : {}),
  })),
});
const fk = (column: string, target: string): SchemaDataPoint['relationships'][number] => ({
  columns: [column],
  target_table: target,
  target_columns: ['id'],
  cardinality: 'N:1',
  kind: 'foreign_key',
  confidence: 1,
});
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
  aggregation: 'SUM',
  filters: [],
  dimensions: [],
  synonyms,
  business_rules: [],
  tags: [],
  source: 'manual',
  ...extra,
});

const schemas = [
  schema(
    'orders',
    [
      ['status', 'TEXT', 4],
      ['channel', 'TEXT', 3],
      ['total', 'REAL', 900],
      ['order_date', 'DATE', 500],
      ['shipped_date', 'DATE', 500],
      ['customer_id', 'INTEGER', 5],
      ['employee_id', 'INTEGER', 3],
    ],
    [fk('customer_id', 'customers'), fk('employee_id', 'employees')],
  ),
  schema('customers', [
    ['name', 'TEXT', 4],
    ['country', 'TEXT', 3],
    ['vip', 'BOOLEAN', 2],
  ]),
  schema('employees', [
    ['first_name', 'TEXT', 3],
    ['last_name', 'TEXT', 3],
    ['title', 'TEXT', 2],
    ['title_of_courtesy', 'TEXT', 2],
  ]),
];
const metrics = [
  metric('revenue', 'orders', 'SUM(orders.total)', ['revenue', 'sales'], {
    time_column: 'orders.order_date',
    filters: ["orders.status NOT IN ('cancelled')"],
  }),
  metric('orders_count', 'orders', 'COUNT(*)', ['number of orders', 'how many orders'], {
    aggregation: 'COUNT',
    time_column: 'orders.order_date',
  }),
  metric('customers_count', 'customers', 'COUNT(*)', ['number of customers', 'how many customers'], {
    aggregation: 'COUNT',
  }),
];
const values = [
  ...['completed', 'shipped', 'cancelled', 'pending'].map((value) => ({
    connection: 'shop',
    table: 'orders',
    column: 'status',
    value,
  })),
  ...['web', 'mobile', 'store'].map((value) => ({ connection: 'shop', table: 'orders', column: 'channel', value })),
  ...['Germany', 'France', 'Spain'].map((value) => ({
    connection: 'shop',
    table: 'customers',
    column: 'country',
    value,
  })),
];

let db: Database.Database;
beforeAll(() => {
  db = new Database(':memory:');
  db.exec(`
    CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, country TEXT, vip BOOLEAN);
    INSERT INTO customers VALUES (1, 'Ann', 'Germany', 1), (2, 'Bob', 'France', 0), (3, 'Ann', 'Spain', 0), (4, 'Cy', 'Germany', 1);
    CREATE TABLE employees (id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, title TEXT, title_of_courtesy TEXT);
    INSERT INTO employees VALUES (1, 'Nancy', 'Davolio', 'Sales Rep', 'Ms.'), (2, 'Andrew', 'Fuller', 'Sales Rep', 'Dr.'),
      (3, 'Janet', 'Leverling', 'VP', 'Ms.');
    CREATE TABLE orders (id INTEGER PRIMARY KEY, status TEXT, channel TEXT, total REAL, order_date DATE, shipped_date DATE, customer_id INTEGER, employee_id INTEGER);
    INSERT INTO orders VALUES
      (1, 'completed', 'web', 10, '2026-01-05', '2026-01-07', 1, 1), (2, 'shipped', 'mobile', 20, '2025-12-01', '2026-01-02', 2, 2),
      (3, 'completed', 'store', 40, '2025-11-20', '2025-11-21', 3, 3), (4, 'cancelled', 'web', 80, '2025-11-27', NULL, 1, 1),
      (5, 'pending', 'mobile', 160, '2024-02-29', NULL, 4, 2), (6, 'completed', 'web', 320, '2026-11-01', '2026-11-02', 3, 1);
  `);
});
afterAll(() => db.close());

const now = new Date('2026-11-26T12:00:00Z');
const compile = (question: string): CompileOutcome =>
  compileMetricQuestion({ question, metrics, schemas, values, dialect: sqliteDialect, now });
const run = (question: string) => {
  const outcome = compile(question);
  if (outcome.kind !== 'compiled') throw new Error(`${question}: ${JSON.stringify(outcome)}`);
  return { sql: outcome.query.sql, rows: db.prepare(outcome.query.sql).raw().all() as unknown[][] };
};

describe('values of one column form one IN list (class 1)', () => {
  it.each([
    ['revenue from web or mobile orders', [[10 + 20 + 160 + 320]]],
    ['revenue from web and mobile orders', [[10 + 20 + 160 + 320]]],
    ['how many completed and shipped orders', [[4]]],
    ['how many customers in Germany or France', [[3]]],
    ['how many customers in Germany, France or Spain', [[4]]],
    ['how many orders not cancelled', [[5]]],
  ])('%s', (question, expected) => {
    const { sql, rows } = run(question);
    expect(sql).not.toMatch(/= '\w+' AND \w+\.\w+ = '/);
    expect(rows).toEqual(expected);
  });

  it('declines when the connective is unclear or an OR spans two columns', () => {
    expect(compile('revenue from web orders versus mobile orders')).toMatchObject({ kind: 'declined' });
    expect(compile('how many web or completed orders')).toMatchObject({
      kind: 'declined',
      reason: expect.stringMatching(/different columns/),
    });
    expect(run('how many completed web orders').rows).toEqual([[2]]);
  });
});

describe('grouping by an entity is its key plus its label (classes 2 and 3)', () => {
  it('"by employee" groups by the employee, not by a low-cardinality attribute like title', () => {
    const { sql, rows } = run('revenue by employee');
    expect(sql).not.toContain('title');
    expect(rows).toEqual(
      [
        [1, 'Nancy', 'Davolio', 330],
        [3, 'Janet', 'Leverling', 40],
        [2, 'Andrew', 'Fuller', 180],
      ].sort((a, b) => (b[3] as number) - (a[3] as number)),
    );
  });

  it('two customers with the same name stay two groups', () => {
    const { rows } = run('number of orders by customer');
    expect(rows.filter((r) => r[1] === 'Ann')).toHaveLength(2);
    expect(run('number of orders for each customer name').rows.filter((r) => r[1] === 'Ann')).toHaveLength(2);
  });

  it('"which X has the most Y" is the top 1 entity; "per <entity>" is ambiguous', () => {
    expect(run('which customer has the most orders').rows).toEqual([[1, 'Ann', 2]]);
    expect(compile('what is the revenue per customer')).toMatchObject({
      kind: 'declined',
      reason: expect.stringMatching(/average per customers or a breakdown/),
    });
    expect(run('revenue per channel').rows).toHaveLength(3);
  });
});

describe('relative ranges use the calendar (class 4)', () => {
  it.each([
    ['revenue in the last 12 months', "orders.order_date >= '2025-11-26'"],
    ['revenue in the last 2 years', "orders.order_date >= '2024-11-26'"],
    ['revenue in the last 2 quarters', "orders.order_date >= '2026-05-26'"],
    ['revenue in the last 3 weeks', "orders.order_date >= '2026-11-05'"],
    ['revenue last quarter', "orders.order_date >= '2026-07-01' AND orders.order_date < '2026-10-01'"],
  ])('%s', (question, where) => expect(run(question).sql).toContain(where));

  it('clamps the day to the end of a shorter month', () => {
    const outcome = compileMetricQuestion({
      question: 'revenue in the last 1 month',
      metrics,
      schemas,
      values,
      dialect: sqliteDialect,
      now: new Date('2026-03-31T08:00:00Z'),
    });
    expect(outcome.kind === 'compiled' && outcome.query.sql).toContain("orders.order_date >= '2026-02-28'");
  });
});

describe("a filter contradicting the metric's own rule declines (class 5)", () => {
  it('never answers an empty number', () => {
    expect(compile('revenue of cancelled orders')).toMatchObject({
      kind: 'declined',
      reason: expect.stringMatching(/cancelled.*excluded/),
    });
    expect(compile('revenue from cancelled or completed orders')).toMatchObject({ kind: 'declined' });
    expect(run('revenue of completed orders').rows).toEqual([[370]]);
    expect(run('how many cancelled orders').rows).toEqual([[1]]);
  });
});

describe('phrasing a semantic layer answers', () => {
  it.each([
    [
      'revenue for each channel',
      [
        ['web', 330],
        ['mobile', 180],
        ['store', 40],
      ],
    ],
    [
      'revenue by employee title',
      [
        ['Sales Rep', 180 + 330],
        ['VP', 40],
      ],
    ],
    [
      'revenue in each channel',
      [
        ['web', 330],
        ['mobile', 180],
        ['store', 40],
      ],
    ],
    ['average total of orders', [[105]]],
    ['highest total', [[320]]],
    ['how many orders have a total over 100', [[2]]],
    ['how many orders with total below 30', [[2]]],
    ['how many vip customers', [[2]]],
    ['how many not vip customers', [[2]]],
    ['what percentage of orders were cancelled', [[100 / 6]]],
    ['what is the cancel rate of orders', [[1 / 6]]],
    ['how many orders placed in 2026', [[2]]],
    [
      'top 2 customers by revenue',
      [
        [3, 'Ann', 360],
        [4, 'Cy', 160],
      ],
    ],
  ])('%s', (question, expected) => {
    const rows = run(question).rows.map((r) => r.map((v) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v)));
    expect(rows).toEqual(expected.map((r) => r.map((v) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v))));
  });

  it('"when was the first order placed" is the earliest order date', () => {
    expect(run('when was the first order placed').rows).toEqual([['2024-02-29']]);
    expect(run('most recent order date').rows).toEqual([['2026-11-01']]);
    expect(compile('what is the first order')).toMatchObject({ kind: 'declined' });
  });

  it('declines when a date, a column or a reading is not unique', () => {
    expect(compile('average total by month')).toMatchObject({
      kind: 'declined',
      reason: expect.stringMatching(/several date columns/),
    });
    // "shipped" is a status value and the verb of shipped_date.
    expect(compile('how many orders shipped in 2026')).toMatchObject({
      kind: 'declined',
      reason: expect.stringMatching(/shipped_date/),
    });
    expect(compile('how many orders delivered in 2026')).toMatchObject({
      kind: 'declined',
      reason: expect.stringMatching(/no date column/),
    });
    expect(compile('how many orders with a total over 100 or below 30')).toMatchObject({ kind: 'declined' });
  });
});
