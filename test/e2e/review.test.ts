import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, json, runCli } from '../support/run-cli.js';

interface Item {
  key: string;
  type: string;
  replaces_approved: boolean;
  confidence: number | null;
  generated_by: string | null;
  diff: string;
}
interface Result {
  approved: { key: string; file: string; replaced: boolean }[];
  rejected: { key: string; file: string }[];
  sync: { total: number };
  pending: number;
}

const business = (id: string, expression: string): string =>
  `type: Business\nid: ${id}\nname: ${id}\nconnection: sample\nstatus: pending\ndescription: generated metric\nexpression: ${expression}\ntable: orders\naggregation: CUSTOM\nsource: auto_generated\nconfidence: 0.7\ngenerated_by: heuristic\n`;

/** `datachat review` end to end: pending files seeded into a sample project, reviewed through the built binary. */
describe('datachat review', () => {
  let root: string;
  let template: string;

  const pendingFile = (project: string, ...parts: string[]) =>
    join(project, '.datachat', 'pending', 'sample', ...parts);
  const approvedFile = (project: string, ...parts: string[]) => join(project, 'datapoints', 'sample', ...parts);

  /** A fresh copy of the initialized project with three pending DataPoints: two new metrics and a changed `orders`. */
  const seeded = (name: string): string => {
    const project = join(root, name);
    cpSync(template, project, { recursive: true });
    const write = (file: string, text: string) => {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    };
    write(pendingFile(project, 'business', 'revenue.yaml'), business('revenue', 'SUM(orders.total)'));
    write(pendingFile(project, 'business', 'aov.yaml'), business('aov', 'AVG(orders.total)'));
    const orders = readFileSync(approvedFile(project, 'schema', 'orders.yaml'), 'utf8');
    write(
      pendingFile(project, 'schema', 'orders.yaml'),
      orders.replace(/^kind: table$/m, 'kind: table\nstatus: pending\npurpose: One row per order placed'),
    );
    return project;
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'datachat-review-e2e-'));
    template = join(root, 'template');
    const init = runCli(['init', '--sample', '--yes', '--no-profile', '--no-generate', '--dir', template]);
    expect(init.code, init.stderr).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('review --json lists pending DataPoints with provenance and diffs; without a TTY it prints a table', () => {
    const project = seeded('list');
    const items = json<Item[]>(runCli(['review', '--dir', project, '--json']));
    expect(items.map((i) => i.key)).toEqual(['sample/aov', 'sample/revenue', 'sample/orders']);
    expect(items[1]).toMatchObject({
      type: 'Business',
      replaces_approved: false,
      confidence: 0.7,
      generated_by: 'heuristic',
    });
    expect(items[2]!.replaces_approved).toBe(true);
    expect(items[2]!.diff).toContain('+purpose: One row per order placed');
    const table = runCli(['review', '--dir', project]);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toBe('id\ttype\tname\tconfidence\tgenerated_by\tchange');
    expect(table.stdout).toContain('sample/orders\tSchema');
    expect(table.stderr).toContain('3 pending');
    expect(json<Item[]>(runCli(['review', '--dir', template, '--json']))).toEqual([]);
    expect(runCli(['review', '--dir', template]).stdout).toContain('No DataPoints are pending review.');
  });

  it('--approve moves one DataPoint into datapoints/ and indexes it; --reject deletes one; nothing else changes', () => {
    const project = seeded('actions');
    const ordersBefore = readFileSync(approvedFile(project, 'schema', 'orders.yaml'), 'utf8');
    const approved = runCli(['review', '--approve', 'revenue', '--dir', project, '--json']);
    expect(approved.code, approved.stderr).toBe(0);
    expect(json<Result>(approved)).toMatchObject({
      approved: [{ key: 'sample/revenue', file: 'datapoints/sample/business/revenue.yaml', replaced: false }],
      rejected: [],
      pending: 2,
    });
    const text = readFileSync(approvedFile(project, 'business', 'revenue.yaml'), 'utf8');
    expect(text).not.toContain('status:');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../datapoint.schema.json');
    expect(existsSync(pendingFile(project, 'business', 'revenue.yaml'))).toBe(false);
    expect(existsSync(pendingFile(project, 'business', 'aov.yaml'))).toBe(true);
    expect(readFileSync(approvedFile(project, 'schema', 'orders.yaml'), 'utf8')).toBe(ordersBefore);
    expect(json(runCli(['datapoints', 'show', 'revenue', '--dir', project, '--json']))).toMatchObject({
      id: 'revenue',
      expression: 'SUM(orders.total)',
    });

    const rejected = runCli(['review', '--reject', 'sample/aov', '--dir', project]);
    expect(rejected.code, rejected.stderr).toBe(0);
    expect(rejected.stderr).toContain('Rejected sample/aov');
    expect(rejected.stdout).toMatch(/Knowledge index synced: .* 1 DataPoint still pending\./);
    expect(existsSync(pendingFile(project, 'business', 'aov.yaml'))).toBe(false);
    expect(existsSync(approvedFile(project, 'business', 'aov.yaml'))).toBe(false);
    expect(json<Item[]>(runCli(['review', '--dir', project, '--json'])).map((i) => i.key)).toEqual(['sample/orders']);
  });

  it('unknown or conflicting ids exit 2 and change nothing', () => {
    const project = seeded('errors');
    const unknown = runCli(['review', '--approve', 'revenue', 'nope', '--dir', project, '--json']);
    expect(unknown.code).toBe(2);
    expect(json(unknown)).toMatchObject({ error: 'not_found' });
    expect(existsSync(pendingFile(project, 'business', 'revenue.yaml'))).toBe(true);
    const both = runCli(['review', '--approve', 'aov', '--reject', 'sample/aov', '--dir', project]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('Cannot both approve and reject sample/aov');
    expect(json<Item[]>(runCli(['review', '--dir', project, '--json']))).toHaveLength(3);
  });

  it('--approve-all approves everything (replacing the approved orders) with --reject applied first', () => {
    const project = seeded('all');
    const result = runCli(['review', '--reject', 'aov', '--approve-all', '--dir', project, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const body = json<Result>(result);
    expect(body.rejected.map((r) => r.key)).toEqual(['sample/aov']);
    expect(body.approved).toEqual([
      { key: 'sample/revenue', file: 'datapoints/sample/business/revenue.yaml', replaced: false },
      { key: 'sample/orders', file: 'datapoints/sample/schema/orders.yaml', replaced: true },
    ]);
    expect(body.pending).toBe(0);
    expect(readFileSync(approvedFile(project, 'schema', 'orders.yaml'), 'utf8')).toContain(
      'purpose: One row per order placed',
    );
    expect(
      json<{ purpose: string }>(runCli(['datapoints', 'show', 'orders', '--dir', project, '--json'])).purpose,
    ).toBe('One row per order placed');
    expect(readdirSync(join(project, '.datachat', 'pending'))).toEqual([]);
    const again = runCli(['review', '--approve-all', '--dir', project]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing was pending review.');
  });

  it('--help shows the options and examples', () => {
    const help = runCli(['review', '--help']);
    expect(help.code).toBe(0);
    for (const text of ['--approve <ids...>', '--reject <ids...>', '--approve-all', 'Examples:'])
      expect(help.stdout).toContain(text);
  });

  // The interactive flow through a real pseudo-terminal (util-linux `script`): edit, approve, reject, quit.
  it.skipIf(!existsSync('/usr/bin/script') || process.platform !== 'linux')(
    'steps through pending DataPoints on a terminal',
    async () => {
      const project = seeded('tty');
      const editor = join(root, 'editor.sh');
      writeFileSync(editor, `#!/bin/sh\nsed -i 's/AVG(orders.total)/AVG(orders.net_total)/' "$1"\n`);
      const child = spawn(
        'script',
        ['-q', '-e', '-c', `'${process.execPath}' '${BIN}' review --dir '${project}'`, '/dev/null'],
        {
          env: {
            PATH: process.env.PATH ?? '',
            HOME: process.env.HOME ?? '/tmp',
            SHELL: '/bin/sh',
            TERM: 'xterm-256color',
            NO_COLOR: '1',
            DATACHAT_SECRET_KEY: 'test-key',
            EDITOR: `sh ${editor}`,
          },
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      );
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      let mark = 0;
      /** Waits until `pattern` and then the select prompt's key help appear after the last mark. */
      const waitForPrompt = async (pattern: RegExp): Promise<void> => {
        const deadline = Date.now() + 20_000;
        for (;;) {
          const rest = out.slice(mark);
          const hit = pattern.exec(rest);
          const help = hit ? rest.indexOf('navigate', hit.index) : -1;
          if (hit && help >= 0) {
            mark += help + 'navigate'.length;
            return;
          }
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output:\n${out}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      const DOWN = '\x1b[B';
      try {
        await waitForPrompt(/\[1\/3\] sample\/aov/);
        child.stdin.write(`${DOWN}\r`); // Edit
        await waitForPrompt(/Updated the pending sample\/aov/);
        expect(out.slice(mark - 2000)).toContain('AVG(orders.net_total)');
        child.stdin.write('\r'); // Approve
        await waitForPrompt(/\[2\/3\] sample\/revenue/);
        child.stdin.write(`${DOWN}${DOWN}\r`); // Reject
        await waitForPrompt(/\[3\/3\] sample\/orders[\s\S]*\+purpose: One row per order placed/);
        child.stdin.write(`${DOWN.repeat(5)}\r`); // Quit
        expect(await exited).toBe(0);
      } finally {
        child.kill();
      }
      expect(out).toContain('Approved 1, rejected 1, skipped 0, 1 left pending (quit).');
      expect(out).toMatch(/Knowledge index synced/);
      expect(readFileSync(approvedFile(project, 'business', 'aov.yaml'), 'utf8')).toContain(
        'expression: AVG(orders.net_total)',
      );
      expect(existsSync(pendingFile(project, 'business', 'revenue.yaml'))).toBe(false);
      expect(existsSync(approvedFile(project, 'business', 'revenue.yaml'))).toBe(false);
      expect(existsSync(pendingFile(project, 'schema', 'orders.yaml'))).toBe(true);
      expect(json(runCli(['datapoints', 'show', 'aov', '--dir', project, '--json']))).toMatchObject({
        expression: 'AVG(orders.net_total)',
      });
    },
    60_000,
  );
});
