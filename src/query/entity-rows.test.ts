import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteDialect } from '../connectors/sqlite/sqlite-dialect.js';
import type { BusinessDataPoint, SchemaDataPoint } from '../datapoints/datapoint-model.js';
import { compileMetricQuestion, type CompileOutcome } from './metric-compiler.js';

/**
 * GeoQuery's wrong-answer classes (issue #14), on a small copy of its shape: `river` has no key and a row
 * per river × state (with an exact duplicate row), `city` has no key but rows that differ, `film` has a key.
 * 1. "the longest river" is the river (ties included), never MAX(length) alone;
 * 2. a value that may sit in two columns declines unless the wording decides;
 * 3. counting or summing over rows that repeat one entity counts distinct names or declines.
 */
type Col = [name: string, type: string, distinct: number, samples?: string[]];
const schema = (table: string, rows: number, columns: Col[], primaryKey: string[] = []): SchemaDataPoint => ({
  type: 'Schema',
  id: table,
  name: table,
  connection: 'geo',
  table,
  kind: 'table',
  purpose: '',
  description: '',
  row_count: rows,
  primary_key: primaryKey,
  relationships: [],
  common_queries: [],
  gotchas: [],
  tags: [],
  source: 'manual',
  columns: columns.map(([name, type, distinct, samples]) => ({
    name,
    type,
    nullable: false,
    meaning: '',
    stats: { distinct_count: distinct, null_fraction: 0, sample_values: samples ?? [], patterns: [] },
  })),
});
const metric = (id: string, table: string, expression: string, synonyms: string[]): BusinessDataPoint => ({
  type: 'Business',
  id,
  name: id.replace(/_/g, ' '),
  connection: 'geo',
  description: '',
  table,
  expression,
  aggregation: expression.slice(0, expression.indexOf('(')) as BusinessDataPoint['aggregation'],
  filters: [],
  dimensions: [],
  synonyms,
  business_rules: [],
  tags: [],
  source: 'manual',
});

const schemas = [
  // Samples: each column saw only some of its values, and they share two (one domain: state names).
  schema('river', 7, [
    ['river_name', 'TEXT', 4, ['missouri', 'colorado', 'delaware']],
    ['length', 'INTEGER', 4],
    ['traverse', 'TEXT', 5, ['colorado', 'delaware', 'utah']],
  ]),
  schema('city', 4, [
    ['city_name', 'TEXT', 3, ['springfield', 'austin']],
    ['population', 'INTEGER', 4],
    ['state_name', 'TEXT', 3, ['illinois', 'missouri', 'texas']],
  ]),
  schema(
    'film',
    3,
    [
      ['id', 'INTEGER', 3],
      ['title', 'TEXT', 3],
      ['length', 'INTEGER', 2],
    ],
    ['id'],
  ),
];
const metrics = [
  metric('river_count', 'river', 'COUNT(*)', ['number of rivers', 'how many rivers']),
  metric('river_length_max', 'river', 'MAX(river.length)', ['longest river', 'longest river length']),
  metric('river_length_min', 'river', 'MIN(river.length)', ['shortest river']),
  metric('river_length_sum', 'river', 'SUM(river.length)', ['total length of rivers']),
  metric('city_count', 'city', 'COUNT(*)', ['number of cities', 'how many cities']),
  metric('film_length_max', 'film', 'MAX(film.length)', ['longest film']),
];
const hit = (table: string, column: string, value: string) => ({ connection: 'geo', table, column, value });
// Retrieval found "missouri" only among river_name's samples, though traverse holds it too.
const values = [
  hit('river', 'river_name', 'missouri'),
  hit('river', 'river_name', 'colorado'),
  hit('river', 'traverse', 'utah'),
];

let db: Database.Database;
beforeAll(() => {
  db = new Database(':memory:');
  db.exec(`
    CREATE TABLE river (river_name TEXT, length INTEGER, traverse TEXT);
    INSERT INTO river VALUES ('missouri', 3968, 'montana'), ('missouri', 3968, 'missouri'), ('missouri', 3968, 'missouri'),
      ('colorado', 2333, 'colorado'), ('colorado', 2333, 'utah'), ('white', 1110, 'missouri'), ('delaware', 451, 'new york');
    CREATE TABLE city (city_name TEXT, population INTEGER, state_name TEXT);
    INSERT INTO city VALUES ('springfield', 100, 'illinois'), ('springfield', 150, 'missouri'), ('austin', 900, 'texas'),
      ('houston', 2000, 'texas');
    CREATE TABLE film (id INTEGER PRIMARY KEY, title TEXT, length INTEGER);
    INSERT INTO film VALUES (1, 'Alpha', 180), (2, 'Beta', 180), (3, 'Gamma', 90);
  `);
});
afterAll(() => db.close());

const compile = (question: string): CompileOutcome =>
  compileMetricQuestion({ question, metrics, schemas, values, dialect: sqliteDialect, now: new Date('2026-01-01') });
const run = (question: string) => {
  const outcome = compile(question);
  if (outcome.kind !== 'compiled') throw new Error(`${question}: ${JSON.stringify(outcome)}`);
  return { sql: outcome.query.sql, rows: db.prepare(outcome.query.sql).raw().all() as unknown[][] };
};

describe('a superlative before an entity noun asks for the row (class 1)', () => {
  it.each([
    ['what is the longest river', [['missouri', 3968]]],
    ['which is the shortest river', [['delaware', 451]]],
    ['what is the longest river in utah', [['colorado', 2333]]],
    // Ties all show, with the key and label of a keyed table.
    [
      'what is the longest film',
      [
        [1, 'Alpha', 180],
        [2, 'Beta', 180],
      ],
    ],
  ])('%s', (question, expected) => {
    const { sql, rows } = run(question);
    expect(sql).not.toMatch(/^SELECT MAX\(/);
    expect(rows).toEqual(expected);
  });

  it('the measure itself when the question asks for it', () => {
    expect(run('how long is the longest river').rows).toEqual([[3968]]);
    expect(run('what is the length of the longest river').rows).toEqual([[3968]]);
  });
});

describe('a value that two columns may hold (class 2)', () => {
  it('"in <value>" is not the name of the thing asked about', () => {
    const { sql, rows } = run('how many rivers are in missouri');
    expect(sql).toContain("river.traverse = 'missouri'");
    expect(rows).toEqual([[2]]);
  });

  it('"called <value>" is its name; no cue declines naming both columns', () => {
    expect(run('how many rivers are called colorado').rows).toEqual([[1]]);
    expect(compile('how many missouri rivers')).toMatchObject({
      kind: 'declined',
      reason: expect.stringMatching(/river\.river_name, river\.traverse/),
    });
  });
});

describe('rows that repeat one entity (class 3)', () => {
  it('counting the entity counts distinct names; rows that differ are counted as rows', () => {
    expect(run('how many rivers are there').rows).toEqual([[4]]);
    // Two Springfields with different populations are two cities.
    expect(run('how many cities are there').rows).toEqual([[4]]);
  });

  it('a sum over repeated rows declines', () => {
    expect(compile('what is the total length of rivers')).toMatchObject({
      kind: 'declined',
      reason: expect.stringMatching(/river_name repeats/),
    });
  });
});
