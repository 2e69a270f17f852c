import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from '../support/run-cli.js';
import { removeTempDir } from '../support/remove-temp-dir.js';
import { startServer, waitFor, type ServerUnderTest } from './server-statements.js';

const mustRun = process.env.CI === 'true' || process.env.CI === '1';

/**
 * Ctrl-C during `datachat query`/`ask` cancels the statement on the server (pg_cancel_backend,
 * KILL QUERY) instead of leaving it running there until statement_timeout, and exits 130.
 */
describe.each(['postgresql', 'mysql'] as const)('Ctrl-C cancels the server-side statement: %s', (engine) => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => void removeTempDir(dir)));

  it('datachat query: SIGINT → statement gone from the server within 2 s, exit 130', async (ctx) => {
    const server = await startServer(engine);
    if (!server) {
      if (mustRun) throw new Error(`CI=true but ${engine} is not reachable`);
      return ctx.skip();
    }
    try {
      const project = mkdtempSync(join(tmpdir(), `datachat-interrupt-${engine}-`));
      dirs.push(project);
      writeFileSync(join(project, '.datachat.yml'), projectYaml(server));
      const cli = spawn(process.execPath, [BIN, 'query', server.slowStatement, '--db', 'main', '--json'], {
        cwd: project,
        env: { PATH: process.env.PATH ?? '', HOME: project, NO_COLOR: '1', DATACHAT_SECRET_KEY: 'test-key' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      let stdout = '';
      cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      cli.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
      const started = await waitFor(async () => (await server.running()) > 0, 20_000);
      expect(started, `the statement never showed up on the server; stderr: ${stderr}`).toBeDefined();
      cli.kill('SIGINT');
      const gone = await waitFor(async () => (await server.running()) === 0, 10_000);
      const code = await Promise.race([
        exited,
        new Promise((resolve) => setTimeout(() => resolve('still running'), 10_000)),
      ]);
      console.info(`[${engine}] statement gone from the server ${Math.round(gone ?? -1)} ms after SIGINT`);
      expect(gone).toBeDefined();
      expect(gone!).toBeLessThan(2000);
      expect(code).toBe(130);
      // --json: the error is the JSON document on stdout.
      expect(JSON.parse(stdout)).toMatchObject({ error: 'aborted' });
    } finally {
      await server.teardown();
    }
  }, 120_000);
});

function projectYaml(server: ServerUnderTest): string {
  return [
    'version: 1',
    'connections:',
    '  - id: main',
    `    type: ${server.engine}`,
    `    url: ${server.url}`,
    '    default: true',
    'defaults:',
    '  timeout_ms: 600000',
    '',
  ].join('\n');
}
