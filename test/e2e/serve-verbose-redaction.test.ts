import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from '../support/run-cli.js';

const SECRET = 'Verb0se-S3cret';
const ENV = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '/tmp',
  NO_COLOR: '1',
  DATACHAT_SECRET_KEY: 'test-key',
};

/** `serve --verbose` from the built binary: its request log carries paths, never query strings or credentials. */
describe('datachat serve --verbose', () => {
  const root = mkdtempSync(join(tmpdir(), 'datachat-serve-verbose-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('logs requests without query strings, URLs with passwords or secret parameters', async () => {
    const dir = join(root, 'p');
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--json', '--verbose', '--dir', dir], {
      env: ENV,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const info = await new Promise<{ url: string }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 20_000);
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          try {
            resolve(JSON.parse(stdout));
            clearTimeout(timer);
          } catch {
            // Not complete yet.
          }
        });
      });
      const body = { name: 'wh', database_url: `postgresql://analyst:${SECRET}@127.0.0.1:1/db?sslpassword=${SECRET}x` };
      const added = await fetch(`${info.url}/databases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(added.status).toBe(201);
      const text = await added.text();
      for (const path of [
        `/databases?token=${SECRET}`,
        `/databases/wh?database_url=${encodeURIComponent(body.database_url)}`,
        `/nope?password=${SECRET}`,
      ]) {
        const reply = await fetch(`${info.url}${path}`);
        expect(await reply.text()).not.toContain(SECRET);
      }
      await fetch(`${info.url}/databases/wh/test`, { method: 'POST' });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toMatch(/"url":"\/api\/v1\/databases\?…"/);
      for (const out of [stderr, stdout, text, readFileSync(join(dir, '.datachat.yml'), 'utf8')])
        expect(out).not.toContain(SECRET);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
