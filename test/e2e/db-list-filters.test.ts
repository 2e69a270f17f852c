import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { json, runCli } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'datachat-db-list-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(
  join(dir, '.datachat.yml'),
  [
    'version: 1',
    'connections:',
    '  - id: sales',
    '    type: sqlite',
    '    url: sqlite:sales.db',
    '    tags: [finance, prod]',
    '  - id: sales_old',
    '    type: sqlite',
    '    url: sqlite:old.db',
    '    tags: [finance, prod]',
    '    active: false',
    '  - id: web',
    '    type: sqlite',
    '    url: sqlite:web.db',
    '    tags: [prod]',
    '',
  ].join('\n'),
);
const ids = (...args: string[]): string[] =>
  json<{ connection_id: string }[]>(runCli(['db', 'list', '--json', '--dir', dir, ...args])).map(
    (c) => c.connection_id,
  );

describe('db list --tags / --active-only', () => {
  it('keeps connections having every tag, and leaves out inactive ones on request', () => {
    expect(ids()).toEqual(['sales', 'sales_old', 'web']);
    expect(ids('--tags', 'finance')).toEqual(['sales', 'sales_old']);
    expect(ids('--tags', 'prod, finance')).toEqual(['sales', 'sales_old']);
    expect(ids('--active-only')).toEqual(['sales', 'web']);
    expect(ids('--tags', 'finance', '--active-only')).toEqual(['sales']);
    expect(ids('--tags', 'nope')).toEqual([]);
  });

  it('says when filters leave nothing, and shows whether each connection is active', () => {
    const none = runCli(['db', 'list', '--tags', 'nope', '--dir', dir]);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('No connection matches these filters.');
    const table = runCli(['db', 'list', '--dir', dir]);
    expect(table.stdout).toMatch(/sales_old.*\bno\b/);
  });
});
