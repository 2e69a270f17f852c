import { describe, expect, it } from 'vitest';
import { bombs, loadCorpus } from '../../fixtures/hostile-sql/hostile-corpus.js';
import { DEFAULT_PARSE_BUDGET } from '../../../src/query/bounded-parser.js';
import { guardSql } from '../../../src/query/sql-guard.js';

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;

/**
 * Guard latency: ordinary queries go through a persistent parser worker (no thread per call), and no
 * input holds the guard past the parse budget. The figures are printed for the record; the bounds are
 * loose because CI machines are shared.
 */
describe('SQL guard latency', () => {
  it('verifies ordinary queries in milliseconds', () => {
    const queries = loadCorpus('postgresql').accept;
    guardSql('SELECT 1', 'postgresql'); // starts the worker and loads the grammar
    const times: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (const sql of queries) {
        const started = performance.now();
        expect(guardSql(sql, 'postgresql').ok).toBe(true);
        times.push(performance.now() - started);
      }
    }
    times.sort((a, b) => a - b);
    const [p50, p99] = [percentile(times, 50), percentile(times, 99)];
    const figures = `p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`;
    console.info(`guard latency over ${times.length} ordinary PostgreSQL queries: ${figures}`);
    expect(p50).toBeLessThan(50);
  });

  it('stops every parser bomb within the parse budget', () => {
    const worst = { ms: 0, sql: '' };
    for (const sql of bombs()) {
      const started = performance.now();
      const result = guardSql(sql, 'postgresql');
      const elapsed = performance.now() - started;
      if (elapsed > worst.ms) Object.assign(worst, { ms: elapsed, sql });
      expect(result.ok).toBe(false);
    }
    console.info(`slowest parser bomb: ${worst.ms.toFixed(0)} ms (${worst.sql.slice(0, 60)}…)`);
    expect(worst.ms).toBeLessThan(DEFAULT_PARSE_BUDGET.timeMs + 2000);
    // The worker that was stopped is replaced: the next ordinary query still passes.
    expect(guardSql('SELECT id FROM orders WHERE id = 1', 'postgresql')).toMatchObject({ ok: true });
  }, 60_000);
});
