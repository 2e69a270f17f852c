import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteDialect } from '../connectors/sqlite/sqlite-dialect.js';
import type { BusinessDataPoint, SchemaDataPoint } from '../datapoints/datapoint-model.js';
import { compileMetricQuestion, type CompileOutcome } from './metric-compiler.js';

/**
 * Real-world naming (TPC-H style): table-prefixed, run-together columns, no declared primary keys,
 * keys found by naming. Each class answers right against a small SQLite database, and its near
 * misses decline.
 */
type Col = [name: string, type: string, distinct?: number];
type Relationship = SchemaDataPoint['relationships'][number];
const schema = (table: string, key: string[], columns: Col[], relationships: Relationship[] = []): SchemaDataPoint => ({
  type: 'Schema',
  id: table,
  name: table,
  connection: 'tpch',
  table,
  kind: 'table',
  purpose: '',
  description: '',
  primary_key: key,
  relationships,
  common_queries: [],
  gotchas: [],
  tags: [],
  source: 'auto_generated',
  columns: columns.map(([name, type, distinct]) => ({
    name,
    type,
    nullable: false,
    meaning: '',
    ...(distinct ? { stats: { distinct_count: distinct, sample_values: [], patterns: [] } } : {}),
  })),
});
const join = (column: string, target: string, targetColumn: string): Relationship => ({
  columns: [column],
  target_table: target,
  target_columns: [targetColumn],
  cardinality: 'N:1',
  kind: 'naming',
  confidence: 0.9,
});
const metric = (
  id: string,
  name: string,
  table: string,
  expression: string,
  extra: Partial<BusinessDataPoint> = {},
): BusinessDataPoint => ({
  type: 'Business',
  id,
  name,
  connection: 'tpch',
  description: '',
  table,
  expression,
  aggregation: 'COUNT',
  filters: [],
  dimensions: [],
  synonyms: [],
  business_rules: [],
  tags: [],
  source: 'auto_generated',
  ...extra,
});

const schemas = [
  // No primary key on nation: the joins that point at n_nationkey key it.
  schema(
    'nation',
    [],
    [
      ['n_nationkey', 'INTEGER', 3],
      ['n_name', 'TEXT', 3],
    ],
  ),
  schema(
    'customer',
    ['c_custkey'],
    [
      ['c_custkey', 'INTEGER', 5],
      ['c_name', 'TEXT', 5],
      ['c_mktsegment', 'TEXT', 3],
      ['c_acctbal', 'REAL', 5],
      ['c_nationkey', 'INTEGER', 3],
    ],
    [join('c_nationkey', 'nation', 'n_nationkey')],
  ),
  schema(
    'supplier',
    ['s_suppkey'],
    [
      ['s_suppkey', 'INTEGER', 4],
      ['s_name', 'TEXT', 4],
      ['s_acctbal', 'REAL', 4],
      ['s_nationkey', 'INTEGER', 3],
    ],
    [join('s_nationkey', 'nation', 'n_nationkey')],
  ),
  schema(
    'orders',
    ['o_orderkey'],
    [
      ['o_orderkey', 'INTEGER', 6],
      ['o_custkey', 'INTEGER', 5],
      ['o_orderpriority', 'TEXT', 2],
      ['o_shippriority', 'INTEGER', 1],
      ['o_orderdate', 'DATE', 6],
      ['o_totalprice', 'REAL', 6],
      ['o_orderstatus', 'TEXT', 2],
    ],
    [join('o_custkey', 'customer', 'c_custkey')],
  ),
  schema(
    'lineitem',
    [],
    [
      ['l_orderkey', 'INTEGER', 6],
      ['l_quantity', 'REAL', 6],
      ['l_shipmode', 'TEXT', 2],
      ['l_shipdate', 'DATE', 6],
      ['l_commitdate', 'DATE', 6],
    ],
    [join('l_orderkey', 'orders', 'o_orderkey')],
  ),
  schema(
    'product',
    ['id'],
    [
      ['id', 'INTEGER', 2],
      ['name', 'TEXT', 2],
      ['unit_price', 'REAL', 2],
    ],
  ),
  schema(
    'sale_line',
    ['id'],
    [
      ['id', 'INTEGER', 2],
      ['unit_price', 'REAL', 2],
    ],
  ),
  schema(
    'payment',
    ['payment_id'],
    [
      ['payment_id', 'INTEGER', 3],
      ['amount', 'REAL', 3],
      ['payment_date', 'DATE', 3],
    ],
  ),
];
const metrics = [
  metric('customer_count', 'Number of customers', 'customer', 'COUNT(*)'),
  metric('supplier_count', 'Number of suppliers', 'supplier', 'COUNT(*)'),
  metric('nation_count', 'Number of nations', 'nation', 'COUNT(*)'),
  metric('orders_count', 'Number of orders', 'orders', 'COUNT(*)', { time_column: 'orders.o_orderdate' }),
  metric('lineitem_count', 'Number of line items', 'lineitem', 'COUNT(*)'),
  metric('customer_avg_acctbal', 'Average account balance of customers', 'customer', 'AVG(customer.c_acctbal)', {
    aggregation: 'AVG',
  }),
  metric('supplier_avg_acctbal', 'Average account balance of suppliers', 'supplier', 'AVG(supplier.s_acctbal)', {
    aggregation: 'AVG',
  }),
  metric('first_order', 'Earliest order date', 'orders', 'MIN(orders.o_orderdate)', { aggregation: 'MIN' }),
  metric('payment_total', 'Total amount of payments', 'payment', 'SUM(payment.amount)', {
    aggregation: 'SUM',
    time_column: 'payment.payment_date',
  }),
];
const values = [
  ...['AUTOMOBILE', 'MACHINERY', 'BUILDING'].map((value) => ({
    connection: 'tpch',
    table: 'customer',
    column: 'c_mktsegment',
    value,
  })),
  ...['1-URGENT', '2-HIGH'].map((value) => ({ connection: 'tpch', table: 'orders', column: 'o_orderpriority', value })),
];

let db: Database.Database;
beforeAll(() => {
  db = new Database(':memory:');
  db.exec(`
    CREATE TABLE nation (n_nationkey INTEGER, n_name TEXT);
    INSERT INTO nation VALUES (0, 'FRANCE'), (1, 'GERMANY'), (2, 'FRANCE');
    CREATE TABLE customer (c_custkey INTEGER, c_name TEXT, c_mktsegment TEXT, c_acctbal REAL, c_nationkey INTEGER);
    INSERT INTO customer VALUES (1, 'A', 'AUTOMOBILE', 10, 0), (2, 'B', 'MACHINERY', 20, 1), (3, 'C', 'BUILDING', 30, 2),
      (4, 'D', 'AUTOMOBILE', 40, 0), (5, 'E', 'BUILDING', 50, 1);
    CREATE TABLE supplier (s_suppkey INTEGER, s_name TEXT, s_acctbal REAL, s_nationkey INTEGER);
    INSERT INTO supplier VALUES (1, 'S1', 1, 0), (2, 'S2', 2, 0), (3, 'S3', 3, 1), (4, 'S4', 4, 2);
    CREATE TABLE orders (o_orderkey INTEGER, o_custkey INTEGER, o_orderpriority TEXT, o_shippriority INTEGER, o_orderdate DATE,
      o_totalprice REAL, o_orderstatus TEXT);
    INSERT INTO orders VALUES (1, 1, '1-URGENT', 0, '1995-01-02', 10, 'F'), (2, 1, '2-HIGH', 0, '1995-06-01', 20, 'O'),
      (3, 2, '1-URGENT', 0, '1996-03-01', 30, 'F'), (4, 3, '1-URGENT', 0, '1994-12-31', 40, 'F'), (5, 4, '2-HIGH', 0, '1995-12-31', 50, 'O'),
      (6, 5, '2-HIGH', 0, '1997-01-01', 60, 'F');
    CREATE TABLE lineitem (l_orderkey INTEGER, l_quantity REAL, l_shipmode TEXT, l_shipdate DATE, l_commitdate DATE);
    INSERT INTO lineitem VALUES (1, 5, 'AIR', '1995-01-05', '1995-01-04'), (2, 7, 'MAIL', '1996-01-01', '1995-12-01'),
      (3, 11, 'AIR', '1996-03-05', '1996-03-01');
    CREATE TABLE product (id INTEGER, name TEXT, unit_price REAL);
    INSERT INTO product VALUES (1, 'P1', 9.5), (2, 'P2', 12);
    CREATE TABLE sale_line (id INTEGER, unit_price REAL);
    INSERT INTO sale_line VALUES (1, 99);
    CREATE TABLE payment (payment_id INTEGER, amount REAL, payment_date DATE);
    INSERT INTO payment VALUES (1, 2.5, '2026-01-01'), (2, 3.5, '2026-02-01'), (3, 4, '2025-01-01');
  `);
});
afterAll(() => db.close());

const now = new Date('2026-11-26T12:00:00Z');
const compile = (question: string, extra: readonly SchemaDataPoint[] = []): CompileOutcome =>
  compileMetricQuestion({ question, metrics, schemas: [...schemas, ...extra], values, dialect: sqliteDialect, now });
const rows = (question: string) => {
  const outcome = compile(question);
  if (outcome.kind !== 'compiled') throw new Error(`${question}: ${JSON.stringify(outcome)}`);
  return db.prepare(outcome.query.sql).raw().all() as unknown[][];
};
const sorted = (r: unknown[][]) => [...r].sort((a, b) => String(a).localeCompare(String(b)));

describe('prefixed and run-together column names read as words', () => {
  it.each([
    [
      'number of customers by market segment',
      [
        ['AUTOMOBILE', 2],
        ['BUILDING', 2],
        ['MACHINERY', 1],
      ],
    ],
    // o_orderpriority is "priority" on orders; o_shippriority is "ship priority".
    [
      'orders by priority',
      [
        ['1-URGENT', 3],
        ['2-HIGH', 3],
      ],
    ],
    [
      'number of line items by ship mode',
      [
        ['AIR', 2],
        ['MAIL', 1],
      ],
    ],
    ['how many customers are in the AUTOMOBILE or MACHINERY segment', [[3]]],
    ['how many customers in market segment BUILDING', [[2]]],
    ['how many orders were placed in 1995', [[3]]],
    ['number of line items shipped in 1996', [[2]]],
  ])('%s', (question, expected) => expect(sorted(rows(question))).toEqual(sorted(expected)));

  it('declines a phrase that names two prefixed columns equally', () => {
    expect(compile('number of line items by date')).toMatchObject({
      kind: 'declined',
      reason: expect.stringMatching(/l_shipdate.*l_commitdate/),
    });
    // Two date columns of lineitem and no verb to choose one.
    expect(compile('number of line items by month')).toMatchObject({
      kind: 'declined',
      reason: expect.stringMatching(/several date columns/),
    });
  });
});

describe('entities without a declared primary key', () => {
  it('are keyed by the column trusted joins point at, so equal names stay apart', () => {
    const result = rows('number of suppliers by nation');
    expect(sorted(result)).toEqual(
      sorted([
        [0, 'FRANCE', 2],
        [1, 'GERMANY', 1],
        [2, 'FRANCE', 1],
      ]),
    );
  });

  it('stay unkeyed when joins point at different columns', () => {
    const other = schema(
      'region',
      ['r_regionkey'],
      [
        ['r_regionkey', 'INTEGER', 1],
        ['r_nation', 'INTEGER', 1],
      ],
      [join('r_nation', 'nation', 'n_name')],
    );
    expect(compile('number of suppliers by nation', [other])).toMatchObject({
      kind: 'declined',
      reason: expect.stringMatching(/no primary key/),
    });
  });
});

describe('phrasing around metric words', () => {
  it('"our" and "all" inside a metric name name nothing', () => {
    expect(rows('average account balance of our customers')).toEqual([[30]]);
    expect(compile('average account balance of our partners')).toMatchObject({ kind: 'declined' });
  });

  it('a count "per X" lists the counts; "average ... per X" and sums per X stay ambiguous', () => {
    expect(sorted(rows('number of orders per customer'))).toEqual(
      sorted([
        [1, 'A', 2],
        [2, 'B', 1],
        [3, 'C', 1],
        [4, 'D', 1],
        [5, 'E', 1],
      ]),
    );
    expect(compile('average number of orders per customer')).toMatchObject({
      kind: 'declined',
      reason: expect.stringMatching(/per customer/),
    });
    expect(compile('total amount of payments per customer')).toMatchObject({ kind: 'declined' });
  });

  it('"when" asks for a MIN/MAX date metric and its verb is the same date', () => {
    expect(rows('when was the first order placed')).toEqual([['1994-12-31']]);
  });

  it('row verbs of a transaction table add no condition; state verbs still decline', () => {
    expect(rows('total amount of payments received')).toEqual([[10]]);
    expect(rows('total amount of payments received in 2026')).toEqual([[6]]);
    expect(compile('total amount of payments refunded')).toMatchObject({ kind: 'declined' });
    // "received" is not a row verb of customers.
    expect(compile('number of customers received')).toMatchObject({ kind: 'declined' });
    expect(compile('how many orders were shipped')).toMatchObject({ kind: 'declined' });
  });

  it('"in the catalogue" is the whole table, only at the end', () => {
    expect(rows('how many customers are in the catalogue')).toEqual([[5]]);
    expect(compile('how many customers are in the catalogue of spring')).toMatchObject({ kind: 'declined' });
  });
});

describe('questions that look countable but are not', () => {
  it('"which/what <table> has <value>" asks for rows, not a count by the table name', () => {
    // Never a count: either no plan at all (a question asking for rows has no counting word) or a decline.
    expect(['declined', 'no_match']).toContain(compile('which customer has segment BUILDING').kind);
    expect(['declined', 'no_match']).toContain(compile('what customer has segment BUILDING').kind);
    expect(rows('how many customers have segment BUILDING')).toEqual([[2]]);
  });

  it('"total ... across <entity>" is one sum or a breakdown: declined; "by" is a breakdown', () => {
    expect(compile('total number of orders across customers')).toMatchObject({
      kind: 'declined',
      reason: expect.stringMatching(/across/),
    });
    expect(rows('number of orders by customer')).toHaveLength(5);
  });
});

describe('a table named after by/per is grouped by, not counted', () => {
  it('"customers per nation" counts customers by nation; without by/per the two tables stay ambiguous', () => {
    expect(sorted(rows('customers per nation'))).toEqual(
      sorted([
        [0, 'FRANCE', 2],
        [1, 'GERMANY', 2],
        [2, 'FRANCE', 1],
      ]),
    );
    expect(compile('customers nations')).toMatchObject({
      kind: 'declined',
      reason: expect.stringMatching(/several metrics/),
    });
  });
});

describe('"which X <verb> the most Y"', () => {
  it('ranks X by Y for verbs that only relate X to Y; a verb that is a state of Y declines', () => {
    expect(rows('which customer placed the most orders')).toEqual([[1, 'A', 2]]);
    expect(compile('which customer cancelled the most orders')).toMatchObject({ kind: 'declined' });
  });
});

describe('"<table> <table>" dimensions follow the named path', () => {
  it('"orders per customer nation" groups by the nation reached through the customer', () => {
    expect(sorted(rows('number of orders per customer nation'))).toEqual(
      sorted([
        [0, 'FRANCE', 3],
        [1, 'GERMANY', 2],
        [2, 'FRANCE', 1],
      ]),
    );
  });

  it('declines when the join path to the second table does not pass through the first', () => {
    expect(compile('number of suppliers by customer nation')).toMatchObject({ kind: 'declined' });
  });
});

describe('qualifier words of a column are optional', () => {
  it('"highest product price" is MAX(product.unit_price); "highest price" alone names two columns', () => {
    expect(rows('what is the highest product price')).toEqual([[12]]);
    expect(compile('what is the highest price')).toMatchObject({
      kind: 'declined',
      reason: expect.stringMatching(/product.unit_price or sale_line.unit_price/),
    });
  });
});
