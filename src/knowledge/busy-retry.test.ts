import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { RuntimeError } from '../errors.js';
import { isBusyError, withBusyRetry } from './busy-retry.js';
import { KnowledgeStore } from './knowledge-store.js';

const busy = (code = 'SQLITE_BUSY'): Error => Object.assign(new Error('database is locked'), { code });

describe('withBusyRetry', () => {
  it('retries busy errors (extended codes included) and returns the result', () => {
    let calls = 0;
    const result = withBusyRetry(() => {
      calls++;
      if (calls === 1) throw busy('SQLITE_BUSY_SNAPSHOT');
      if (calls === 2) throw busy('SQLITE_LOCKED');
      return 'done';
    });
    expect(result).toBe('done');
    expect(calls).toBe(3);
  });

  it('passes other errors through at once', () => {
    let calls = 0;
    expect(() =>
      withBusyRetry(() => {
        calls++;
        throw Object.assign(new Error('no such table'), { code: 'SQLITE_ERROR' });
      }),
    ).toThrow('no such table');
    expect(calls).toBe(1);
    expect(isBusyError(null)).toBe(false);
  });

  it('gives up after a bounded number of attempts with a hint, not a bare "locked"', () => {
    let calls = 0;
    let error: unknown;
    try {
      withBusyRetry(() => {
        calls++;
        throw busy();
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as RuntimeError).hint).toMatch(/again/);
    expect(calls).toBe(8);
  });

  it('store.write takes the write lock up front, so a read-then-write never meets a stale snapshot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'datachat-busy-'));
    const store = KnowledgeStore.open(join(dir, 'knowledge.db'));
    const other = new Database(join(dir, 'knowledge.db'), { timeout: 50 });
    const upsert = `INSERT OR REPLACE INTO meta(key, value) VALUES ('other', ?)`;
    const otherWrite = (value: string) => () => other.prepare(upsert).run(value);
    try {
      // A deferred transaction (what the store used before) reads, another process commits, then the
      // upgrade to a write fails at once with SQLITE_BUSY_SNAPSHOT: busy_timeout cannot help.
      const deferred = store.db.transaction(() => {
        store.getMeta('generation');
        otherWrite('first')();
        store.db.prepare(`INSERT OR REPLACE INTO meta(key, value) VALUES ('mine', 'x')`).run();
      });
      expect(() => deferred()).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY_SNAPSHOT' }));
      // store.write: BEGIN IMMEDIATE. The other writer now waits (here: gives up after 50 ms) instead.
      let otherError: unknown;
      store.write(() => {
        store.getMeta('generation');
        try {
          otherWrite('second')();
        } catch (error) {
          otherError = error;
        }
        store.db.prepare(`INSERT OR REPLACE INTO meta(key, value) VALUES ('mine', 'y')`).run();
      });
      expect(isBusyError(otherError)).toBe(true);
      expect(store.getMeta('mine')).toBe('y');
      expect(store.getMeta('other')).toBe('first');
    } finally {
      other.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
