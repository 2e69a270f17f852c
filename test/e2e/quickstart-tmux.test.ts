import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TmuxSession, tmuxSkipReason } from '../support/tmux.js';
import { removeTempDir } from '../support/remove-temp-dir.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const skip = tmuxSkipReason();
if (skip) console.warn(`[quickstart-tmux] skipped: ${skip}`);

/**
 * The README's quick start as a real terminal session: typed into bash inside tmux from the repository
 * root (so npx finds the local bin; `npm ci` is not re-run), then read back from the screen.
 */
describe.skipIf(Boolean(skip))('README quick start in a terminal (tmux)', () => {
  let root: string;
  let home: string;
  let tmux: TmuxSession;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'datachat-quickstart-'));
    // npm (behind npx) keeps writing its cache and logs under HOME after a command returns: give it a
    // folder of its own so cleaning up the project never races it.
    home = mkdtempSync(join(tmpdir(), 'datachat-quickstart-home-'));
    tmux = TmuxSession.start({
      cwd: REPO,
      width: 140,
      height: 60,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        TERM: 'xterm-256color',
        LANG: 'C.UTF-8',
        NO_COLOR: '1',
        DATACHAT_SECRET_KEY: 'test-key',
        npm_config_update_notifier: 'false',
        npm_config_fund: 'false',
      },
    });
  });
  afterAll(async () => {
    tmux?.kill();
    // Processes of the killed session may still be writing for a moment.
    await removeTempDir(root);
    await removeTempDir(home);
  }, 30_000);

  it('init --sample then ask "revenue by month in 2024": the answer table, its chart and the summary on screen', async () => {
    const project = join(root, 'sample-project');
    await tmux.run(
      `npx datachat init --sample --yes --auto-approve --dir ${project} && npx datachat ask "revenue by month in 2024" --dir ${project}`,
    );
    const status = await tmux.finished(180_000);
    const screen = tmux.history();
    expect(status, screen).toBe(0);
    expect(screen).toContain(`Project ready in ${project}`);
    // The boxed table (a terminal), one row per month of 2024.
    expect(screen).toMatch(/│ month +│ +revenue │/);
    // Months labelled by their grain; the table and the chart print the same grouped value.
    for (const month of ['2024-01', '2024-06', '2024-12'])
      expect(screen).toMatch(new RegExp(`│ ${month} +│ +[\\d,.]+ │`));
    const tableValue = /│ 2024-02 +│ +([\d,.]+) │/.exec(screen)![1]!;
    expect(screen).toMatch(new RegExp(`^2024-02 │[█▏▎▍▌▋▊▉]+ +${tableValue.replace(/\./g, '\\.')}$`, 'm'));
    // The chart under it: a sparkline over the twelve months, then one bar per month.
    expect(screen).toMatch(/^revenue [▁▂▃▄▅▆▇█]{12} +2024-01 → 2024-12 +min [\d,.]+ · max [\d,.]+$/m);
    expect(screen.match(/^2024-\d{2} │[█▏▎▍▌▋▊▉]+ +[\d,.]+$/gm)).toHaveLength(12);
    expect(screen).toContain('Revenue by month in 2024: 12 rows.');
  }, 240_000);

  it('on the same terminal: --no-chart and --format (exports) draw no chart; a category breakdown draws bars', async () => {
    const project = join(root, 'sample-project');
    const ask = (args: string) => `node bin/datachat.js ask ${args} --dir ${project}`;
    await tmux.run(ask('"revenue by month in 2024" --no-chart'));
    expect(await tmux.finished()).toBe(0);
    expect(tmux.history()).toMatch(/│ 2024-12 +│/);
    expect(tmux.history()).not.toMatch(/^revenue [▁▂▃▄▅▆▇█]/m);

    await tmux.run(ask('"revenue by month in 2024" --format markdown'));
    expect(await tmux.finished()).toBe(0);
    expect(tmux.history()).toMatch(/^\| month \| revenue \|\n\| --- \| ---: \|\n\| 2024-01 \| [\d.]+ \|$/m);
    expect(tmux.history()).not.toMatch(/[█▁]/);

    await tmux.run(ask('"number of orders by channel"'));
    expect(await tmux.finished()).toBe(0);
    expect(tmux.history().match(/^(web|mobile|store) +│█[█▏▎▍▌▋▊▉]* +[\d,]+$/gm)).toHaveLength(3);
  }, 120_000);
});
