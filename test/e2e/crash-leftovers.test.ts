import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDir } from '../support/remove-temp-dir.js';
import { runCli } from '../support/run-cli.js';

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8' });
const ATOMIC_WRITE = pathToFileURL(join(import.meta.dirname, '..', '..', 'dist', 'util', 'atomic-write.js')).href;

/** A pid that no process has any more (a child that already exited). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

describe('a writer killed mid-write leaves nothing git sees, and the next command cleans up', () => {
  let root: string;
  let project: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'datachat-crash-'));
    project = join(root, 'p');
    expect(runCli(['init', '--sample', '--yes', '--no-profile', '--no-generate', '--dir', project]).code).toBe(0);
    git(project, 'init', '-q');
    git(project, 'add', '-A');
    git(project, 'commit', '-qm', 'init');
  }, 120_000);
  afterAll(() => removeTempDir(root));

  it('SIGKILL during atomic writes of a DataPoint: git status stays clean, temp files are under .datachat/tmp', async () => {
    const target = join(project, 'datapoints', 'sample', 'schema', 'orders.yaml');
    // Rewrites the file with 8 MB (fsync each time) in a loop until killed, so the kill lands mid-write.
    const script = `import { writeFileAtomic } from ${JSON.stringify(ATOMIC_WRITE)};
      import { readFileSync } from 'node:fs';
      const text = readFileSync(${JSON.stringify(target)}, 'utf8') + '#'.repeat(8_000_000) + '\\n';
      process.stdout.write('ready\\n');
      for (;;) writeFileAtomic(${JSON.stringify(target)}, text);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 400));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    git(project, 'checkout', '--', 'datapoints');
    expect(git(project, 'status', '--porcelain', '--untracked-files=all')).toBe('');
    const leftovers = readdirSync(join(project, '.datachat', 'tmp'));
    expect(leftovers.every((n) => /^orders\.yaml\.tmp-\d+-\d+$/.test(n))).toBe(true);
  }, 60_000);

  it('the next command removes leftovers of dead writers, in .datachat/tmp and old ones beside DataPoints', () => {
    const pid = deadPid();
    const stale = join(project, '.datachat', 'tmp', `revenue.yaml.tmp-${pid}-0`);
    const legacy = join(project, 'datapoints', 'sample', 'schema', `orders.yaml.tmp-${pid}-3`);
    // Earlier versions wrote temp files beside the target: such a visible file is a leftover even if its pid lives.
    const reused = join(project, 'datapoints', 'sample', 'schema', `customers.yaml.tmp-${process.pid}-7`);
    const config = join(project, `.datachat.yml.tmp-${pid}-1`);
    const foreign = join(project, 'notes.txt.tmp-1-1');
    for (const f of [stale, legacy, reused, config, foreign]) writeFileSync(f, 'half');
    expect(git(project, 'status', '--porcelain', '--untracked-files=all')).toContain('orders.yaml.tmp-');
    const result = runCli(['status', '--dir', project]);
    expect(result.code, result.stderr).toBe(0);
    for (const f of [stale, legacy, reused, config]) expect(existsSync(f), f).toBe(false);
    expect(existsSync(foreign)).toBe(true); // not a file datachat writes
    rmSync(foreign);
    expect(readdirSync(join(project, '.datachat', 'tmp'))).toEqual([]);
    expect(git(project, 'status', '--porcelain', '--untracked-files=all')).toBe('');
  }, 60_000);

  it("a live writer's temp file is left alone", () => {
    const live = join(project, '.datachat', 'tmp', `x.yaml.tmp-${process.pid}-0`);
    writeFileSync(live, 'in progress');
    expect(runCli(['status', '--dir', project]).code).toBe(0);
    expect(existsSync(live)).toBe(true);
  }, 60_000);
});
