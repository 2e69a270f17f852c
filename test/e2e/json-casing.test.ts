import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { camelCaseKeys } from '../integration/server/json-casing.js';
import { json, runCli } from '../support/run-cli.js';

/** `--json` prints the same snake_case objects as the REST API (issue 19, "one casing"). */
describe('datachat --json output is snake_case', () => {
  let root: string;
  let project: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'datachat-casing-'));
    project = join(root, 'p');
    const init = runCli(['init', '--sample', '--yes', '--auto-approve', '--offline', '--dir', project, '--json']);
    expect(init.code, init.stderr).toBe(0);
    expect(camelCaseKeys(json(init))).toEqual([]);
  }, 180_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each([
    [['db', 'list']],
    [['db', 'show', 'sample']],
    [['db', 'test', 'sample']],
    [['db', 'default', 'sample']],
    [['status']],
    [['sync']],
    [['generate', '--offline']],
    [['review']],
    [['datapoints', 'list']],
    [['ask', 'How many rows are in the orders table?']],
  ])(
    'datachat %s --json',
    (args) => {
      const result = runCli([...args, '--dir', project, '--json']);
      expect(result.code, result.stderr).toBe(0);
      expect(camelCaseKeys(json(result))).toEqual([]);
    },
    120_000,
  );

  it('db list --json carries created_at and the fields the API returns', () => {
    const list = json<Record<string, unknown>[]>(runCli(['db', 'list', '--dir', project, '--json']));
    expect(Object.keys(list[0]!).sort()).toEqual([
      'connection_id',
      'created_at',
      'database_type',
      'database_url',
      'datapoint_count',
      'description',
      'is_active',
      'is_default',
      'last_profiled',
      'name',
      'tags',
    ]);
    expect(String(list[0]!.created_at)).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});
