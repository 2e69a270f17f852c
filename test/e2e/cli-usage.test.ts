import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { json, runCli } from '../support/run-cli.js';

/** Usage mistakes exit 2 and, with --json, print the same {error, message, hint} object as runtime errors. */
describe('usage errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'datachat-usage-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a --dir that does not exist is not a project (exit 3); init may create it', () => {
    const missing = join(dir, 'nope');
    const status = runCli(['--dir', missing, 'status']);
    expect(status.code).toBe(3);
    expect(status.stderr).toContain(`Project folder ${missing} does not exist`);
    expect(json(runCli(['status', '--dir', missing, '--json']))).toMatchObject({ error: 'system_not_initialized' });
    expect(runCli(['init', '--dir', missing, '--sample', '--yes', '--no-profile', '--no-generate']).code).toBe(0);
  });

  it('an unknown option prints a JSON usage error on stdout with --json', () => {
    const result = runCli(['status', '--nope', '--json'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(json(result)).toEqual({
      error: 'usage_error',
      message: "unknown option '--nope'",
      hint: expect.any(String),
    });
  });

  it('--json with another --format is refused instead of silently picking one', () => {
    const result = runCli(['query', 'SELECT 1', '--format', 'csv', '--json'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(json(result)).toMatchObject({ error: 'usage_error', message: expect.stringContaining('--format csv') });
  });
});
