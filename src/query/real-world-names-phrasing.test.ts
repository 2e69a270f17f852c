import { describe, expect, it } from 'vitest';
import { compile, rows, sorted, useRealWorldNamesDatabase } from '../../test/support/real-world-names-fixture.js';

/** Real-world naming (TPC-H style), the phrasing around metric words; see real-world-names.test.ts. */
useRealWorldNamesDatabase();

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
