import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, json, runCli } from '../support/run-cli.js';
import { snapshot } from '../support/snapshot.js';

interface Finding {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  file: string;
  line?: number;
  suggestion: string;
}
interface Report {
  ok: boolean;
  passed: boolean;
  errors: number;
  warnings: number;
  datapoints: number;
  connections: { id: string; reachable: boolean }[];
  findings: Finding[];
}
interface Diff {
  up_to_date: boolean;
  added: unknown[];
  removed: unknown[];
  changed: { file: string; fields: { path: string; before?: unknown; after?: unknown }[] }[];
  unchanged: number;
}

/** 1-based line of the first line of `file` equal to `text`. */
function lineOf(file: string, text: string): number {
  const index = readFileSync(file, 'utf8').split('\n').indexOf(text);
  expect(index, `${text} in ${file}`).toBeGreaterThanOrEqual(0);
  return index + 1;
}

describe('DataPoints in git and CI: check, generate --diff, Process DataPoints, sync --watch', () => {
  let root: string;
  let template: string;
  const copy = (name: string): string => {
    const project = join(root, name);
    cpSync(template, project, { recursive: true });
    return project;
  };
  const dp = (project: string, ...parts: string[]) => join(project, 'datapoints', 'sample', ...parts);
  const renameChannel = (project: string) => {
    const db = new Database(join(project, '.datachat', 'sample.db'));
    db.exec('ALTER TABLE orders RENAME COLUMN channel TO sales_channel');
    db.close();
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'datachat-check-'));
    template = join(root, 'template');
    const init = runCli(['init', '--sample', '--yes', '--dir', template]);
    expect(init.code, init.stderr).toBe(0);
    const generate = runCli(['generate', '--offline', '--auto-approve', '--dir', template]);
    expect(generate.code, generate.stderr).toBe(0);
  }, 180_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('an unchanged sample passes check --strict, and generate --diff has nothing to change (writing nothing)', () => {
    const project = copy('clean');
    const before = snapshot(join(project, 'datapoints'));
    const strict = runCli(['check', '--strict', '--dir', project]);
    expect(strict.code, strict.stdout + strict.stderr).toBe(0);
    expect(strict.stderr).toContain('All good');
    const report = json<Report>(runCli(['check', '--dir', project, '--json']));
    expect(report).toMatchObject({
      ok: true,
      passed: true,
      errors: 0,
      warnings: 0,
      findings: [],
      connections: [{ id: 'sample', reachable: true }],
    });
    expect(report.datapoints).toBeGreaterThan(40);

    const diff = runCli(['generate', '--offline', '--diff', '--dir', project]);
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toMatch(/^Nothing to change: \d+ DataPoints of sample are up to date\.$/m);
    expect(json<Diff>(runCli(['generate', '--offline', '--diff', '--dir', project, '--json']))).toMatchObject({
      up_to_date: true,
      added: [],
      changed: [],
      removed: [],
    });
    expect(snapshot(join(project, 'datapoints'))).toEqual(before);

    // Without a stored profile (a fresh CI checkout) the dry run profiles in memory and still writes nothing.
    rmSync(join(project, '.datachat', 'profiles'), { recursive: true, force: true });
    const state = snapshot(project);
    expect(runCli(['generate', '--offline', '--diff', '--dir', project]).stdout).toContain('Nothing to change');
    expect(snapshot(project)).toEqual(state);

    // An approved auto-generated DataPoint that generation no longer produces is listed as removed.
    const legacy = readFileSync(dp(project, 'business', 'orders_count.yaml'), 'utf8').replace(
      'id: orders_count',
      'id: orders_legacy',
    );
    writeFileSync(dp(project, 'business', 'orders_legacy.yaml'), legacy);
    const removed = json<Diff>(runCli(['generate', '--offline', '--diff', '--dir', project, '--json']));
    expect(removed).toMatchObject({
      up_to_date: false,
      added: [],
      changed: [],
      removed: [
        { key: 'sample/orders_legacy', type: 'Business', file: 'datapoints/sample/business/orders_legacy.yaml' },
      ],
    });
    expect(runCli(['generate', '--offline', '--diff', '--dir', project]).stdout).toContain(
      '- datapoints/sample/business/orders_legacy.yaml (Business DataPoint sample/orders_legacy is no longer generated)',
    );
  });

  it('a renamed column fails check with the Schema DataPoint line and every metric using it as a dimension', () => {
    const project = copy('renamed');
    renameChannel(project);
    const result = runCli(['check', '--dir', project]);
    expect(result.code).toBe(1);
    const schemaLine = lineOf(dp(project, 'schema', 'orders.yaml'), '  - name: channel');
    expect(result.stdout).toContain(
      `datapoints/sample/schema/orders.yaml:${schemaLine}: error: column orders.channel no longer exists (fix: datachat profile sample && datachat generate sample)`,
    );
    for (const metric of ['revenue', 'orders_count', 'orders_total_amount_sum']) {
      const line = lineOf(dp(project, 'business', `${metric}.yaml`), '  - orders.channel');
      expect(result.stdout).toContain(
        `datapoints/sample/business/${metric}.yaml:${line}: error: metric ${metric} uses orders.channel, which no longer exists`,
      );
    }
    const report = json<Report>(runCli(['check', '--dir', project, '--json']));
    expect(report.ok).toBe(false);
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        code: 'column_added',
        file: 'datapoints/sample/schema/orders.yaml',
      }),
    );
    expect(report.findings.filter((f) => f.code === 'metric_column_missing').length).toBeGreaterThanOrEqual(3);

    // The suggested fix works; generate --diff shows the field-level change before it is applied.
    expect(runCli(['profile', '--dir', project]).code).toBe(0);
    const before = snapshot(join(project, 'datapoints'));
    const diff = json<Diff>(runCli(['generate', '--offline', '--diff', '--dir', project, '--json']));
    expect(diff.up_to_date).toBe(false);
    const revenue = diff.changed.find((c) => c.file === 'datapoints/sample/business/revenue.yaml');
    expect(revenue?.fields).toEqual([
      {
        path: 'dimensions',
        before: ['orders.status', 'orders.shipping_country', 'orders.channel'],
        after: ['orders.status', 'orders.shipping_country', 'orders.sales_channel'],
      },
    ]);
    const human = runCli(['generate', '--offline', '--diff', '--dir', project]);
    expect(human.stdout).toContain(
      '~ datapoints/sample/business/revenue.yaml\n    dimensions: ["orders.status","orders.shipping_country","orders.channel"] → ["orders.status","orders.shipping_country","orders.sales_channel"]',
    );
    expect(snapshot(join(project, 'datapoints'))).toEqual(before);
    expect(runCli(['generate', '--offline', '--auto-approve', '--dir', project]).code).toBe(0);
    const fixed = runCli(['check', '--dir', project]);
    expect(fixed.code, fixed.stdout).toBe(0);
  });

  it('validates the files offline: unknown fields, duplicate ids and dangling references, each with file:line', () => {
    const project = copy('invalid');
    const revenue = dp(project, 'business', 'revenue.yaml');
    writeFileSync(
      revenue,
      readFileSync(revenue, 'utf8').replace('aggregation: SUM\n', 'aggregation: SUM\ncolour: red\n'),
    );
    const load = dp(project, 'process', 'orders_load.yaml');
    writeFileSync(load, readFileSync(load, 'utf8').replace('  - customers\n', '  - customer_master\n'));
    const count = dp(project, 'business', 'orders_count.yaml');
    writeFileSync(dp(project, 'business', 'orders_count_copy.yaml'), readFileSync(count, 'utf8'));
    const result = runCli(['check', '--no-live', '--dir', project]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `datapoints/sample/business/revenue.yaml:${lineOf(revenue, 'colour: red')}: error: colour: unknown field "colour"`,
    );
    expect(result.stdout).toContain(
      `datapoints/sample/process/orders_load.yaml:${lineOf(load, '  - customer_master')}: error: dependency "customer_master" has no Schema DataPoint in sample`,
    );
    expect(result.stdout).toMatch(
      /datapoints\/sample\/business\/orders_count_copy\.yaml:\d+: error: duplicate DataPoint id "orders_count"/,
    );
    const report = json<Report>(runCli(['check', '--no-live', '--dir', project, '--json']));
    expect(report.connections).toEqual([]);
    expect(report.findings.map((f) => f.code).sort()).toEqual([
      'duplicate_id',
      'misplaced_file',
      'unknown_field',
      'unknown_table',
    ]);
  });

  it('warnings pass unless --strict; thresholds are flags; bad flags are usage errors', () => {
    const project = copy('drift');
    const orders = dp(project, 'schema', 'orders.yaml');
    writeFileSync(
      orders,
      readFileSync(orders, 'utf8')
        .replace(/^row_count: \d+$/m, 'row_count: 5000')
        .replace('  - name: status\n    type: TEXT', '  - name: status\n    type: VARCHAR(20)')
        .replace('      null_fraction: 0\n', '      null_fraction: 0.5\n'),
    );
    const loose = runCli(['check', '--dir', project]);
    expect(loose.code, loose.stdout).toBe(0);
    expect(loose.stdout).toContain(
      `datapoints/sample/schema/orders.yaml:${lineOf(orders, 'row_count: 5000')}: warning: orders has about 20,000 rows, the DataPoint says 5,000`,
    );
    expect(loose.stdout).toContain(
      `datapoints/sample/schema/orders.yaml:${lineOf(orders, '    type: VARCHAR(20)')}: warning: column orders.status is TEXT in the database, VARCHAR(20) in the DataPoint`,
    );
    // Null fractions are compared with the last stored profile (.datachat/profiles), which says 0%.
    expect(loose.stdout).toContain(
      `datapoints/sample/schema/orders.yaml:${lineOf(orders, '      null_fraction: 0.5')}: warning: orders.id is empty for 0% of rows in the last profile, 50% in the DataPoint`,
    );
    expect(runCli(['check', '--strict', '--dir', project]).code).toBe(1);
    // A null fraction seen in a sample is never compared: two samples differ by chance, not drift.
    const sessions = dp(project, 'schema', 'web_sessions.yaml');
    const sampled = /( {2}- name: customer_id\n(?:(?! {2}- name:).*\n)*? {6}null_fraction: )[\d.]+/;
    expect(readFileSync(sessions, 'utf8')).toMatch(
      / {2}- name: customer_id\n(?:(?! {2}- name:).*\n)*? {8}nulls: sample\n/,
    );
    writeFileSync(sessions, readFileSync(sessions, 'utf8').replace(sampled, '$10.95'));
    expect(readFileSync(sessions, 'utf8')).toContain('      null_fraction: 0.95\n');
    expect(runCli(['check', '--dir', project]).stdout).not.toContain('web_sessions.customer_id is empty');
    const tolerant = json<Report>(
      runCli(['check', '--row-drift', '5', '--null-drift', '0.6', '--dir', project, '--json']),
    );
    expect(tolerant.findings.map((f) => f.code)).toEqual(['type_changed']);
    expect(runCli(['check', '--row-drift', '0.5', '--dir', project]).code).toBe(2);
    expect(runCli(['check', '--null-drift', 'x', '--dir', project]).code).toBe(2);
  });

  it('a database that cannot be reached is an error finding, not a crash', () => {
    const project = copy('unreachable');
    const config = join(project, '.datachat.yml');
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace('sqlite:.datachat/sample.db', 'sqlite:.datachat/gone.db'),
    );
    const result = runCli(['check', '--dir', project, '--json']);
    expect(result.code).toBe(1);
    const report = json<Report>(result);
    expect(report.connections).toEqual([{ id: 'sample', reachable: false }]);
    expect(report.findings).toEqual([
      expect.objectContaining({
        code: 'connection_failed',
        file: '.datachat.yml',
        line: lineOf(config, '  - id: sample'),
        suggestion: 'datachat db test sample',
      }),
    ]);
  });

  it('generate writes deterministic Process DataPoints: cadence, freshness as the latest row, dependencies', () => {
    const file = dp(template, 'process', 'orders_load.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('type: Process');
    expect(text).toMatch(/^schedule: daily \(rows on \d+% of days\)$/m);
    expect(text).toMatch(/^data_freshness: latest row at 2025-06-30 \d\d:\d\d:\d\d \(orders\.order_date\)$/m);
    expect(text).toContain('target_tables:\n  - orders\ndependencies:\n  - customers\n');
    expect(text).toContain('source: auto_generated');
    expect(text).not.toMatch(/days? (ago|before)/);
    const project = copy('process-again');
    const before = snapshot(join(project, 'datapoints'));
    expect(runCli(['generate', '--offline', '--auto-approve', '--dir', project]).code).toBe(0);
    expect(snapshot(join(project, 'datapoints'))).toEqual(before);
    const list = json<{ id: string }[]>(
      runCli(['datapoints', 'list', '--type', 'Process', '--dir', project, '--json']),
    );
    expect(list.map((d) => d.id)).toContain('orders_load');
  });

  it('sync --watch re-syncs on change, reports an invalid file with file:line and keeps watching, exits 0 on SIGINT', async () => {
    const project = copy('watch');
    const revenue = dp(project, 'business', 'revenue.yaml');
    const original = readFileSync(revenue, 'utf8');
    const child = spawn(process.execPath, [BIN, 'sync', '--watch', '--dir', project], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        NO_COLOR: '1',
        DATACHAT_SECRET_KEY: 'test-key',
      },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const waitFor = async (pattern: RegExp, from: number): Promise<void> => {
      const deadline = Date.now() + 20_000;
      while (!pattern.test(out.slice(from))) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await waitFor(/Watching /, 0);
      let mark = out.length;
      writeFileSync(revenue, original.replace(/^description: .*$/m, 'description: Money we keep.'));
      await waitFor(/Synced \d+ DataPoints: 0 added, 1 updated/, mark);
      mark = out.length;
      writeFileSync(revenue, original.replace('aggregation: SUM\n', 'aggregation: SUM\ncolour: red\n'));
      await waitFor(
        new RegExp(
          `datapoints/sample/business/revenue\\.yaml:${lineOf(revenue, 'colour: red')}: colour: unknown field "colour"`,
        ),
        mark,
      );
      mark = out.length;
      writeFileSync(revenue, original);
      await waitFor(/Synced \d+ DataPoints: 0 added, 1 updated/, mark);
      const show = json<{ description: string }>(runCli(['datapoints', 'show', 'revenue', '--dir', project, '--json']));
      expect(show.description).not.toBe('Money we keep.');
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  }, 60_000);
});
