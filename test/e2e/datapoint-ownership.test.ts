import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listYamlFiles } from '../../src/datapoints/datapoint-files.js';
import { removeTempDir } from '../support/remove-temp-dir.js';
import { json, runCli, type CliResult } from '../support/run-cli.js';

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8' });
const ok = (result: CliResult): CliResult => {
  expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
  return result;
};
/** Replaces one line (a regex on the file) and checks the edit happened. */
const edit = (file: string, from: RegExp, to: string): void => {
  const text = readFileSync(file, 'utf8');
  expect(text).toMatch(from);
  writeFileSync(file, text.replace(from, to));
};

describe('people own what they edit: regeneration never overwrites it (spawned CLI)', () => {
  let root: string;
  let project: string;
  const dp = (...parts: string[]) => join(project, 'datapoints', 'sample', ...parts);
  const pendingFiles = () => listYamlFiles(join(project, '.datachat', 'pending'));

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'datachat-ownership-'));
    project = join(root, 'p');
    ok(runCli(['init', '--sample', '--yes', '--auto-approve', '--dir', project]));
    git(project, 'init', '-q');
    git(project, 'add', '-A');
    git(project, 'commit', '-qm', 'generated');
  }, 240_000);
  afterAll(() => removeTempDir(root));

  it('init --auto-approve after an init that left DataPoints for review removes the pending copies it approved', () => {
    const other = join(root, 'q');
    ok(runCli(['init', '--sample', '--yes', '--dir', other]));
    expect(listYamlFiles(join(other, '.datachat', 'pending')).length).toBeGreaterThan(0);
    ok(runCli(['init', '--sample', '--yes', '--auto-approve', '--dir', other]));
    expect(listYamlFiles(join(other, '.datachat', 'pending'))).toEqual([]);
  }, 240_000);

  it('a second init --auto-approve changes nothing and leaves no pending copies', () => {
    ok(runCli(['init', '--sample', '--yes', '--auto-approve', '--dir', project]));
    expect(git(project, 'status', '--porcelain')).toBe('');
    expect(pendingFiles()).toEqual([]);
  }, 120_000);

  it('hand edits (Business synonym, Schema meaning, Process schedule, source: manual) survive init and generate byte for byte', () => {
    edit(dp('business', 'revenue.yaml'), /^ {2}- sales\n/m, '  - sales\n  - gross merchandise value\n');
    edit(
      dp('schema', 'orders.yaml'),
      /meaning: Unique identifier of the order\./,
      'meaning: The order number printed on invoices.',
    );
    edit(dp('process', 'orders_load.yaml'), /^schedule: .*$/m, 'schedule: nightly at 02:00 UTC by the shop ETL');
    edit(dp('business', 'orders_count.yaml'), /^source: auto_generated$/m, 'source: manual');
    edit(
      dp('business', 'orders_count.yaml'),
      /^description: .*$/m,
      'description: Orders placed, as finance counts them.',
    );
    git(project, 'commit', '-qam', 'people edit');
    ok(runCli(['init', '--sample', '--yes', '--auto-approve', '--dir', project]));
    expect(git(project, 'status', '--porcelain')).toBe('');
    ok(runCli(['generate', '--auto-approve', '--dir', project]));
    expect(git(project, 'status', '--porcelain')).toBe('');
    ok(runCli(['generate', '--dir', project]));
    expect(pendingFiles()).toEqual([]);
  }, 240_000);

  it('generate --diff shows what people own and keeps it out of the changes', () => {
    const diff = json<{
      up_to_date: boolean;
      kept: { file: string; fields: { path: string }[] }[];
      manual: { file: string }[];
    }>(ok(runCli(['generate', '--diff', '--json', '--dir', project])));
    expect(diff.up_to_date).toBe(true);
    expect(diff.kept).toEqual(
      expect.arrayContaining([
        {
          key: 'sample/revenue',
          type: 'Business',
          file: 'datapoints/sample/business/revenue.yaml',
          fields: [expect.objectContaining({ path: 'synonyms' })],
        },
        {
          key: 'sample/orders_load',
          type: 'Process',
          file: 'datapoints/sample/process/orders_load.yaml',
          fields: [expect.objectContaining({ path: 'schedule' })],
        },
        {
          key: 'sample/orders',
          type: 'Schema',
          file: 'datapoints/sample/schema/orders.yaml',
          fields: [expect.objectContaining({ path: 'columns.id.meaning' })],
        },
      ]),
    );
    expect(diff.manual.map((m) => m.file)).toContain('datapoints/sample/business/orders_count.yaml');
    const text = ok(runCli(['generate', '--diff', '--dir', project])).stdout;
    expect(text).toContain('= datapoints/sample/business/revenue.yaml (kept: a person owns this field)');
    expect(text).toContain('(kept: source: manual, never regenerated)');
  }, 120_000);

  it('when the database changes, unedited generated fields refresh and the edits stay', () => {
    const db = new Database(join(project, '.datachat', 'sample.db'));
    db.exec(
      "ALTER TABLE orders ADD COLUMN coupon_code TEXT; UPDATE orders SET coupon_code = CASE id % 3 WHEN 0 THEN 'SUMMER' WHEN 1 THEN 'WINTER' ELSE 'NONE' END;",
    );
    db.close();
    ok(runCli(['profile', '--dir', project]));
    ok(runCli(['generate', '--auto-approve', '--dir', project]));
    const revenue = readFileSync(dp('business', 'revenue.yaml'), 'utf8');
    expect(revenue).toContain('  - orders.coupon_code\n'); // a generated list refreshed
    expect(revenue).toContain('  - gross merchandise value\n'); // the person's synonym stayed
    const orders = readFileSync(dp('schema', 'orders.yaml'), 'utf8');
    expect(orders).toContain('- name: coupon_code');
    expect(orders).toContain('meaning: The order number printed on invoices.');
    expect(readFileSync(dp('process', 'orders_load.yaml'), 'utf8')).toContain(
      'schedule: nightly at 02:00 UTC by the shop ETL',
    );
    expect(git(project, 'diff', '--', 'datapoints/sample/business/orders_count.yaml')).toBe('');
    git(project, 'add', '-A');
    git(project, 'commit', '-qm', 'coupon codes');
  }, 240_000);

  it('a rejected DataPoint is not proposed again until its table changes, and review --json says why', () => {
    git(project, 'rm', '-q', 'datapoints/sample/business/customers_count.yaml');
    git(project, 'commit', '-qm', 'drop customers_count');
    ok(runCli(['generate', '--dir', project]));
    const first = json<{ key: string; reason: { kind: string } }[]>(ok(runCli(['review', '--json', '--dir', project])));
    expect(first.find((i) => i.key === 'sample/customers_count')?.reason.kind).toBe('new');
    ok(
      runCli([
        'review',
        '--reject',
        'sample/customers_count',
        '--reason',
        'we count active customers only',
        '--dir',
        project,
      ]),
    );
    const rejected = readFileSync(join(project, 'datapoints', 'sample', '.rejected.yaml'), 'utf8');
    expect(rejected).toMatch(
      /- id: customers_count\n\s+type: Business\n\s+content: [0-9a-f]{8}\n\s+tables:\n\s+customers: [0-9a-f]{8}/,
    );
    expect(rejected).toContain('reason: we count active customers only');
    ok(runCli(['generate', '--dir', project]));
    ok(runCli(['generate', '--auto-approve', '--dir', project]));
    expect(existsSync(dp('business', 'customers_count.yaml'))).toBe(false);
    expect(json<{ key: string }[]>(ok(runCli(['review', '--json', '--dir', project]))).map((i) => i.key)).not.toContain(
      'sample/customers_count',
    );

    const db = new Database(join(project, '.datachat', 'sample.db'));
    db.exec("ALTER TABLE customers ADD COLUMN loyalty_tier TEXT DEFAULT 'basic'");
    db.close();
    ok(runCli(['profile', '--dir', project]));
    ok(runCli(['generate', '--dir', project]));
    const again = json<{ key: string; reason: { kind: string; rejection?: { changed_tables: string[] } } }[]>(
      ok(runCli(['review', '--json', '--dir', project])),
    );
    expect(again.find((i) => i.key === 'sample/customers_count')?.reason).toMatchObject({
      kind: 'schema_changed_since_rejection',
      rejection: { changed_tables: ['customers'] },
    });
    ok(runCli(['review', '--approve', 'sample/customers_count', '--dir', project]));
    expect(existsSync(join(project, 'datapoints', 'sample', '.rejected.yaml'))).toBe(false);
  }, 300_000);

  it('a file from before fingerprints is not sent to review for bookkeeping alone; --auto-approve records them', () => {
    const file = dp('business', 'orders_discount_sum.yaml');
    const full = readFileSync(file, 'utf8');
    writeFileSync(file, full.slice(0, full.indexOf('generated:\n')));
    ok(runCli(['generate', '--dir', project]));
    expect(pendingFiles().filter((f) => f.endsWith('orders_discount_sum.yaml'))).toEqual([]);
    ok(runCli(['generate', '--auto-approve', '--dir', project]));
    expect(readFileSync(file, 'utf8')).toBe(full);
  }, 120_000);

  it('a generated DataPoint removed with `datapoints remove` stays removed on generate --auto-approve', () => {
    ok(runCli(['datapoints', 'remove', 'sample/orders_total_amount_avg', '--yes', '--dir', project]));
    expect(readFileSync(join(project, 'datapoints', 'sample', '.rejected.yaml'), 'utf8')).toContain(
      'id: orders_total_amount_avg',
    );
    ok(runCli(['generate', '--auto-approve', '--dir', project]));
    expect(existsSync(dp('business', 'orders_total_amount_avg.yaml'))).toBe(false);
  }, 120_000);
});
