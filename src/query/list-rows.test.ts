import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteDialect } from '../connectors/sqlite/sqlite-dialect.js';
import type { SchemaDataPoint } from '../datapoints/datapoint-model.js';
import { LIST_ROW_CAP, planListRows } from './list-rows.js';
import { SemanticModel } from './semantic-model.js';

/** List questions: the label of one table's rows with value filters of its own columns, or nothing. */
const schema = (table: string, columns: string[]): SchemaDataPoint => ({
  type: 'Schema',
  id: table,
  name: table,
  connection: 'shop',
  table,
  kind: 'table',
  purpose: '',
  description: '',
  primary_key: ['id'],
  relationships: [],
  common_queries: [],
  gotchas: [],
  tags: [],
  source: 'manual',
  columns: ['id', ...columns].map((name) => ({
    name,
    type: name === 'id' ? 'INTEGER' : 'TEXT',
    nullable: false,
    meaning: '',
  })),
});
const model = new SemanticModel(
  [schema('customers', ['name', 'country']), schema('film', ['title', 'rating']), schema('logs', ['level'])],
  [],
);
const values = [
  ...['Germany', 'France'].map((value) => ({ connection: 'shop', table: 'customers', column: 'country', value })),
  ...['PG', 'R'].map((value) => ({ connection: 'shop', table: 'film', column: 'rating', value })),
];

let db: Database.Database;
beforeAll(() => {
  db = new Database(':memory:');
  db.exec(`
    CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, country TEXT);
    INSERT INTO customers VALUES (1, 'Ann', 'Germany'), (2, 'Bob', 'France'), (3, 'Cy', 'Germany'), (4, 'Dee', 'Spain');
    CREATE TABLE film (id INTEGER PRIMARY KEY, title TEXT, rating TEXT);
    INSERT INTO film VALUES (1, 'Alien', 'R'), (2, 'Bambi', 'PG'), (3, 'Cars', 'PG');
  `);
});
afterAll(() => db.close());

const plan = (question: string) => planListRows(question, model, values, sqliteDialect);
const rows = (question: string) => {
  const listed = plan(question);
  if (!listed) throw new Error(`${question}: not a list`);
  return db.prepare(listed.sql).raw().all();
};

describe('planListRows', () => {
  it.each([
    ['What are the names of the customers in Germany?', [['Ann'], ['Cy']]],
    ['List the customers from Germany or France', [['Ann'], ['Bob'], ['Cy']]],
    ['Which customers are in France?', [['Bob']]],
    ['Show all customers', [['Ann'], ['Bob'], ['Cy'], ['Dee']]],
    ['What are the titles of the films rated PG?', [['Bambi'], ['Cars']]],
    ['list customers except Germany', [['Bob'], ['Dee']]],
  ])('%s', (question, expected) => expect(rows(question)).toEqual(expected));

  it('caps the rows', () => expect(plan('show all customers')?.sql).toContain(`LIMIT ${LIST_ROW_CAP}`));

  it.each([
    'Which customers spend the most?', // a ranking, not a list
    'List the top 5 customers by revenue',
    'Which customers?', // "which" needs a filter
    'What are the names of the customers in Germany with more than 2 orders?',
    'Show all logs', // no label to show
    'How many customers are in Germany?',
    'Show revenue by country',
    'list customers not in Germany', // "not" not next to the value: never read as "in Germany"
  ])('leaves "%s" to the metric compiler', (question) => expect(plan(question)).toBeUndefined());
});
