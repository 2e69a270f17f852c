import { describe, expect, it } from 'vitest';
import { parseBounded } from '../../../src/query/bounded-parser.js';

/** Unbalanced nesting the PostgreSQL grammar backtracks on exponentially (the guard's pre-check refuses it first). */
const bomb = (depth: number): string => `SELECT ${'('.repeat(depth)}1`;

describe('parseBounded', () => {
  it('parses with the first grammar that accepts the text, and reports the others’ first error otherwise', () => {
    const ok = parseBounded('SELECT id FROM t WHERE id IN (SELECT 1)', ['PostgresQL']);
    expect(ok).toMatchObject({ ok: true, database: 'PostgresQL' });
    const fallback = parseBounded('SELECT id FROM a INTERSECT SELECT id FROM b', ['Sqlite', 'PostgresQL']);
    expect(fallback).toMatchObject({ ok: true, database: 'PostgresQL' });
    const bad = parseBounded('SELECT FROM WHERE', ['PostgresQL']);
    expect(bad).toMatchObject({ ok: false, budgetExceeded: false, message: expect.stringMatching(/line 1, column/) });
  });

  it('gives up on a grammar past the time budget, and the next parse gets a fresh worker', () => {
    const started = performance.now();
    const result = parseBounded(bomb(24), ['PostgresQL'], { timeMs: 300, memoryMb: 256 });
    expect(result).toMatchObject({ ok: false, budgetExceeded: true, message: expect.stringMatching(/300 ms/) });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(parseBounded('SELECT 1', ['PostgresQL'])).toMatchObject({ ok: true });
  }, 30_000);

  it('survives a parse that exhausts the worker heap (the worker dies, the process does not)', () => {
    const result = parseBounded(bomb(26), ['PostgresQL'], { timeMs: 4000, memoryMb: 32 });
    expect(result).toMatchObject({ ok: false, budgetExceeded: true });
    expect(parseBounded('SELECT 2', ['PostgresQL'])).toMatchObject({ ok: true });
  }, 30_000);

  it('parses short, shallow SQL of datachat’s own compiler on the calling thread, with the same result', () => {
    const sql = "SELECT strftime('%Y-%m-01', o.order_date) AS month, SUM(o.total) AS revenue FROM orders o GROUP BY 1";
    const here = parseBounded(sql, ['Sqlite'], { timeMs: 2000, memoryMb: 256, inThread: true });
    const worker = parseBounded(sql, ['Sqlite']);
    expect(here).toMatchObject({ ok: true, database: 'Sqlite' });
    expect(here.ok && worker.ok && JSON.stringify(here.parsed)).toBe(worker.ok && JSON.stringify(worker.parsed));
    const bad = parseBounded('SELECT FROM WHERE', ['PostgresQL'], { timeMs: 2000, memoryMb: 256, inThread: true });
    expect(bad).toMatchObject({ ok: false, budgetExceeded: false, message: expect.stringMatching(/line 1, column/) });
  });

  it('still sends deep nesting to the bounded worker when asked to parse on the calling thread', () => {
    const started = performance.now();
    const result = parseBounded(bomb(24), ['PostgresQL'], { timeMs: 300, memoryMb: 256, inThread: true });
    expect(result).toMatchObject({ ok: false, budgetExceeded: true });
    expect(performance.now() - started).toBeLessThan(5000);
  }, 30_000);
});
