import { describe, expect, it } from 'vitest';
import { estimateDistinct } from './distinct-estimator.js';

/** A seeded uniform random sample of `n` distinct rows out of `N` (mulberry32, without replacement). */
function sampleOf(values: (i: number) => number, N: number, n: number): { distinct: number; singletons: number } {
  const counts = new Map<number, number>();
  let seed = 42;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rows = new Set<number>();
  while (rows.size < n) rows.add(Math.floor(random() * N));
  for (const row of rows) {
    const v = values(row);
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return { distinct: counts.size, singletons: [...counts.values()].filter((c) => c === 1).length };
}

describe('estimateDistinct (Haas–Stokes Duj1)', () => {
  it('is exact on the whole table and returns d when nothing is a singleton', () => {
    expect(estimateDistinct({ tableRows: 500, sampleRows: 500, distinct: 37, singletons: 5 })).toBe(37);
    expect(estimateDistinct({ tableRows: 1e6, sampleRows: 1000, distinct: 4, singletons: 0 })).toBe(4);
    expect(estimateDistinct({ tableRows: 1e6, sampleRows: 0, distinct: 0, singletons: 0 })).toBe(0);
  });

  it('scales a key (every sampled value unique) to the row count', () => {
    const N = 20_000;
    const s = sampleOf((i) => i, N, 1000);
    expect(estimateDistinct({ tableRows: N, sampleRows: 1000, ...s })).toBe(N);
  });

  it.each([
    ['uniform over 4,000 values', (i: number) => (i * 7919) % 4000, 4000],
    ['uniform over 300 values', (i: number) => (i * 31) % 300, 300],
    ['skewed (Zipf-like) over ~5,000 values', (i: number) => Math.floor(5000 / (1 + ((i * 7919) % 5000))), undefined],
  ])('stays within a factor of 2 of the truth: %s', (_name, values, known) => {
    const N = 200_000;
    const truth = known ?? new Set(Array.from({ length: N }, (_, i) => values(i))).size;
    const s = sampleOf(values, N, 10_000);
    const estimate = estimateDistinct({ tableRows: N, sampleRows: 10_000, ...s });
    expect(estimate).toBeGreaterThanOrEqual(s.distinct);
    expect(estimate).toBeLessThanOrEqual(N);
    expect(estimate / truth).toBeGreaterThan(0.5);
    expect(estimate / truth).toBeLessThan(2);
  });
});
