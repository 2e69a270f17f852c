import { describe, expect, it } from 'vitest';
import { canonicalValue, sameResult } from './eval-result-match.js';

describe('sameResult', () => {
  it('compares rows order-insensitively unless asked, ignoring column names', () => {
    const gold = [
      { c: 'FR', n: 2 },
      { c: 'DE', n: 3 },
    ];
    expect(
      sameResult(
        [
          { country: 'DE', count: 3 },
          { country: 'FR', count: 2 },
        ],
        gold,
        false,
      ),
    ).toBe(true);
    expect(
      sameResult(
        [
          { country: 'DE', count: 3 },
          { country: 'FR', count: 2 },
        ],
        gold,
        true,
      ),
    ).toBe(false);
    expect(
      sameResult(
        [
          { country: 'DE', count: 3 },
          { country: 'FR', count: 3 },
        ],
        gold,
        false,
      ),
    ).toBe(false);
  });

  it('finds the gold columns among extra answer columns, in any order', () => {
    const gold = [
      [1, '10.50'],
      [2, '7'],
    ];
    const answer = [
      { id: 2, name: 'Bo', total: 7 },
      { id: 1, name: 'Al', total: 10.5 },
    ];
    expect(sameResult(answer, gold, false)).toBe(true);
    expect(
      sameResult(
        [
          { total: 7, id: 2 },
          { total: 10.5, id: 1 },
        ],
        gold,
        false,
      ),
    ).toBe(true);
  });

  it('keeps gold rows paired: columns with the right values in the wrong rows do not match', () => {
    const gold = [
      ['a', 1],
      ['b', 2],
    ];
    expect(
      sameResult(
        [
          ['a', 2],
          ['b', 1],
        ],
        gold,
        false,
      ),
    ).toBe(false);
  });

  it('tells equal-valued columns apart by trying each assignment', () => {
    // Two answer columns hold the same multiset {1, 2}; only one pairs with the labels.
    const gold = [
      ['x', 1],
      ['y', 2],
    ];
    expect(
      sameResult(
        [
          [2, 'x', 1],
          [1, 'y', 2],
        ],
        gold,
        false,
      ),
    ).toBe(true);
  });

  it('rejects fewer columns, other row counts, and matches empty with empty', () => {
    expect(sameResult([[1]], [[1, 2]], false)).toBe(false);
    expect(sameResult([[1], [2]], [[1]], false)).toBe(false);
    expect(sameResult([], [], false)).toBe(true);
  });
});

describe('canonicalValue', () => {
  it.each([
    [null, null],
    [undefined, null],
    [Math.PI, 3.14],
    ['2.005', 2.01],
    [10n, 10],
    [true, 1],
    [new Date('1997-01-01T00:00:00Z'), '1997-01-01 00:00:00'],
    ['Germany', 'Germany'],
  ])('%s → %s', (input, expected) => expect(canonicalValue(input)).toBe(expected));
});
