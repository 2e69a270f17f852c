import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteDialect } from '../connectors/sqlite/sqlite-dialect.js';
import type { BusinessDataPoint, SchemaDataPoint } from '../datapoints/datapoint-model.js';
import { compileMetricQuestion, type CompileOutcome } from './metric-compiler.js';

/**
 * Conditions on related rows (issue #14's HAVING and anti-join classes): "customers with more than 1
 * order" compares a per-customer count, "customers without orders" is NOT EXISTS, through the one trusted
 * N:1 relationship; a column comparison ("orders with a total over 100") is not one.
 */
const schema = (table: string, columns: string[], relationships: SchemaDataPoint['relationships'] = []) =>
  ({
    type: 'Schema',
    id: table,
    name: table,
    connection: 'shop',
    table,
    kind: 'table',
    purpose: '',
    description: '',
    row_count: 5,
    primary_key: ['id'],
    relationships,
    common_queries: [],
    gotchas: [],
    tags: [],
    source: 'manual',
    columns: ['id', ...columns].map((name) => ({
      name,
      type: name === 'name' ? 'TEXT' : 'INTEGER',
      nullable: false,
      meaning: '',
    })),
  }) as SchemaDataPoint;
const count = (id: string, table: string, synonyms: string[]): BusinessDataPoint => ({
  type: 'Business',
  id,
  name: id.replace(/_/g, ' '),
  connection: 'shop',
  description: '',
  table,
  expression: 'COUNT(*)',
  aggregation: 'COUNT',
  filters: [],
  dimensions: [],
  synonyms,
  business_rules: [],
  tags: [],
  source: 'manual',
});
const link = { target_table: 'customers', target_columns: ['id'], cardinality: 'N:1' as const, confidence: 1 };
const schemas = [
  schema('customers', ['name']),
  schema('orders', ['customer_id', 'total'], [{ ...link, columns: ['customer_id'], kind: 'foreign_key' }]),
];
const metrics = [
  count('customers_count', 'customers', ['number of customers', 'how many customers']),
  count('orders_count', 'orders', ['number of orders', 'how many orders']),
];

let db: Database.Database;
beforeAll(() => {
  db = new Database(':memory:');
  db.exec(`
    CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);
    INSERT INTO customers VALUES (1, 'Ann'), (2, 'Bob'), (3, 'Cy'), (4, 'Di');
    CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, total INTEGER);
    INSERT INTO orders VALUES (1, 1, 50), (2, 1, 150), (3, 1, 20), (4, 2, 300), (5, 2, 10), (6, 3, 5);
  `);
});
afterAll(() => db.close());

const compile = (question: string): CompileOutcome =>
  compileMetricQuestion({
    question,
    metrics,
    schemas,
    values: [],
    dialect: sqliteDialect,
    now: new Date('2026-01-01'),
  });
const rows = (question: string) => {
  const outcome = compile(question);
  if (outcome.kind !== 'compiled') throw new Error(`${question}: ${JSON.stringify(outcome)}`);
  return db.prepare(outcome.query.sql).raw().all();
};

describe('conditions on related rows', () => {
  it.each([
    ['how many customers placed more than 1 order', 2],
    ['how many customers have more than 2 orders', 1],
    ['how many customers with at least 2 orders', 2],
    ['how many customers have fewer than 2 orders', 2],
    ['how many customers without orders', 1],
    ['how many customers with no orders', 1],
    ['how many customers never ordered', 1],
    ['how many customers never placed an order', 1],
  ])('%s → %d', (question, expected) => expect(rows(question)).toEqual([[expected]]));

  it('a comparison without a table name is not a related condition', () => {
    expect(rows('how many orders have a total over 100')).toEqual([[2]]);
  });

  it('declines when the related table does not point at the counted one', () => {
    expect(compile('how many orders without customers')).toMatchObject({
      kind: 'declined',
      reason: expect.stringMatching(/customers rows point at orders by no trusted relationship/),
    });
  });
});
