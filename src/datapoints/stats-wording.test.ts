import { describe, expect, it } from 'vitest';
import { describeColumnStats, describeDistinct, describeNulls, describeRange, wholeTable } from './stats-wording.js';

describe('statistics wording', () => {
  it.each([
    [4014, undefined, undefined, '4,014'],
    [4014, { distinct: 'exact' as const }, undefined, '4,014'],
    [20000, { distinct: 'key' as const }, 1000, '≈ 20,000 (one per row: unique key)'],
    [3443, { distinct: 'estimate:duj1' as const }, 1000, '≈ 3,443 (estimated from a sample)'],
    [4000, { distinct: 'catalog' as const }, 1000, '≈ 4,000 (database statistics)'],
    [764, { distinct: 'sample' as const }, 1000, '764 in a 1,000-row sample'],
  ])('distinct %s with %j', (value, basis, rows, expected) => {
    expect(describeDistinct(value, basis, rows)).toBe(expected);
  });

  it('says where null fractions and ranges come from', () => {
    expect(describeNulls(0.125, { nulls: 'sample' }, 1000)).toBe('12.5% in a 1,000-row sample');
    expect(describeNulls(0, { nulls: 'declared' })).toBe('none (NOT NULL)');
    expect(describeRange(20, 19980, { min_max: 'sample' }, 1000)).toBe('20 to 19980 in a 1,000-row sample');
    expect(describeRange(1, 20000, { min_max: 'index' }, 1000)).toBe('1 to 20000');
    expect(describeRange(null, 3, undefined)).toBeUndefined();
  });

  it("renders a DataPoint column's stats on one line, never a sample figure as the table's", () => {
    const line = describeColumnStats({
      distinct_count: 764,
      null_fraction: 0,
      min: 20,
      max: 19980,
      sample_values: [],
      patterns: [],
      basis: { distinct: 'sample', nulls: 'declared', min_max: 'sample' },
      sample_rows: 1000,
    });
    expect(line).toBe(
      'distinct 764 in a 1,000-row sample; nulls none (NOT NULL); range 20 to 19980 in a 1,000-row sample',
    );
  });

  it('compares only whole-table figures', () => {
    expect(['exact', 'key', 'catalog', 'index', 'declared', undefined].every(wholeTable)).toBe(true);
    expect(['sample', 'estimate:duj1'].some(wholeTable)).toBe(false);
  });
});
