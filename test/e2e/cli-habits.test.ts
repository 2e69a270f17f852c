import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDir } from '../support/remove-temp-dir.js';
import { json, runCli } from '../support/run-cli.js';

/** A PostgreSQL URL nothing listens on (port 1): its connection test fails at once. */
const DEAD_URL = 'postgresql://analyst:s3cret@127.0.0.1:1/analytics';

/** Exit codes and messages people rely on, and conversations they can follow up, through the built binary. */
describe('CLI habits: failed connection tests, db edit, missing files, conversations', () => {
  const root = mkdtempSync(join(tmpdir(), 'datachat-habits-'));
  const project = join(root, 'p');
  const cli = (...args: string[]) => runCli([...args, '--dir', project], { env: { HOME: root } });
  const config = () => readFileSync(join(project, '.datachat.yml'), 'utf8');

  beforeAll(() => {
    expect(cli('init', '--sample', '--yes').code).toBe(0);
    expect(cli('generate', '--offline', '--auto-approve').code).toBe(0);
  }, 180_000);
  afterAll(() => removeTempDir(root));

  it('db add exits non-zero and saves nothing when the connection test fails, with the error and a hint', () => {
    const before = config();
    const failed = cli('db', 'add', 'warehouse', DEAD_URL);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/Error: Connection test of "warehouse" failed/);
    expect(failed.stderr).toMatch(/Hint: .*Nothing was saved/);
    expect(failed.stderr).not.toContain('s3cret');
    expect(config()).toBe(before);
    expect(
      json<unknown[]>(cli('db', 'list', '--json')).map((c) => (c as { connection_id: string }).connection_id),
    ).toEqual(['sample']);
    const asJson = cli('db', 'add', 'warehouse', DEAD_URL, '--json');
    expect(asJson.code).toBe(1);
    expect(json(asJson)).toMatchObject({ error: 'connection_failed' });
    expect(config()).toBe(before);
  }, 60_000);

  it('db add --no-test saves it; db edit fixes it (tested) or leaves it as it was when the new URL fails too', () => {
    expect(cli('db', 'add', 'warehouse', DEAD_URL, '--no-test').code).toBe(0);
    expect(config()).toMatch(/id: warehouse/);
    const stillBroken = cli(
      'db',
      'edit',
      'warehouse',
      '--url',
      'postgresql://analyst@127.0.0.1:2/analytics',
      '--description',
      'the warehouse',
    );
    expect(stillBroken.code).toBe(1);
    expect(stillBroken.stderr).toMatch(/left as it was/);
    expect(config()).toMatch(/127\.0\.0\.1:1\/analytics/);
    expect(config()).not.toMatch(/the warehouse/);
    const fixed = cli(
      'db',
      'edit',
      'warehouse',
      '--url',
      'sqlite:.datachat/sample.db',
      '--tags',
      'sales, eu',
      '--description',
      'the warehouse',
      '--json',
    );
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(json(fixed)).toMatchObject({
      connection_id: 'warehouse',
      database_type: 'sqlite',
      tags: ['sales', 'eu'],
      description: 'the warehouse',
      test: { ok: true },
    });
    expect(config()).not.toMatch(/127\.0\.0\.1:1/);
    expect(cli('db', 'test', 'warehouse').code).toBe(0);
    const nothing = cli('db', 'edit', 'warehouse');
    expect(nothing.code).toBe(2);
    const unknown = cli('db', 'edit', 'nope', '--description', 'x');
    expect(unknown.code).not.toBe(0);
    expect(cli('db', 'remove', 'warehouse').code).toBe(0);
  }, 60_000);

  it('eval of a missing file says "file not found" (exit 2), not a raw ENOENT', () => {
    const result = cli('eval', 'missing.yaml');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/File not found: missing\.yaml/);
    expect(result.stderr).not.toMatch(/ENOENT/);
    expect(json(cli('eval', 'missing.yaml', '--json'))).toMatchObject({ error: 'usage_error' });
  });

  it('ask -c follows up the last conversation; conversations lists it; an unknown id is an error', () => {
    const first = json<{ conversation_id: string }>(cli('ask', 'revenue in 2024', '--json'));
    const follow = cli('ask', '-c', 'and by month?', '--json');
    expect(follow.code, follow.stderr).toBe(0);
    const answer = json<{ conversation_id: string; columns: string[]; data: Record<string, unknown>[] }>(follow);
    expect(answer.conversation_id).toBe(first.conversation_id);
    expect(answer.columns).toContain('month');
    expect(answer.data[0]!.month).toMatch(/^2024-\d{2}$/);
    const list = json<{ id: string; last_question: string; turns: number; updated_at: string }[]>(
      cli('conversations', '--json'),
    );
    expect(list[0]).toMatchObject({ id: first.conversation_id, turns: 2 });
    expect(list[0]!.last_question).toMatch(/month/);
    expect(Number.isNaN(Date.parse(list[0]!.updated_at))).toBe(false);
    const table = cli('conversations');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(first.conversation_id);

    const unknown = cli('ask', 'and by month?', '--conversation', 'conv_doesnotexist');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown conversation "conv_doesnotexist"/);
    expect(unknown.stderr).toMatch(/Hint: .*datachat conversations/);
    expect(cli('ask', 'x', '-c', '--conversation', first.conversation_id).code).toBe(2);
  }, 90_000);

  it('prints no progress on pipes, even for a query that runs over a second', () => {
    const slow =
      'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) SELECT count(*) AS c FROM n';
    const result = cli('query', slow);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual(['c', '3000000']);
    expect(result.stderr).not.toMatch(/Running|[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
  }, 60_000);
});
