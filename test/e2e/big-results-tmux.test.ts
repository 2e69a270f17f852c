import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDir } from '../support/remove-temp-dir.js';
import { runCli } from '../support/run-cli.js';
import { TmuxSession, tmuxSkipReason } from '../support/tmux.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const skip = tmuxSkipReason();
if (skip) console.warn(`[big-results-tmux] skipped: ${skip}`);

/** Big and wide results on a real 100×30 terminal: the pager, compact tables, expanded rows, progress. */
describe.skipIf(Boolean(skip))('big and wide results in a terminal (tmux)', () => {
  const root = mkdtempSync(join(tmpdir(), 'datachat-big-'));
  const project = join(root, 'p');
  let tmux: TmuxSession;
  const cli = (args: string) => `node bin/datachat.js ${args} --dir ${project}`;

  beforeAll(() => {
    expect(
      runCli(['init', '--sample', '--yes', '--no-profile', '--no-generate', '--dir', project], { env: { HOME: root } })
        .code,
    ).toBe(0);
    tmux = TmuxSession.start({
      cwd: REPO,
      width: 100,
      height: 30,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: root,
        TERM: 'xterm-256color',
        LANG: 'C.UTF-8',
        NO_COLOR: '1',
        DATACHAT_SECRET_KEY: 'test-key',
      },
    });
  }, 120_000);
  afterAll(async () => {
    tmux?.kill();
    await removeTempDir(root);
  }, 30_000);

  it('pages a result longer than the screen with less, compact (no line between rows); q returns to the shell', async () => {
    await tmux.run(cli('query "SELECT id, status FROM orders ORDER BY id LIMIT 200"'));
    // less -SRFX shows the first screen and waits: its ':' prompt on the last line, row 200 not yet shown.
    const screen = await tmux.waitFor(/^:\s*$/m, { visibleOnly: true, timeoutMs: 30_000 });
    expect(screen).toMatch(/│ +id │ status +│/);
    expect(screen).toMatch(/│ +1 │ \w+ +│\n│ +2 │/);
    expect(screen).not.toMatch(/├.*\n.*\n├/);
    expect(screen).not.toMatch(/│ +200 │/);
    tmux.keys('G');
    await tmux.waitFor(/│ +200 │/, { visibleOnly: true });
    tmux.keys('q');
    expect(await tmux.finished()).toBe(0);
    expect(tmux.history()).toMatch(/200 rows · \d+ ms · sample/);
  }, 60_000);

  it('writes everything with --no-pager, and never pages into a pipe', async () => {
    await tmux.run(cli('query "SELECT id FROM orders ORDER BY id LIMIT 200" --no-pager'));
    expect(await tmux.finished()).toBe(0);
    expect(tmux.history()).toMatch(/│ +200 │/);
    await tmux.run(`${cli('query "SELECT id FROM orders ORDER BY id LIMIT 200"')} | tail -n 2`);
    expect(await tmux.finished()).toBe(0);
    expect(tmux.history()).toMatch(/^199\n200$/m);
  }, 60_000);

  it('shows a table wider than the terminal as expanded records, and -x asks for them', async () => {
    await tmux.run(
      cli(
        'query "SELECT o.*, \'a fairly long note that makes the row wider than the terminal\' AS note FROM orders o ORDER BY id LIMIT 2"',
      ),
    );
    expect(await tmux.finished()).toBe(0);
    const wide = tmux.history();
    expect(wide).toMatch(/^-\[ RECORD 1 \]-+$/m);
    expect(wide).toMatch(/^id +│ 1$/m);
    expect(wide).toMatch(/^-\[ RECORD 2 \]-+$/m);
    expect(wide).toMatch(/2 rows · /);
    await tmux.run(cli('query "SELECT id, status FROM orders ORDER BY id LIMIT 1" -x'));
    expect(await tmux.finished()).toBe(0);
    expect(tmux.history()).toMatch(/^status │ \w+$/m);
  }, 60_000);

  it('says when a result was capped, with the cap', async () => {
    appendFileSync(join(project, '.datachat.yml'), '\ndefaults:\n  max_rows: 5\n');
    await tmux.run(cli('query "SELECT id FROM orders" --no-pager'));
    expect(await tmux.finished()).toBe(0);
    expect(tmux.history()).toMatch(/^5 rows \(capped at 5: row cap, defaults\.max_rows\)/m);
  }, 60_000);

  it('shows a spinner with the elapsed time while a query runs over a second, and clears it', async () => {
    const slow =
      'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000000) SELECT count(*) AS c FROM n';
    await tmux.run(cli(`query "${slow}"`));
    await tmux.waitFor(/Running on sample… \d+\.\d s/, { visibleOnly: true, timeoutMs: 30_000 });
    expect(await tmux.finished()).toBe(0);
    expect(tmux.screen()).not.toMatch(/Running on sample/);
    expect(tmux.history()).toMatch(/20,000,000/);
  }, 60_000);
});
