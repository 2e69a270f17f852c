import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bashCompletion, completionTree } from '../../src/commands/completion.js';
import { BIN, json, runCli } from '../support/run-cli.js';

const has = (shell: string): boolean => spawnSync(shell, ['-c', 'true']).status === 0;

/** Completions bash offers for a command line (the last word is the one being completed). */
function complete(script: string, words: string[], options: { cwd?: string; path?: string } = {}): string[] {
  const env = { ...process.env, PATH: options.path ? `${options.path}:${process.env.PATH ?? ''}` : process.env.PATH };
  const result = spawnSync(
    'bash',
    [
      '-c',
      'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _datachat; printf "%s\\n" "${COMPREPLY[@]}"',
      '_',
      script,
      ...words,
    ],
    { encoding: 'utf8', cwd: options.cwd, env },
  );
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.split('\n').filter(Boolean);
}

/** `datachat completion bash|zsh|fish`: scripts generated from the commander tree. */
describe('datachat completion', () => {
  let dir: string;
  const scripts: Record<string, string> = {};

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'datachat-completion-'));
    for (const shell of ['bash', 'zsh', 'fish']) {
      const result = runCli(['completion', shell]);
      expect(result.code, result.stderr).toBe(0);
      scripts[shell] = join(dir, `datachat.${shell}`);
      writeFileSync(scripts[shell]!, result.stdout);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('bash accepts the script (bash -n) and completes commands, subcommands, options and choices', () => {
    expect(spawnSync('bash', ['-n', scripts.bash!], { encoding: 'utf8' }).status).toBe(0);
    expect(complete(scripts.bash!, ['datachat', 'as'])).toEqual(['ask']);
    expect(complete(scripts.bash!, ['datachat', 'db', ''])).toEqual([
      'add',
      'edit',
      'list',
      'show',
      'test',
      'default',
      'remove',
    ]);
    expect(complete(scripts.bash!, ['datachat', 'ask', '--fo'])).toEqual(['--format']);
    expect(complete(scripts.bash!, ['datachat', 'ask', 'q', '--format', ''])).toEqual([
      'table',
      'json',
      'csv',
      'markdown',
    ]);
    expect(complete(scripts.bash!, ['datachat', 'ask', '--no-c'])).toEqual(['--no-chart', '--no-color']);
    expect(complete(scripts.bash!, ['datachat', '--dir', '/tmp', 'ini'])).toEqual(['init']);
    expect(complete(scripts.bash!, ['datachat', 'completion', ''])).toEqual(['bash', 'zsh', 'fish']);
    expect(complete(scripts.bash!, ['datachat', 'datapoints', 'list', '--type', 'B'])).toEqual(['Business']);
    expect(complete(scripts.bash!, ['datachat', 'init', '--db', 'x=sqlite:a.db', '--sa'])).toEqual(['--sample']);
  });

  it('bash offers connection ids, DataPoint ids and pending ids of the project under the cursor', () => {
    const project = join(dir, 'project');
    const write = (file: string, text: string) => {
      mkdirSync(join(project, file, '..'), { recursive: true });
      writeFileSync(join(project, file), text);
    };
    write(
      '.datachat.yml',
      'version: 1\nconnections:\n  - id: shop\n    type: sqlite\n    url: sqlite:shop.db\n  - id: warehouse\n    type: sqlite\n    url: ${UNSET_URL}\n',
    );
    write('datapoints/shop/business/revenue.yaml', 'id: revenue\n');
    write('datapoints/shop/schema/orders.yaml', 'id: orders\n');
    write('.datachat/pending/warehouse/business/aov.yaml', 'id: aov\n');
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'datachat'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(join(bin, 'datachat'), 0o755);
    const at = { cwd: project, path: bin };
    expect(complete(scripts.bash!, ['datachat', 'db', 'show', ''], at)).toEqual(['shop', 'warehouse']);
    expect(complete(scripts.bash!, ['datachat', 'ask', 'q', '--db', 'w'], at)).toEqual(['warehouse']);
    expect(complete(scripts.bash!, ['datachat', 'datapoints', 'show', 're'], at)).toEqual(['revenue']);
    expect(complete(scripts.bash!, ['datachat', 'datapoints', 'edit', 'shop/'], at)).toEqual([
      'shop/orders',
      'shop/revenue',
    ]);
    expect(complete(scripts.bash!, ['datachat', 'review', '--approve', ''], at)).toEqual(['warehouse/aov']);
    // Outside a project: nothing to offer, and no error text on the terminal.
    expect(complete(scripts.bash!, ['datachat', 'db', 'show', ''], { cwd: dir, path: bin })).toEqual([]);
  });

  it.skipIf(!has('zsh'))('zsh accepts the script (zsh -n)', () => {
    const result = spawnSync('zsh', ['-n', scripts.zsh!], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
  });

  it.skipIf(!has('fish'))('fish accepts the script (fish -n)', () => {
    const result = spawnSync('fish', ['-n', scripts.fish!], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
  });

  it('zsh and fish scripts cover every command and option', () => {
    const zsh = runCli(['completion', 'zsh']).stdout;
    const fish = runCli(['completion', 'fish']).stdout;
    expect(zsh.split('\n')[0]).toBe('#compdef datachat');
    expect(zsh).toContain("'ask:answer a question in plain language");
    expect(zsh).toContain("'--no-chart:do not draw a chart");
    expect(fish).toContain("complete -c datachat -n '__datachat_at \\'\\'' -a 'ask'");
    expect(fish).toContain("complete -c datachat -n '__datachat_at \\'db\\'' -a 'add'");
    expect(fish).toContain("-l format -x -a 'table json csv markdown'");
    expect(fish).toContain('complete -c datachat -l dir -r -F');
  });

  it('follows the command tree it is given (walks program.commands recursively)', () => {
    const program = new Command('datachat').option('--dir <path>', 'project');
    const tools = program.command('tools').description('tools');
    tools
      .command('lint')
      .description('lint')
      .addOption(new Option('--level <n>', 'level').choices(['low', 'high']));
    const script = join(dir, 'custom.bash');
    writeFileSync(script, bashCompletion(completionTree(program)));
    expect(complete(script, ['datachat', 'to'])).toEqual(['tools']);
    expect(complete(script, ['datachat', 'tools', ''])).toEqual(['lint']);
    expect(complete(script, ['datachat', 'tools', 'lint', '--level', ''])).toEqual(['low', 'high']);
  });

  it('rejects an unknown shell with exit 2; --json wraps the script', () => {
    const bad = runCli(['completion', 'tcsh']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Allowed choices are bash, zsh, fish/);
    expect(json<{ shell: string; script: string }>(runCli(['completion', 'bash', '--json']))).toMatchObject({
      shell: 'bash',
      script: expect.stringContaining('complete -o default -F _datachat datachat'),
    });
  });
});
