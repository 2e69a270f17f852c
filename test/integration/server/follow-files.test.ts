import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-cli.js';
import { startServer, tempProject, type TestServer } from './support.js';

/** Polls `probe` until it returns true or `timeoutMs` passes; returns the elapsed milliseconds. */
async function within(timeoutMs: number, probe: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await probe()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`not seen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A running server follows the files that other processes change: `datachat db add/remove` (the
 * built CLI, run `npx tsc -p tsconfig.json` first) and DataPoint YAML written by an editor.
 */
describe('REST API: the server follows the files', () => {
  let server: TestServer;
  let dir: string;

  beforeAll(() => {
    dir = tempProject('follow');
    const init = runCli(['init', '--sample', '--yes', '--auto-approve', '--dir', dir]);
    expect(init.code, init.stderr).toBe(0);
    server = startServer(dir);
  }, 60_000);
  afterAll(async () => {
    await server.close();
    rmSync(dirname(dir), { recursive: true, force: true });
  });

  const ids = async (): Promise<string[]> => {
    const reply = await server.call('GET', '/api/v1/databases');
    expect(reply.status, reply.text).toBe(200);
    return (reply.json as { connection_id: string }[]).map((c) => c.connection_id);
  };

  it('lists a database added with the CLI within 2 s, and forgets it once removed', async () => {
    expect(await ids()).toEqual(['sample']);
    copyFileSync(join(dir, '.datachat/sample.db'), join(dir, 'second.db'));
    const add = runCli(['db', 'add', 'second', 'sqlite:./second.db', '--dir', dir]);
    expect(add.code, add.stderr).toBe(0);
    const elapsed = await within(2000, async () => (await ids()).includes('second'));
    expect(elapsed).toBeLessThan(2000);
    // The new connection is usable, not just listed (its connector is created from the new config).
    const test = await server.call('POST', '/api/v1/databases/second/test', {});
    expect(test.status, test.text).toBe(200);

    const remove = runCli(['db', 'remove', 'second', '--yes', '--dir', dir]);
    expect(remove.code, remove.stderr).toBe(0);
    await within(2000, async () => !(await ids()).includes('second'));
    expect((await server.call('GET', '/api/v1/databases/second')).status).toBe(404);
  }, 60_000);

  it('keeps the last good config while .datachat.yml is invalid, and recovers when fixed', async () => {
    const file = join(dir, '.datachat.yml');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, `${good}\nconnections: [oops\n`);
    await new Promise((r) => setTimeout(r, 300));
    expect(await ids()).toEqual(['sample']);
    writeFileSync(file, good);
    expect(await ids()).toEqual(['sample']);
  });

  it('a connection whose URL changed is answered through a new connector', async () => {
    const ask = async (): Promise<unknown> => {
      const reply = await server.call('POST', '/api/v1/chat', { message: 'how many customers' });
      expect(reply.status, reply.text).toBe(200);
      return reply.json.data[0].customers_count;
    };
    expect(await ask()).toBe(5000);
    copyFileSync(join(dir, '.datachat/sample.db'), join(dir, 'smaller.db'));
    const db = new Database(join(dir, 'smaller.db'));
    db.pragma('foreign_keys = OFF');
    db.exec('DELETE FROM customers WHERE rowid > 10');
    db.close();
    const file = join(dir, '.datachat.yml');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('url: sqlite:.datachat/sample.db', 'url: sqlite:./smaller.db'));
    try {
      await within(2000, async () => (await ask()) === 10);
    } finally {
      writeFileSync(file, original);
    }
    await within(2000, async () => (await ask()) === 5000);
  }, 30_000);

  it('answers with a DataPoint an editor just wrote', async () => {
    const ask = () => server.call('POST', '/api/v1/chat', { message: 'what is the zorblax index' });
    const before = await ask();
    expect(JSON.stringify(before.json?.sources ?? [])).not.toContain('zorblax_index');
    writeFileSync(
      join(dir, 'datapoints/sample/business/zorblax_index.yaml'),
      [
        'type: Business',
        'id: zorblax_index',
        'name: Zorblax index',
        'connection: sample',
        'description: Number of orders, known to the team as the zorblax index.',
        'table: orders',
        'expression: COUNT(*)',
        'aggregation: COUNT',
        'synonyms:',
        '  - zorblax index',
        'source: manual',
        '',
      ].join('\n'),
    );
    const after = await ask();
    expect(after.status, after.text).toBe(200);
    expect(after.json.method).toBe('metric');
    expect(after.json.sources).toContain('zorblax_index');
  }, 30_000);
});
