import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteDialect } from '../connectors/sqlite/sqlite-dialect.js';
import type { BusinessDataPoint, SchemaDataPoint } from '../datapoints/datapoint-model.js';
import { compileMetricQuestion, type CompileOutcome } from './metric-compiler.js';

/**
 * Many to many through a pure link table (Pagila's film_category): a count per category counts each film
 * once per category it has, empty categories included; anything more than a plain count declines.
 */
const fk = (column: string, target: string, targetColumn: string): SchemaDataPoint['relationships'][number] => ({
  columns: [column],
  target_table: target,
  target_columns: [targetColumn],
  cardinality: 'N:1',
  kind: 'foreign_key',
  confidence: 1,
});
const schema = (
  table: string,
  columns: [string, string][],
  primaryKey: string[],
  relationships: SchemaDataPoint['relationships'] = [],
): SchemaDataPoint => ({
  type: 'Schema',
  id: table,
  name: table,
  connection: 'rent',
  table,
  kind: 'table',
  purpose: '',
  description: '',
  row_count: 4,
  primary_key: primaryKey,
  relationships,
  common_queries: [],
  gotchas: [],
  tags: [],
  source: 'manual',
  columns: columns.map(([name, type]) => ({ name, type, nullable: false, meaning: '' })),
});
const schemas = [
  schema(
    'film',
    [
      ['film_id', 'INTEGER'],
      ['title', 'TEXT'],
      ['length', 'INTEGER'],
    ],
    ['film_id'],
  ),
  schema(
    'category',
    [
      ['category_id', 'INTEGER'],
      ['name', 'TEXT'],
    ],
    ['category_id'],
  ),
  schema(
    'film_category',
    [
      ['film_id', 'INTEGER'],
      ['category_id', 'INTEGER'],
    ],
    ['film_id', 'category_id'],
    [fk('film_id', 'film', 'film_id'), fk('category_id', 'category', 'category_id')],
  ),
];
const metric = (id: string, expression: string, synonyms: string[]): BusinessDataPoint => ({
  type: 'Business',
  id,
  name: id.replace(/_/g, ' '),
  connection: 'rent',
  description: '',
  table: 'film',
  expression,
  aggregation: expression.startsWith('COUNT') ? 'COUNT' : 'SUM',
  filters: [],
  dimensions: [],
  synonyms,
  business_rules: [],
  tags: [],
  source: 'manual',
});
const metrics = [
  metric('film_count', 'COUNT(*)', ['number of films', 'how many films']),
  metric('film_length_sum', 'SUM(film.length)', ['total length of films']),
];

let db: Database.Database;
beforeAll(() => {
  db = new Database(':memory:');
  db.exec(`
    CREATE TABLE film (film_id INTEGER PRIMARY KEY, title TEXT, length INTEGER);
    INSERT INTO film VALUES (1, 'A', 90), (2, 'B', 100), (3, 'C', 110);
    CREATE TABLE category (category_id INTEGER PRIMARY KEY, name TEXT);
    INSERT INTO category VALUES (1, 'Action'), (2, 'Drama'), (3, 'Horror');
    CREATE TABLE film_category (film_id INTEGER, category_id INTEGER, PRIMARY KEY (film_id, category_id));
    INSERT INTO film_category VALUES (1, 1), (2, 1), (3, 1), (1, 2);
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

describe('a count per entity across a many-to-many link table', () => {
  it('counts each film once per category, empty categories as 0', () => {
    expect(rows('number of films per category')).toEqual([
      [1, 'Action', 3],
      [2, 'Drama', 1],
      [3, 'Horror', 0],
    ]);
  });

  it('"which category has the fewest films" sees the empty one', () => {
    expect(rows('which category has the fewest films')).toEqual([[3, 'Horror', 0]]);
  });

  it('a sum across the link declines', () => {
    expect(compile('total length of films by category')).toMatchObject({
      kind: 'declined',
      reason: expect.stringMatching(/many to many/),
    });
  });
});
