import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, runCli } from '../support/run-cli.js';

/** The foundation end to end, through the built binary: init, status, sync, datapoints, db, errors. */
describe('datachat CLI (foundation)', () => {
  let root: string;
  let project: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'datachat-e2e-'));
    project = join(root, 'p');
    const init = runCli(['init', '--sample', '--yes', '--dir', project]);
    expect(init.code, init.stderr).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('init --sample creates the project and status reports it initialized', () => {
    expect(existsSync(join(project, '.datachat.yml'))).toBe(true);
    expect(existsSync(join(project, '.datachat', 'sample.db'))).toBe(true);
    expect(readFileSync(join(project, '.gitignore'), 'utf8')).toContain('.datachat/');
    const status = json(runCli(['status', '--dir', project, '--json']));
    // Without --auto-approve the generated DataPoints wait in review: not ready until they are reviewed.
    expect(status).toMatchObject({
      is_initialized: false,
      has_databases: true,
      has_datapoints: true,
      setup_required: true,
      missing_steps: ['review_datapoints'],
      connections_not_ready: ['sample'],
    });
    expect(status.pending_review).toBeGreaterThan(0);
    expect(status.datapoint_count).toBeGreaterThanOrEqual(7);
  });

  it('finds the project from a subfolder without --dir', () => {
    const status = json(runCli(['status', '--json'], { cwd: join(project, 'datapoints') }));
    expect(status.project_dir).toBe(project);
  });

  it('writes a Schema DataPoint per table with keys and declared relationships', () => {
    const list = json<{ id: string; type: string }[]>(runCli(['datapoints', 'list', '--dir', project, '--json']));
    const ids = list
      .filter((d) => d.type === 'Schema')
      .map((d) => d.id)
      .sort();
    expect(ids).toEqual(
      expect.arrayContaining([
        'categories',
        'customers',
        'order_items',
        'orders',
        'payments',
        'products',
        'web_sessions',
      ]),
    );
    const orders = json<{
      primary_key: string[];
      relationships: { columns: string[]; target_table: string }[];
      row_count: number;
    }>(runCli(['datapoints', 'show', 'orders', '--dir', project, '--json']));
    expect(orders.primary_key).toEqual(['id']);
    expect(orders.relationships).toEqual([
      expect.objectContaining({ columns: ['customer_id'], target_table: 'customers' }),
    ]);
    expect(orders.row_count).toBeGreaterThan(1000);
    const yaml = readFileSync(join(project, 'datapoints', 'sample', 'schema', 'orders.yaml'), 'utf8');
    expect(yaml.split('\n')[0]).toBe('# yaml-language-server: $schema=../../datapoint.schema.json');
    expect(existsSync(join(project, 'datapoints', 'datapoint.schema.json'))).toBe(true);
  });

  it('a second sync does no work and says so; deleting knowledge.db and syncing restores the same index', () => {
    const again = runCli(['sync', '--dir', project]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Already up to date/);
    const before = json<unknown[]>(runCli(['datapoints', 'list', '--dir', project, '--json']));
    rmSync(join(project, '.datachat', 'knowledge.db'));
    rmSync(join(project, '.datachat', 'knowledge.db-wal'), { force: true });
    rmSync(join(project, '.datachat', 'knowledge.db-shm'), { force: true });
    const rebuilt = json(runCli(['sync', '--dir', project, '--json']));
    expect(rebuilt).toMatchObject({ added: before.length, removed: 0, total: before.length });
    expect(json<unknown[]>(runCli(['datapoints', 'list', '--dir', project, '--json']))).toEqual(before);
  });

  it('re-running init resumes without clobbering edited DataPoints', () => {
    const file = join(project, 'datapoints', 'sample', 'schema', 'customers.yaml');
    const edited = readFileSync(file, 'utf8').replace(
      'kind: table',
      'kind: table\npurpose: People who bought or signed up',
    );
    writeFileSync(file, edited);
    const again = json(runCli(['init', '--sample', '--yes', '--dir', project, '--json']));
    expect(again).toMatchObject({ databases_added: 0, datapoints_written: 0, next_step: 'review_datapoints' });
    expect(again.pending_review).toBeGreaterThan(0);
    expect(readFileSync(file, 'utf8')).toBe(edited);
  });

  it('a malformed DataPoint gives its file and line and exit code 2', () => {
    const bad = join(project, 'datapoints', 'sample', 'schema', 'zz_bad.yaml');
    writeFileSync(
      bad,
      'type: Schema\nid: zz_bad\nname: bad\nconnection: sample\ntable: bad\ncolumns:\n  - name: a\n    type: int\n    colour: red\n',
    );
    try {
      const result = runCli(['sync', '--dir', project]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        'datapoints/sample/schema/zz_bad.yaml:9: columns[0].colour: unknown field "colour"',
      );
      const asJson = runCli(['sync', '--dir', project, '--json']);
      expect(asJson.code).toBe(2);
      expect(json(asJson)).toMatchObject({
        error: 'datapoint_invalid',
        details: { issues: [expect.objectContaining({ line: 9 })] },
      });
    } finally {
      rmSync(bad);
    }
  });

  it('db add keeps the password out of .datachat.yml and every output', () => {
    // Its connection test fails (nothing listens on port 1): not saved, exit 1, the password in no output.
    const failed = runCli([
      'db',
      'add',
      'warehouse',
      'postgresql://user:s3cretpw@127.0.0.1:1/test',
      '--dir',
      project,
      '--json',
    ]);
    expect(failed.code).toBe(1);
    expect(failed.stdout + failed.stderr).not.toContain('s3cretpw');
    expect(readFileSync(join(project, '.datachat.yml'), 'utf8')).not.toContain('warehouse');
    const result = runCli([
      'db',
      'add',
      'warehouse',
      'postgresql://user:s3cretpw@127.0.0.1:1/test',
      '--no-test',
      '--dir',
      project,
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).not.toContain('s3cretpw');
    const view = json(result);
    expect(view).toMatchObject({
      connection_id: 'warehouse',
      database_type: 'postgresql',
      is_default: false,
      database_url: 'postgresql://user@127.0.0.1:1/test',
    });
    expect(view.test).toBeUndefined();
    const config = readFileSync(join(project, '.datachat.yml'), 'utf8');
    expect(config).not.toContain('s3cretpw');
    expect(config).toContain('password: secret:warehouse.password');
    expect(readFileSync(join(project, '.datachat', 'secrets.json'), 'utf8')).not.toContain('s3cretpw');
    for (const args of [
      ['db', 'list'],
      ['db', 'show', 'warehouse'],
      ['db', 'test', 'warehouse'],
      ['db', 'test', 'warehouse', '--verbose'],
    ]) {
      const out = runCli([...args, '--dir', project]);
      expect(out.stdout + out.stderr).not.toContain('s3cretpw');
    }
    expect(runCli(['db', 'test', 'warehouse', '--dir', project]).code).toBe(1);
    const removed = runCli(['db', 'remove', 'warehouse', '--dir', project]);
    expect(removed.code).toBe(0);
    expect(readFileSync(join(project, '.datachat.yml'), 'utf8')).not.toContain('warehouse');
  });

  it('db default, db test and db list work on the sample connection', () => {
    const test = json(runCli(['db', 'test', 'sample', '--dir', project, '--json']));
    expect(test).toMatchObject({ ok: true, connection_id: 'sample' });
    expect(String(test.server_version)).toMatch(/^SQLite \d/);
    const list = json<{ connection_id: string; is_default: boolean; datapoint_count: number }[]>(
      runCli(['db', 'list', '--dir', project, '--json']),
    );
    expect(list).toEqual([expect.objectContaining({ connection_id: 'sample', is_default: true })]);
    expect(list[0]!.datapoint_count).toBeGreaterThanOrEqual(7);
  });

  it('exit codes: usage errors 2, unknown connection 2, not initialized 3', () => {
    expect(runCli(['no-such-command']).code).toBe(2);
    expect(runCli(['init', '--dir', join(root, 'x')]).code).toBe(2);
    expect(runCli(['db', 'show', 'nope', '--dir', project]).code).toBe(2);
    const empty = mkdtempSync(join(root, 'empty-'));
    const status = json(runCli(['status', '--json', '--dir', empty]));
    expect(status).toMatchObject({
      is_initialized: false,
      missing_steps: ['add_database_connection', 'profile_schema', 'generate_datapoints'],
    });
    expect(runCli(['db', 'test', '--dir', empty]).code).toBe(3);
  });

  it('outside a project every command that needs setup says which step is missing and how (exit 3)', () => {
    const nowhere = mkdtempSync(join(root, 'nowhere-'));
    for (const args of [
      ['sync'],
      ['datapoints', 'list'],
      ['review'],
      ['profile'],
      ['generate'],
      ['ask', 'how many orders'],
      ['query', 'SELECT 1'],
      ['context', 'orders'],
      ['db', 'test'],
    ]) {
      const result = runCli([...args, '--dir', nowhere]);
      expect(result.code, args.join(' ')).toBe(3);
      expect(result.stderr, args.join(' ')).toMatch(/datachat (init|db add)/);
    }
    const asJson = json(runCli(['ask', 'how many orders', '--dir', nowhere, '--json']));
    expect(asJson).toMatchObject({
      error: 'system_not_initialized',
      details: { missing_steps: expect.arrayContaining(['add_database_connection']) },
    });
    expect(readdirSync(nowhere)).toEqual([]);
  });

  it('a broken .datachat.yml is reported with file and line, exit 2', () => {
    const broken = mkdtempSync(join(root, 'broken-'));
    writeFileSync(join(broken, '.datachat.yml'), 'version: 1\nconnections:\n  - id: a\n    type: oracle\n    url: x\n');
    const result = runCli(['status', '--dir', broken]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(broken, '.datachat.yml')}:4: connections[0].type:`);
  });

  it('--help lists the commands and is fast to start', () => {
    const help = runCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['init', 'status', 'sync', 'datapoints', 'db']) expect(help.stdout).toContain(command);
    expect(runCli(['db', 'add', '--help']).stdout).toContain('Examples:');
    // The fast path (text captured at build time) prints exactly what commander prints.
    const full = runCli(['--no-color', '--help']);
    expect(full.code).toBe(0);
    expect(help.stdout).toBe(full.stdout);
  });
});
