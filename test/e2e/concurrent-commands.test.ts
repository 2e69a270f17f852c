import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeStore } from '../../src/knowledge/knowledge-store.js';
import { BIN, runCli, type CliResult } from '../support/run-cli.js';

const ENV = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '/tmp',
  NO_COLOR: '1',
  DATACHAT_SECRET_KEY: 'test-key',
};

function runAsync(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Everything the index holds about DataPoints, in a comparable form. */
function indexContent(db: string): string {
  const store = KnowledgeStore.open(db);
  try {
    const all = (sql: string): unknown[] => store.db.prepare(sql).all();
    const fts = all(
      'SELECT d.connection, d.id, f.name, f.body FROM datapoints d JOIN datapoints_fts f ON f.rowid = d.rowid ' +
        'ORDER BY 1, 2',
    );
    const edges = all('SELECT connection, src, dst, kind FROM edges ORDER BY connection, src, dst, kind');
    const vectors = (store.db.prepare('SELECT count(*) AS n FROM datapoint_vectors').get() as { n: number }).n;
    return JSON.stringify({ digest: store.digest(), fts, edges, vectors });
  } finally {
    store.close();
  }
}

/** Concurrent CLI processes over one project (built binary: `npx tsc -p tsconfig.json` first). */
describe('concurrent commands on one project', () => {
  let root: string;
  let dir: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'datachat-concurrent-'));
    dir = join(root, 'p');
    const init = runCli(['init', '--sample', '--yes', '--auto-approve', '--dir', dir]);
    expect(init.code, init.stderr).toBe(0);
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('8 processes (sync and ask) right after edits all succeed, and the index equals a fresh sync', async () => {
    for (let round = 0; round < 4; round++) {
      // Odd rounds start without an index: every process then also creates and migrates it at once.
      if (round % 2 === 1) {
        for (const suffix of ['', '-wal', '-shm']) {
          rmSync(join(dir, `.datachat/knowledge.db${suffix}`), { force: true });
        }
      }
      // Edits that each process sees as "the index is stale": every one of them tries to sync.
      const file = join(dir, 'datapoints/sample/business/customers_count.yaml');
      const description = `description: Count of customers rows (edit ${round}).`;
      const edited = readFileSync(file, 'utf8').replace(/^description: .*$/m, description);
      writeFileSync(file, edited);
      const revenue = join(dir, 'datapoints/sample/business/orders_total_amount_sum.yaml');
      writeFileSync(revenue, readFileSync(revenue, 'utf8').replace(/^synonyms:$/m, `synonyms:\n  - takings ${round}`));
      const runs = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          runAsync(i % 2 === 0 ? ['sync', '--dir', dir] : ['ask', 'how many customers', '--dir', dir, '--format=json']),
        ),
      );
      for (const run of runs) expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
      for (const run of runs) expect(run.stderr).not.toMatch(/locked|SQLITE_BUSY/i);
    }

    const fresh = join(root, 'fresh');
    cpSync(dir, fresh, { recursive: true });
    rmSync(join(fresh, '.datachat/knowledge.db'), { force: true });
    rmSync(join(fresh, '.datachat/knowledge.db-wal'), { force: true });
    rmSync(join(fresh, '.datachat/knowledge.db-shm'), { force: true });
    const sync = runCli(['sync', '--dir', fresh]);
    expect(sync.code, sync.stderr).toBe(0);
    const concurrent = indexContent(join(dir, '.datachat/knowledge.db'));
    expect(concurrent).toContain('edit 3');
    expect(concurrent).toEqual(indexContent(join(fresh, '.datachat/knowledge.db')));
  }, 180_000);
});
