import Database from 'better-sqlite3';
import { afterAll, beforeAll } from 'vitest';
import { sqliteDialect } from '../../src/connectors/sqlite/sqlite-dialect.js';
import type { BusinessDataPoint, SchemaDataPoint } from '../../src/datapoints/datapoint-model.js';
import { compileMetricQuestion, type CompileOutcome } from '../../src/query/metric-compiler.js';

/**
 * The fixture of src/query/real-world-names*.test.ts: real-world naming (TPC-H style), table-prefixed,
 * run-together columns, no declared primary keys, keys found by naming; metrics, values and a small
 * SQLite database to run the compiled SQL against.
 */
type Col = [name: string, type: string, distinct?: number];
export type Relationship = SchemaDataPoint['relationships'][number];
export const schema = (
  table: string,
  key: string[],
  columns: Col[],
  relationships: Relationship[] = [],
): SchemaDataPoint => ({
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
export const join = (column: string, target: string, targetColumn: string): Relationship => ({
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
/** Opens the small TPC-H style SQLite database that `rows` queries, for the calling test file (closed after it). */
export function useRealWorldNamesDatabase(): void {
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
}

const now = new Date('2026-11-26T12:00:00Z');
export const compile = (question: string, extra: readonly SchemaDataPoint[] = []): CompileOutcome =>
  compileMetricQuestion({ question, metrics, schemas: [...schemas, ...extra], values, dialect: sqliteDialect, now });
export const rows = (question: string) => {
  const outcome = compile(question);
  if (outcome.kind !== 'compiled') throw new Error(`${question}: ${JSON.stringify(outcome)}`);
  return db.prepare(outcome.query.sql).raw().all() as unknown[][];
};
export const sorted = (r: unknown[][]) => [...r].sort((a, b) => String(a).localeCompare(String(b)));
