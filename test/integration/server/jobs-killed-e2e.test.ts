import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-cli.js';
import { spawnServe, type ServeProcess } from './spawn-serve.js';

const TABLES = 1500;

/** A SQLite database with many small tables: profiling it takes seconds, long enough to kill it midway. */
function manyTables(file: string): void {
  const db = new Database(file);
  db.exec('BEGIN');
  for (let t = 0; t < TABLES; t++) {
    db.exec(`CREATE TABLE t${t} (id INTEGER PRIMARY KEY, name TEXT, amount REAL)`);
    const insert = db.prepare(`INSERT INTO t${t} VALUES (?, ?, ?)`);
    for (let i = 0; i < 50; i++) insert.run(i, `n${i % 7}`, i * 1.5);
  }
  db.exec('COMMIT');
  db.close();
}

/** `datachat serve` killed with SIGKILL during a job; the next `serve` reports the job as interrupted. */
describe('a server killed during a job (end to end)', () => {
  let root: string;
  let dir: string;
  const servers: ServeProcess[] = [];

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'datachat-killed-'));
    dir = join(root, 'p');
    mkdirSync(dir);
    manyTables(join(dir, 'big.db'));
    const add = runCli(['db', 'add', 'big', 'sqlite:./big.db', '--dir', dir]);
    expect(add.code, add.stderr).toBe(0);
  }, 60_000);
  afterAll(() => {
    for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  // biome-ignore lint/suspicious/noExplicitAny: tests read fields freely
  const call = async (base: string, method: string, path: string): Promise<{ status: number; json: any }> => {
    const response = await fetch(`${base}${path}`, {
      method,
      ...(method === 'GET' ? {} : { headers: { 'content-type': 'application/json' }, body: '{}' }),
    });
    return { status: response.status, json: await response.json() };
  };

  it('GET /jobs/{id} after the restart says interrupted', async () => {
    const first = await spawnServe(dir);
    servers.push(first);
    const started = await call(first.base, 'POST', '/databases/big/profile');
    expect(started.status, JSON.stringify(started.json)).toBe(202);
    const jobUrl = `/jobs/${started.json.job_id as string}`;
    // Wait until the job has made visible progress, then kill the process without any chance to clean up.
    const deadline = Date.now() + 30_000;
    // biome-ignore lint/suspicious/noExplicitAny: tests read fields freely
    let last: any;
    for (;;) {
      last = (await call(first.base, 'GET', jobUrl)).json;
      if (/Profiled \d+\//.test(last.progress.message)) break;
      expect(last.status, JSON.stringify(last)).toBe('running');
      if (Date.now() > deadline) throw new Error(`no progress: ${JSON.stringify(last)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));

    const second = await spawnServe(dir);
    servers.push(second);
    const after = await call(second.base, 'GET', jobUrl);
    expect(after.status).toBe(200);
    expect(after.json).toMatchObject({ job_id: started.json.job_id, kind: 'profile', status: 'interrupted' });
    expect(after.json.error).toMatchObject({ error: 'job_interrupted' });
    expect(after.json.finished_at).not.toBeNull();
    second.child.kill('SIGTERM');
    expect(await new Promise((r) => second.child.once('exit', r))).toBe(0);
  }, 90_000);
});
