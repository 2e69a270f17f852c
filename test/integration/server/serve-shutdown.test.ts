import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../../support/run-cli.js';
import { removeTempDir } from '../../support/remove-temp-dir.js';
import { canProbeProcesses, descendants } from '../conformance/process-probe.js';

const ENV = { PATH: process.env.PATH ?? '', NO_COLOR: '1', DATACHAT_SECRET_KEY: 'test-key' };

/**
 * `datachat serve` (built binary) stops within a few seconds of SIGTERM even while a statement that
 * would never end on its own is running: the statement is cancelled (its SQLite process killed).
 */
describe('datachat serve shutdown', () => {
  const root = mkdtempSync(join(tmpdir(), 'datachat-serve-shutdown-'));
  afterAll(() => removeTempDir(root));

  it('SIGTERM with a runaway statement in flight: exits 0 within 5 s and leaves no process behind', async () => {
    const project = join(root, 'p');
    mkdirSync(project);
    const init = runCli(['init', '--sample', '--yes', '--no-generate'], { cwd: project, env: { HOME: root } });
    expect(init.code, init.stderr).toBe(0);
    // A statement-level timeout far beyond the test: only the shutdown can stop it.
    writeFileSync(
      join(project, '.datachat.yml'),
      `${readFileSync(join(project, '.datachat.yml'), 'utf8')}defaults:\n  timeout_ms: 600000\n`,
    );
    mkdirSync(join(project, 'datapoints', 'sample', 'query'), { recursive: true });
    writeFileSync(
      join(project, 'datapoints', 'sample', 'query', 'runaway_count.yaml'),
      [
        'id: runaway_count',
        'type: Query',
        'name: runaway count',
        'connection: sample',
        'description: Counts an endless recursive sequence (never finishes).',
        'sql: WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) AS n FROM r',
        '',
      ].join('\n'),
    );
    const server = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--json'], {
      cwd: project,
      env: { ...ENV, HOME: root },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    server.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    server.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    try {
      const started = performance.now();
      while (!stdout.includes('"url"') && performance.now() - started < 20_000)
        await new Promise((r) => setTimeout(r, 100));
      const { url } = JSON.parse(stdout) as { url: string };
      const chat = fetch(`${url}/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'runaway count' }),
      })
        .then(async (r) => ({ status: r.status, body: await r.text() }))
        .catch((error: Error) => ({ status: 0, body: error.message }));
      // Wait until the statement runs (its process burns CPU), then stop the server.
      await new Promise((r) => setTimeout(r, 2500));
      const running = canProbeProcesses ? descendants(server.pid!).map((d) => d.pid) : [];
      if (canProbeProcesses)
        expect(running.length, `no statement process under serve; stderr: ${stderr}`).toBeGreaterThan(0);
      const signalled = performance.now();
      server.kill('SIGTERM');
      const code = await Promise.race([
        exited,
        new Promise((r) => setTimeout(() => r('still running after 10 s'), 10_000)),
      ]);
      const stoppedAfterMs = performance.now() - signalled;
      console.info(`serve exited ${Math.round(stoppedAfterMs)} ms after SIGTERM with a runaway statement in flight`);
      expect(code, stderr).toBe(0);
      expect(stoppedAfterMs).toBeLessThan(5000);
      const reply = await chat;
      expect(reply.status).not.toBe(200);
      for (const pid of running) expect(() => process.kill(pid, 0), `process ${pid} outlived serve`).toThrow();
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
    }
  }, 90_000);
});
