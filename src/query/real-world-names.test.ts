import { describe, expect, it } from 'vitest';
import {
  compile,
  join,
  rows,
  schema,
  sorted,
  useRealWorldNamesDatabase,
} from '../../test/support/real-world-names-fixture.js';

/**
 * Real-world naming (TPC-H style): table-prefixed, run-together columns, no declared primary keys,
 * keys found by naming. Each class answers right against a small SQLite database, and its near
 * misses decline. The schema, metrics and database are in test/support/real-world-names-fixture.ts.
 */
useRealWorldNamesDatabase();

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
