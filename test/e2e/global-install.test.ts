import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
};
const root = mkdtempSync(join(tmpdir(), 'datachat-global-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    timeout: 180_000,
    env: { PATH: process.env.PATH ?? '', HOME: root, NO_COLOR: '1', DATACHAT_SECRET_KEY: 'test-key', ...env },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * `npm install -g datachat-<v>.tgz` as a user would get it, without a network: the tarball comes from
 * `npm pack` (so `files` decides what ships), and it is laid out the way npm lays out a global install
 * (`<prefix>/lib/node_modules/datachat`, `<prefix>/bin/datachat` linking to the package's bin, made
 * executable). `npm install -g --offline` itself cannot run here: npm's cache holds the tarballs but not
 * every registry document it asks for first (ENOTCACHED). So the dependencies come from this checkout,
 * and only the declared `dependencies` are visible to the package: a module the bundle needs but
 * package.json does not declare fails here as it would for a user.
 */
function installGlobally(prefix: string): string {
  const packed = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', root], ROOT);
  expect(packed.code, packed.stderr).toBe(0);
  const [{ filename }] = JSON.parse(packed.stdout) as { filename: string }[];
  const modules = join(prefix, 'lib', 'node_modules');
  mkdirSync(modules, { recursive: true });
  const untar = run('tar', ['xzf', join(root, filename), '-C', modules], root);
  expect(untar.code, untar.stderr).toBe(0);
  const installed = join(modules, 'datachat');
  renameSync(join(modules, 'package'), installed);
  for (const name of Object.keys(pkg.dependencies)) {
    const link = join(installed, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', name), link, 'dir');
  }
  mkdirSync(join(prefix, 'bin'), { recursive: true });
  const target = join(installed, pkg.bin.datachat!);
  chmodSync(target, 0o755);
  const bin = join(prefix, 'bin', 'datachat');
  symlinkSync(target, bin);
  return bin;
}

describe('a global install from the packed tarball', () => {
  it('answers from another folder: --version, --help, init --sample, ask', () => {
    // The tarball ships the build: `npm test` builds first (npm pack's prepare would too).
    expect(existsSync(join(ROOT, 'dist', 'bundle', 'main.js')), 'run `npm run build` first').toBe(true);
    const prefix = join(root, 'prefix');
    const bin = installGlobally(prefix);
    const installed = join(prefix, 'lib', 'node_modules', 'datachat');
    expect(existsSync(join(installed, 'LICENSE'))).toBe(true);
    expect(existsSync(join(installed, 'src'))).toBe(false);
    expect(existsSync(join(installed, 'dist', 'cli', 'main.js'))).toBe(false);

    const elsewhere = join(root, 'work');
    mkdirSync(elsewhere);
    const env = { PATH: `${join(prefix, 'bin')}:${process.env.PATH ?? ''}` };
    const version = run('datachat', ['--version'], elsewhere, env);
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);

    const help = run(bin, ['--help'], elsewhere, env);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain('Usage: datachat');
    expect(help.stdout).toContain('ask');

    const init = run('datachat', ['init', '--sample', '--yes', '--auto-approve', '--dir', 'shop'], elsewhere, env);
    expect(init.code, init.stderr).toBe(0);
    expect(existsSync(join(elsewhere, 'shop', '.datachat.yml'))).toBe(true);
    // The generated config points at the example the package ships.
    expect(existsSync(join(installed, '.datachat.example.yml'))).toBe(true);

    // Twice: the second start reads the cached config (.datachat/config-cache.json) and must answer the same.
    const answers = [1, 2].map(() => {
      const ask = run('datachat', ['ask', 'revenue by month in 2024', '--json'], join(elsewhere, 'shop'), env);
      expect(ask.code, ask.stderr).toBe(0);
      return JSON.parse(ask.stdout) as { method: string; data: Record<string, unknown>[]; sql: string };
    });
    expect(answers[0]!.method).toBe('metric');
    expect(answers[0]!.data).toHaveLength(12);
    expect(existsSync(join(elsewhere, 'shop', '.datachat', 'config-cache.json'))).toBe(true);
    expect(answers[1]!.data).toEqual(answers[0]!.data);
    expect(answers[1]!.sql).toBe(answers[0]!.sql);

    // snowflake-sdk is an optional peer dependency, not installed with datachat: adding a Snowflake
    // connection says exactly what to install, and saves nothing.
    expect(existsSync(join(installed, 'node_modules', 'snowflake-sdk'))).toBe(false);
    const url = 'snowflake://me:secret@myorg-account/analytics/public?warehouse=wh';
    const add = run('datachat', ['db', 'add', 'wh', url, '--json'], join(elsewhere, 'shop'), env);
    expect(add.code).toBe(1);
    expect(JSON.parse(add.stdout)).toMatchObject({
      message: expect.stringContaining('snowflake-sdk package, which is not installed'),
      hint: expect.stringContaining('`npm install -g snowflake-sdk@^'),
    });
    expect(readFileSync(join(elsewhere, 'shop', '.datachat.yml'), 'utf8')).not.toContain('snowflake');
  }, 300_000);
});
