import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../../support/run-cli.js';

const TOKEN = 'e2e-token-0123456789abcdef0123';
const ENV = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '/tmp',
  NO_COLOR: '1',
  DATACHAT_SECRET_KEY: 'test-key',
};

/** Response bodies as tests read them: any field, checked by the assertions. */
// biome-ignore lint/suspicious/noExplicitAny: tests read fields freely
type LooseJson = any;

/** `datachat serve` from the built binary (run `npx tsc -p tsconfig.json` first), over real HTTP. */
describe('datachat serve (end to end)', () => {
  let root: string;
  let child: ChildProcess;
  let base: string;
  let stderr = '';
  let exit: Promise<number | null>;

  const api = async (
    method: string,
    path: string,
    body?: unknown,
    auth = true,
  ): Promise<{ status: number; json: LooseJson; headers: Headers }> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(auth ? { authorization: `Bearer ${TOKEN}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        origin: 'http://localhost:5173',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: await response.json(), headers: response.headers };
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'datachat-serve-e2e-'));
    child = spawn(
      process.execPath,
      [BIN, 'serve', '--port', '0', '--cors', 'http://localhost:5173', '--json', '--dir', join(root, 'p')],
      { env: { ...ENV, DATACHAT_API_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    exit = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    let stdout = '';
    const info = await new Promise<{ url: string; port: number; auth: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start: ${stdout}\n${stderr}`)), 20_000);
      child.stdout!.on('data', (d: Buffer) => {
        stdout += d.toString();
        try {
          resolve(JSON.parse(stdout));
          clearTimeout(timer);
        } catch {
          // Not complete yet.
        }
      });
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    });
    expect(info).toMatchObject({ auth: 'bearer' });
    expect(info.url).toBe(`http://127.0.0.1:${info.port}/api/v1`);
    base = info.url;
  }, 30_000);

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the API over HTTP: auth, 503 before setup, initialize, chat, CORS, then stops cleanly on SIGTERM', async () => {
    expect((await api('GET', '/health', undefined, false)).status).toBe(401);
    const health = await api('GET', '/health');
    expect(health.json.status).toBe('ok');
    expect(health.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');

    const early = await api('POST', '/chat', { message: 'how many orders' });
    expect(early.status).toBe(503);
    expect(early.json.error).toBe('system_not_initialized');

    const init = await api('POST', '/system/initialize?wait=true', {
      sample: true,
      offline: true,
      auto_approve_datapoints: true,
    });
    expect(init.status, JSON.stringify(init.json)).toBe(200);
    expect(init.json).toMatchObject({ status: 'completed', databases_added: 1, next_step: 'ask_questions' });

    const answer = await api('POST', '/chat', { message: 'revenue by month in 2024' });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ method: 'metric', database_used: 'sample' });
    expect(answer.json.data).toHaveLength(12);
    const databases = await api('GET', '/databases');
    expect(databases.json.map((d: { connection_id: string }) => d.connection_id)).toEqual(['sample']);

    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(stderr).toContain('Stopped.');
  }, 120_000);

  it('refuses unsafe or malformed options with exit 2', () => {
    const open = runCli(['serve', '--host', '0.0.0.0', '--dir', join(root, 'p')]);
    expect(open.code).toBe(2);
    expect(open.stderr).toMatch(/DATACHAT_API_TOKEN/);
    expect(
      runCli(['serve', '--host', '0.0.0.0', '--dir', join(root, 'p')], { env: { DATACHAT_API_TOKEN: 'short' } }).code,
    ).toBe(2);
    expect(runCli(['serve', '--port', '70000', '--dir', join(root, 'p')]).code).toBe(2);
    expect(runCli(['serve', '--cors', '*', '--dir', join(root, 'p')]).code).toBe(2);
  });
});
