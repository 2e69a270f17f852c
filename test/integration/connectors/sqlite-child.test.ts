import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteChild } from '../../../src/connectors/sqlite/sqlite-child.js';

const RUNAWAY = 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r';
const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
const request = (sql: string) => ({ sql, params: [], maxRows: 100, maxBytes: 1_000_000 });
const alive = (pid: number | undefined): boolean => {
  try {
    return pid !== undefined && process.kill(pid, 0);
  } catch {
    return false;
  }
};

describe('SqliteChild', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'datachat-sqlite-child-'));
    file = join(dir, 'db.sqlite');
    const db = new Database(file);
    db.exec(
      'CREATE TABLE t (id INTEGER, id2 INTEGER, b BLOB); INSERT INTO t VALUES (1, 10, zeroblob(40)), (2, 20, NULL)',
    );
    db.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('warm() starts the process before the first statement, which then runs in it', async () => {
    const child = new SqliteChild(file, driverPath);
    try {
      expect(child.pid).toBeUndefined();
      child.warm();
      const pid = child.pid;
      expect(alive(pid)).toBe(true);
      child.warm();
      expect(child.pid).toBe(pid);
      expect(await child.run(request('SELECT 1'), 5000, undefined)).toMatchObject({ ok: true, rows: [[1]] });
      expect(child.pid).toBe(pid);
    } finally {
      await child.close();
    }
  });

  it('a failed warm start is not an error: the statement starts again and reports it', async () => {
    const child = new SqliteChild(join(dir, 'missing-dir', 'none.sqlite'), driverPath);
    try {
      child.warm();
      await expect(child.run(request('SELECT 1'), 5000, undefined)).rejects.toThrow(/Cannot open SQLite database/);
    } finally {
      await child.close();
    }
  });

  it('answers statements from one long-lived process, rows as arrays', async () => {
    const child = new SqliteChild(file, driverPath);
    try {
      const first = await child.run(request('SELECT id, id2 AS id, b FROM t ORDER BY id'), 5000, undefined);
      expect(first).toMatchObject({ ok: true, columns: [{ name: 'id' }, { name: 'id' }, { name: 'b' }] });
      expect(first.rows).toEqual([
        [1, 10, `<blob 40 bytes: ${'00'.repeat(16)}…>`],
        [2, 20, null],
      ]);
      const pid = child.pid;
      await child.run(request('SELECT 1'), 5000, undefined);
      expect(child.pid).toBe(pid);
    } finally {
      await child.close();
    }
  });

  it('kills the process at the timeout, runs queued statements on a fresh one, and honours aborts while queued', async () => {
    const child = new SqliteChild(file, driverPath);
    try {
      await child.run(request('SELECT 1'), 5000, undefined);
      const first = child.pid;
      const runaway = child.run(request(RUNAWAY), 500, undefined);
      const queued = child.run(request('SELECT 2 AS two'), 5000, undefined);
      const abandoned = new AbortController();
      const dropped = child.run(request('SELECT 3'), 5000, abandoned.signal);
      abandoned.abort();
      await expect(dropped).rejects.toThrow(/cancelled/);
      await expect(runaway).rejects.toThrow(/timed out after 500 ms/);
      expect((await queued).rows).toEqual([[2]]);
      expect(child.pid).not.toBe(first);
      expect(alive(first)).toBe(false);
    } finally {
      await child.close();
    }
  });

  it('an abort kills a running statement; close() kills the process and waits for it', async () => {
    const child = new SqliteChild(file, driverPath);
    // Started and idle first: an abort while the child is still starting only drops the queued job.
    await child.run(request('SELECT 1'), 30_000, undefined);
    const controller = new AbortController();
    const running = child.run(request(RUNAWAY), 60_000, controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const pid = child.pid;
    controller.abort();
    await expect(running).rejects.toThrow(/cancelled/);
    await child.run(request('SELECT 1'), 5000, undefined);
    const second = child.pid;
    expect(second).not.toBe(pid);
    const closing = child.run(request(RUNAWAY), 60_000, undefined).catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await child.close();
    expect(String(await closing)).toMatch(/closed/);
    expect(alive(second)).toBe(false);
  });

  it('reports a file it cannot open as a connection error', async () => {
    const child = new SqliteChild(join(dir, 'missing.sqlite'), driverPath);
    await expect(child.run(request('SELECT 1'), 5000, undefined)).rejects.toThrow(/Cannot open SQLite database/);
    await child.close();
  });
});
