import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, json, runCli } from '../support/run-cli.js';

const ENV = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '/tmp',
  NO_COLOR: '1',
  DATACHAT_SECRET_KEY: 'test-key',
};

/** Runs a shell pipeline; `$DATACHAT` is the built CLI. pipefail: the status is datachat's. */
function pipeline(script: string, cwd: string): { code: number; stdout: string; stderr: string } {
  const env = { ...ENV, DATACHAT: `${process.execPath} ${BIN}` };
  const options = { cwd, env, encoding: 'utf8' as const, timeout: 60_000 };
  const result = spawnSync('bash', ['-c', `set -o pipefail; ${script}`], options);
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const BOMB_LINES = [
  'bomb_a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'bomb_b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'bomb_c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'bomb_d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'bomb_e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
];

/** Exits that scripts rely on: pipes closed early, and config/DataPoint files that cannot be read. */
describe('clean exits', () => {
  let root: string;
  let sample: string;
  let config: string;
  const fresh = (name: string): string => {
    const dir = join(root, name);
    cpSync(sample, dir, { recursive: true });
    return dir;
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'datachat-exits-'));
    sample = join(root, 'sample');
    const init = runCli(['init', '--sample', '--yes', '--auto-approve', '--dir', sample]);
    expect(init.code, init.stderr).toBe(0);
    config = readFileSync(join(sample, '.datachat.yml'), 'utf8');
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each([
    ['query, table output', '$DATACHAT query "SELECT * FROM orders" | head -1'],
    ['query, --json', '$DATACHAT query "SELECT * FROM orders" --json | head -c 100'],
    ['query, csv into a reader that stops at once', '$DATACHAT query "SELECT * FROM order_items" --format csv | true'],
    ['datapoints list', '$DATACHAT datapoints list | head -1'],
  ])('%s | head: exit 0, no stack trace', (_label, script) => {
    const result = pipeline(script, sample);
    expect(result.stderr).not.toMatch(/EPIPE|node:events|Unhandled|at .*\.js:\d+/);
    expect(result.code, result.stderr).toBe(0);
  });

  it('a YAML bomb in .datachat.yml is a config error (exit 2) naming file and line', () => {
    const dir = fresh('bomb-config');
    writeFileSync(join(dir, '.datachat.yml'), `${config.trimEnd()}\n${BOMB_LINES.join('\n')}\n`);
    const result = runCli(['status', '--dir', dir]);
    expect(result.code, result.stderr).toBe(2);
    const line = config.trimEnd().split('\n').length + 2;
    expect(result.stderr).toContain(`.datachat.yml:${line}`);
    expect(result.stderr).toMatch(/YAML bomb/);
  });

  it('a YAML bomb in a DataPoint file is an invalid DataPoint (exit 2) naming file and line', () => {
    const dir = fresh('bomb-datapoint');
    const file = join(dir, 'datapoints/sample/business/customers_count.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8').trimEnd()}\n${BOMB_LINES.join('\n')}\n`);
    const result = runCli(['sync', '--dir', dir]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/customers_count\.yaml:\d+/);
    expect(result.stderr).toMatch(/YAML bomb/);
  });

  it('an unterminated ${ in .datachat.yml is a config error (exit 2) naming file and line', () => {
    const dir = fresh('unterminated');
    const broken = `${config.trimEnd()}\nllm:\n  model: gpt-4o-mini\n  api_key: \${OPENAI_KEY\n`;
    writeFileSync(join(dir, '.datachat.yml'), broken);
    const result = runCli(['status', '--dir', dir]);
    expect(result.code, result.stderr).toBe(2);
    const line = config.trimEnd().split('\n').length + 3;
    expect(result.stderr).toContain(`.datachat.yml:${line}`);
    expect(result.stderr).toMatch(/unterminated/);
  });

  it('nested defaults ${A:-${B}} are expanded; an unset innermost variable is an error (exit 2)', () => {
    const dir = fresh('nested');
    const nested = (_m: string, indent: string): string => `${indent}description: \${DESC_A:-\${DESC_B}}`;
    const described = config.replace(/^(\s*)description: .*$/m, nested);
    expect(described).not.toBe(config);
    writeFileSync(join(dir, '.datachat.yml'), described);
    const set = runCli(['db', 'list', '--json', '--dir', dir], { env: { DESC_B: 'from b' } });
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.stringify(json(set))).toContain('from b');
    const unset = runCli(['db', 'list', '--dir', dir]);
    expect(unset.code).toBe(2);
    const where = /\.datachat\.yml:\d+: connections\[0\]\.description: /;
    expect(unset.stderr).toMatch(where);
    expect(unset.stderr).toContain('environment variable DESC_B is not set');
  });
});
