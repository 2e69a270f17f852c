import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, runCli } from '../support/run-cli.js';
import { removeTempDir } from '../support/remove-temp-dir.js';

interface QueryJson {
  columns: string[];
  data: Record<string, unknown>[];
  row_count: number;
  truncated: boolean;
  truncated_by?: string;
}

/** `datachat query` output over the sample database: duplicate names, blobs, the byte budget. */
describe('datachat query results', () => {
  const root = mkdtempSync(join(tmpdir(), 'datachat-query-results-'));
  const project = join(root, 'p');
  const query = (sql: string, ...args: string[]) =>
    runCli(['query', sql, ...args], { cwd: project, env: { HOME: root } });

  beforeAll(() => {
    mkdirSync(project);
    const init = runCli(['init', '--sample', '--yes', '--no-profile', '--no-generate'], {
      cwd: project,
      env: { HOME: root },
    });
    expect(init.code, init.stderr).toBe(0);
  }, 120_000);
  afterAll(() => removeTempDir(root));

  it('keeps both values of a repeated column name, under unique keys (id, id_2) in JSON, table and CSV', () => {
    const sql =
      'SELECT o.id, c.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.customer_id <> o.id ORDER BY o.id LIMIT 3';
    const result = query(sql, '--json');
    expect(result.code, result.stderr).toBe(0);
    const out = json<QueryJson>(result);
    expect(out.columns).toEqual(['id', 'id_2']);
    expect(out.data).toHaveLength(3);
    for (const row of out.data) {
      expect(Object.keys(row)).toEqual(['id', 'id_2']);
      expect(row.id).not.toBe(row.id_2);
    }
    const csv = query(sql, '--format', 'csv');
    expect(csv.stdout.split('\n')[0]).toBe('id,id_2');
    expect(csv.stdout.split('\n')[1]).toBe(`${out.data[0]!.id},${out.data[0]!.id_2}`);
    const table = query(sql);
    expect(table.stdout).toMatch(/\bid\b.*\bid_2\b/);
  }, 60_000);

  it('describes blobs instead of expanding them and stops at the byte budget', () => {
    const result = query('SELECT id, zeroblob(100000000) AS payload FROM orders LIMIT 20', '--json');
    expect(result.code, result.stderr).toBe(0);
    const out = json<QueryJson>(result);
    expect(out.data[0]!.payload).toBe(`<blob 100000000 bytes: ${'00'.repeat(16)}…>`);
    expect(out).toMatchObject({ truncated: true, truncated_by: 'bytes' });
    expect(out.row_count).toBeLessThan(20);
    expect(result.stdout.length).toBeLessThan(10_000);
    const table = query('SELECT id, zeroblob(100000000) AS payload FROM orders LIMIT 20');
    expect(table.stderr).toMatch(/result size cap/);
  }, 60_000);
});
