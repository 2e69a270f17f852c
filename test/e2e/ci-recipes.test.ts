import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN, runCli } from '../support/run-cli.js';

const CI = fileURLToPath(new URL('../../templates/ci/', import.meta.url));
const SCRIPT = join(CI, 'datachat-ci.sh');

/** Runs the generic CI script with `sh`, as a CI job would, against the built CLI. */
function ci(mode: string[], cwd: string, env: Record<string, string> = {}): { code: number; output: string } {
  const result = spawnSync('sh', [SCRIPT, ...mode], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NO_COLOR: '1',
      DATACHAT_SECRET_KEY: 'test-key',
      DATACHAT_BIN: `${process.execPath} ${BIN}`,
      ...env,
    },
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { code: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

describe('templates/ci', () => {
  let root: string;
  let template: string;
  const copy = (name: string): string => {
    const project = join(root, name);
    cpSync(template, project, { recursive: true });
    return project;
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'datachat-ci-'));
    template = join(root, 'template');
    expect(runCli(['init', '--sample', '--yes', '--dir', template]).code).toBe(0);
    expect(runCli(['generate', '--offline', '--auto-approve', '--dir', template]).code).toBe(0);
  }, 180_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('check mode passes on the unchanged sample and passes exit 1 through when a column was renamed', () => {
    const project = copy('check');
    const ok = ci(['check'], project);
    expect(ok.code, ok.output).toBe(0);
    expect(ok.output).toContain('datachat-ci: running: ');
    expect(ok.output).toContain('check --strict --dir .');
    expect(ok.output).toContain('datachat-ci: check passed');

    const db = new Database(join(project, '.datachat', 'sample.db'));
    db.exec('ALTER TABLE orders RENAME COLUMN channel TO sales_channel');
    db.close();
    const failed = ci(['check'], project);
    expect(failed.code).toBe(1);
    expect(failed.output).toMatch(
      /datapoints\/sample\/schema\/orders\.yaml:\d+: error: column orders\.channel no longer exists/,
    );
    expect(failed.output).toContain("datachat-ci: 'datachat check' failed with exit status 1");

    // DATACHAT_DIR instead of the working folder.
    const elsewhere = ci(['check'], root, { DATACHAT_DIR: project, DATACHAT_CHECK_ARGS: '--no-live' });
    expect(elsewhere.code, elsewhere.output).toBe(0);
  });

  it('regenerate mode: nothing changes on an unchanged database; after a rename it rewrites and lists the DataPoints, which then pass', () => {
    const project = copy('regenerate');
    const same = ci(['regenerate'], project, { DATACHAT_GENERATE_ARGS: '--offline' });
    expect(same.code, same.output).toBe(0);
    expect(same.output).toContain('generate --yes --auto-approve --offline --dir .');
    expect(same.output).toContain('datachat-ci: no DataPoint changed');

    const db = new Database(join(project, '.datachat', 'sample.db'));
    db.exec('ALTER TABLE orders RENAME COLUMN channel TO sales_channel');
    db.close();
    const changed = ci(['regenerate'], project, {
      DATACHAT_GENERATE_ARGS: '--offline',
      DATACHAT_CONNECTIONS: 'sample',
    });
    expect(changed.code, changed.output).toBe(0);
    expect(changed.output).toContain('datachat-ci: DataPoints changed');
    expect(changed.output).toContain('  datapoints/sample/schema/orders.yaml');
    expect(changed.output).toContain('  datapoints/sample/business/revenue.yaml');
    expect(readFileSync(join(project, 'datapoints', 'sample', 'business', 'revenue.yaml'), 'utf8')).toContain(
      'orders.sales_channel',
    );
    expect(ci(['check'], project).code).toBe(0);
  });

  it('passes usage and configuration errors through, and rejects unknown modes with 64', () => {
    const empty = join(root, 'empty');
    const notProject = ci(['check'], root, { DATACHAT_DIR: empty });
    expect(notProject.code).toBe(3);
    expect(ci(['deploy'], root).code).toBe(64);
    expect(ci([], root).output).toContain('usage: ');
  });

  it('the GitHub workflow checks pull requests strictly and regenerates on a schedule with standard actions only', () => {
    const text = readFileSync(join(CI, 'github-actions.yml'), 'utf8');
    const workflow = parse(text) as {
      on: Record<string, unknown>;
      jobs: Record<string, { if: string; steps: { uses?: string; run?: string }[] }>;
    };
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['pull_request', 'schedule']));
    const runs = (job: string) => workflow.jobs[job]!.steps.map((s) => s.run ?? '').join('\n');
    expect(workflow.jobs.check!.if).toContain('pull_request');
    expect(runs('check')).toContain('npx datachat check --strict');
    expect(workflow.jobs.regenerate!.if).toContain('schedule');
    expect(runs('regenerate')).toContain('npx datachat generate --yes --auto-approve');
    expect(runs('regenerate')).toContain('gh pr create');
    const uses = Object.values(workflow.jobs).flatMap((j) =>
      j.steps.map((s) => s.uses).filter((u): u is string => Boolean(u)),
    );
    for (const action of uses) expect(action).toMatch(/^actions\/(checkout|setup-node)@v\d+$/);
  });
});
