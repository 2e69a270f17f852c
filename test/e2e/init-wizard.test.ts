import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../support/run-cli.js';
import { TmuxSession, tmuxSkipReason } from '../support/tmux.js';
import { removeTempDir } from '../support/remove-temp-dir.js';

interface InitState {
  completed: string[];
  tested: string[];
  finished: boolean;
}

const skipTmux = tmuxSkipReason();
if (skipTmux) console.warn(`[init-wizard] skipped: ${skipTmux}`);

const readState = (project: string): InitState =>
  JSON.parse(readFileSync(join(project, '.datachat', 'init-state.json'), 'utf8')) as InitState;

/**
 * `datachat init` with no flags on a real terminal (tmux): the wizard through every step, on the
 * generated sample database and on PostgreSQL, with Ctrl-C in the middle and a resumed run.
 */
describe.skipIf(Boolean(skipTmux))('datachat init wizard in a terminal', () => {
  let root: string;
  let tmux: TmuxSession;
  const init = (project: string) => `'${process.execPath}' '${BIN}' init --dir '${project}'`;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'datachat-wizard-e2e-'));
    tmux = TmuxSession.start({
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: root,
        TERM: 'xterm-256color',
        LANG: 'C.UTF-8',
        NO_COLOR: '1',
        DATACHAT_SECRET_KEY: 'test-key',
      },
    });
  });
  afterAll(async () => {
    tmux?.kill();
    // Processes of the killed session may still be writing for a moment.
    await removeTempDir(root);
  }, 30_000);

  it('sample database: Ctrl-C while profiling and at the review prompt, then resumes through review, sync and a first answer', async () => {
    const project = join(root, 'sample');
    await tmux.run(init(project));
    await tmux.answer(/What kind of database\?/, ['Enter']); // the first choice: the sample database
    await tmux.answer(/Add another database\?/, ['Enter']); // no, continue
    // Ctrl-C while a step runs (profiling under a spinner): the process dies of SIGINT, saying how to resume.
    await tmux.waitFor(/Step 3\/7: profile the tables/);
    tmux.keys('C-c');
    expect(await tmux.finished()).toBe(130);
    expect(tmux.history()).toMatch(
      /Interrupted\. What is done is saved; run `datachat init --dir .*` to resume\.|Setup interrupted\./,
    );
    expect(readState(project).completed).toEqual(expect.arrayContaining(['databases', 'introspect']));

    // Resume; Ctrl-C again at the review question (a prompt: exit 130 through the error path).
    await tmux.run(init(project));
    await tmux.answer(/An earlier setup stopped before ".*"\. Resume it\?/, ['Enter']);
    await tmux.waitFor(/^\? Review the \d+ generated DataPoints/m, { timeoutMs: 120_000 });
    const resumed = tmux.history();
    expect(resumed).not.toMatch(/What kind of database/);
    expect(resumed).toMatch(/Step 1\/7: add databases — done earlier/);
    tmux.keys('C-c');
    expect(await tmux.finished()).toBe(130);
    expect(tmux.history()).toMatch(
      /Error: Setup interrupted\.\nHint: What is done is saved; run `datachat init --dir .*` to resume\./,
    );
    expect(readState(project)).toMatchObject({
      completed: ['databases', 'introspect', 'profile', 'generate'],
      finished: false,
    });
    expect(readdirSync(join(project, '.datachat', 'pending', 'sample'))).toContain('business');

    // Resume again: step through the review (approve one, then all the rest), sync, the suggested question.
    await tmux.run(init(project));
    await tmux.answer(/An earlier setup stopped before "review DataPoints"\. Resume it\?/, ['Enter']);
    await tmux.answer(/Review the \d+ generated DataPoints/, ['Down', 'Enter']); // Step through them
    await tmux.answer(/sample\/average_order_value:/, ['Enter']); // Approve (the first pending id in order)
    await tmux.answer(/sample\/\w+:/, ['Down', 'Down', 'Down', 'Down', 'Enter']); // Approve all remaining
    await tmux.answer(/Ask a first question/, ['Enter'], 120_000); // the suggestion
    expect(await tmux.finished()).toBe(0);
    const done = tmux.history();
    expect(done).toMatch(/✔ Ask a first question \(Enter to use the suggestion\): Revenue by month/);
    expect(done).toMatch(/│ month +│ +revenue │/);
    expect(done).toMatch(/^revenue [▁▂▃▄▅▆▇█]+ +\d{4}-\d{2} → \d{4}-\d{2} /m);
    expect(done).toMatch(/^\d{4}-\d{2} │█+/m);
    expect(done).toMatch(/Revenue by month: \d+ rows\./);
    expect(done).toMatch(/Setup complete: 1 database, \d+ DataPoints in the knowledge index\./);
    expect(readState(project)).toMatchObject({ finished: true });
    expect(existsSync(join(project, 'datapoints', 'sample', 'business', 'revenue.yaml'))).toBe(true);
  }, 300_000);

  describe('PostgreSQL', () => {
    const database = `dc_wizard_${randomBytes(4).toString('hex')}`;
    let admin: string | undefined;
    let skipReason: string | undefined;

    beforeAll(async () => {
      // The suites' trust-auth candidates: `postgres` on Debian, `root` on some CI images.
      for (const url of [
        'postgresql://postgres@127.0.0.1:5432/test',
        'postgresql://root@127.0.0.1:5432/test',
        'postgresql://postgres@127.0.0.1:5432/postgres',
      ]) {
        const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
        client.on('error', () => undefined);
        try {
          await client.connect();
          await client.query(`CREATE DATABASE ${database}`);
          admin = url;
          break;
        } catch (error) {
          if (
            /ECONNREFUSED|timeout/i.test(String((error as Error).message) + String((error as { code?: string }).code))
          )
            break;
        } finally {
          await client.end().catch(() => undefined);
        }
      }
      if (!admin) {
        skipReason =
          'PostgreSQL not reachable at 127.0.0.1:5432; start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` or set CI=true';
        if (process.env.CI) throw new Error(skipReason);
        console.warn(`[init-wizard] PostgreSQL skipped: ${skipReason}`);
        return;
      }
      const client = new pg.Client({ connectionString: admin.replace(/\/[^/]+$/, `/${database}`) });
      await client.connect();
      await client.query(`
        CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, country char(2) NOT NULL);
        CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers(id), amount numeric(10,2) NOT NULL,
          status text NOT NULL, ordered_at date NOT NULL);
        INSERT INTO customers SELECT g, 'customer ' || g, (ARRAY['US','DE','FR'])[1 + g % 3] FROM generate_series(1, 40) g;
        INSERT INTO orders SELECT g, 1 + g % 40, (g % 97) + 0.5, (ARRAY['paid','shipped','cancelled'])[1 + g % 3], date '2024-01-01' + (g % 150)
          FROM generate_series(1, 400) g;
        ANALYZE;`);
      await client.end();
    }, 60_000);

    afterAll(async () => {
      if (!admin) return;
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
      await client.end();
    });

    it('asks the connector schema fields, recovers from a failed test by editing, survives Ctrl-C and resumes to an answer', async (ctx) => {
      if (skipReason) ctx.skip();
      const user = new URL(admin!).username;
      const project = join(root, 'pg');
      await tmux.run(init(project));
      await tmux.answer(/What kind of database\?/, ['Down', 'Enter']); // PostgreSQL
      await tmux.answer(/Host \(/, [{ text: '127.0.0.1' }, 'Enter']);
      await tmux.answer(/Port \(/, [{ text: '1' }, 'Enter']); // nothing listens there: the test fails
      await tmux.answer(/Database \(/, [{ text: database }, 'Enter']);
      await tmux.answer(/User \(/, [{ text: user }, 'Enter']);
      await tmux.answer(/Password \(.*leave empty for none/, ['Enter']);
      await tmux.answer(/SSL mode \(/, ['Enter']);
      await tmux.answer(/Schemas \(/, ['Enter']);
      await tmux.answer(/Connect timeout \(/, ['Enter']);
      await tmux.answer(/Name for this connection/, ['Enter']);
      await tmux.waitFor(/Error: Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/.*connection refused\.\nHint: /);
      await tmux.answer(/What now with dc_wizard_\w+\?/, ['Down', 'Enter']); // Edit
      await tmux.answer(/Host \(/, ['Enter']); // keeps 127.0.0.1
      await tmux.answer(/Port \(/, [{ text: '5432' }, 'Enter']);
      for (const field of [
        /Database \(/,
        /User \(/,
        /Password \(.*keep|Password \(.*none/,
        /SSL mode \(/,
        /Schemas \(/,
        /Connect timeout \(/,
      ])
        await tmux.answer(field, ['Enter']);
      await tmux.waitFor(/connected in \d+ ms — PostgreSQL \d+/);
      await tmux.answer(/Add another database\?/, ['C-c']);
      expect(await tmux.finished()).toBe(130);
      const config = readFileSync(join(project, '.datachat.yml'), 'utf8');
      expect(config).toContain(`id: ${database}`);
      expect(config).toMatch(/type: postgresql\n\s+fields:\n\s+host: 127\.0\.0\.1\n\s+port: 5432\n/);
      expect(readState(project)).toMatchObject({ completed: [], tested: [database] });

      await tmux.run(init(project));
      await tmux.answer(/Resume it\?/, ['Enter']);
      await tmux.answer(/Add another database\?/, ['Enter']); // continue (already tested: not tested again)
      await tmux.answer(/Review the \d+ generated DataPoints/, ['Enter'], 120_000); // Approve all
      await tmux.answer(/Ask a first question/, ['Enter'], 60_000);
      expect(await tmux.finished()).toBe(0);
      const done = tmux.history();
      expect(done).not.toMatch(/connected in/);
      expect(done).toMatch(/2 tables profiled/);
      expect(done).toMatch(/Revenue by month: \d+ rows\./);
      expect(done).toMatch(/^revenue [▁▂▃▄▅▆▇█]+ /m);
      expect(done).toMatch(/Setup complete: 1 database/);
      expect(existsSync(join(project, 'datapoints', database, 'business', 'revenue.yaml'))).toBe(true);
    }, 300_000);
  });
});
