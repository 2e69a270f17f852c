import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../../support/run-cli.js';

const FLOOD = 1000;
/** The binary under test; another build (e.g. of an older commit) can be compared through this variable. */
const SERVE_BIN = process.env.DATACHAT_FLOOD_BIN || BIN;
const ENV = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '/tmp',
  NO_COLOR: '1',
  DATACHAT_SECRET_KEY: 'test-key',
};

/** Asks `url` `count` times, one after the other, starting after `delayMs`, from a child process. */
function probeHealth(url: string, count: number, delayMs: number): Promise<{ ms: number; status: number }[]> {
  const script = `
    const results = [];
    await new Promise((r) => setTimeout(r, ${delayMs}));
    for (let i = 0; i < ${count}; i++) {
      const started = performance.now();
      const response = await fetch(${JSON.stringify(url)});
      await response.text();
      results.push({ ms: performance.now() - started, status: response.status });
    }
    process.stdout.write(JSON.stringify(results));`;
  return new Promise((resolve, reject) => {
    const args = ['--input-type=module', '-e', script];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', () => {
      try {
        resolve(JSON.parse(out) as { ms: number; status: number }[]);
      } catch (error) {
        reject(error as Error);
      }
    });
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!);
}

interface Timed {
  ms: number;
  status: number;
  total: string | undefined;
  bytes: number;
}

/**
 * A flood of list requests against `datachat serve` (the built binary, its own process, over loopback
 * HTTP) while /health is asked too. Prints the numbers; asserts only that everything is answered and
 * that /health is not starved behind the whole flood.
 */
describe('REST API under a flood of list requests', () => {
  let root: string;
  let child: ChildProcess;
  let base: string;
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'datachat-flood-'));
    const dir = join(root, 'p');
    const initArgs = [SERVE_BIN, 'init', '--sample', '--yes', '--auto-approve', '--dir', dir];
    const init = spawnSync(process.execPath, initArgs, { env: ENV, encoding: 'utf8' });
    expect(init.status, init.stderr).toBe(0);
    const serveArgs = [SERVE_BIN, 'serve', '--port', '0', '--json', '--dir', dir];
    child = spawn(process.execPath, serveArgs, { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    base = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(() => reject(new Error(`serve did not start: ${stdout}`)), 20_000);
      child.stdout!.on('data', (d: Buffer) => {
        stdout += d.toString();
        try {
          resolve((JSON.parse(stdout) as { url: string }).url);
          clearTimeout(timer);
        } catch {
          // Not complete yet.
        }
      });
    });
  }, 60_000);
  afterAll(() => {
    agent.destroy();
    child?.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  const timed = (path: string): Promise<Timed> =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      get(`${base}${path}`, { agent }, (response) => {
        let bytes = 0;
        response.on('data', (chunk: Buffer) => (bytes += chunk.length));
        response.on('end', () => {
          const total = response.headers['x-total-count'] as string | undefined;
          resolve({ ms: performance.now() - started, status: response.statusCode ?? 0, total, bytes });
        });
      }).on('error', reject);
    });

  it(`${FLOOD} concurrent GET /datapoints, with /health alongside`, async () => {
    await timed('/datapoints'); // warm up (first sync check, cache)
    const started = performance.now();
    // /health is probed from another process: this one is busy sending the flood and reading 50 MB.
    const probe = probeHealth(`${base}/health`, 5, 20);
    const flood = Array.from({ length: FLOOD }, () => timed('/datapoints'));
    const lists = await Promise.all(flood);
    const health = await probe;
    const wall = performance.now() - started;
    const statuses: Record<number, number> = {};
    for (const r of lists) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    const listMs = lists.map((r) => r.ms);
    const healthMs = health.map((r) => r.ms);
    for (const r of health) expect(r.status).toBe(200);
    console.log(
      `flood: ${FLOOD} × GET /datapoints (${lists[0]!.bytes} bytes, total ${lists[0]!.total ?? 'n/a'}) ` +
        `in ${Math.round(wall)} ms; ` +
        `list p50 ${percentile(listMs, 50)} ms, p99 ${percentile(listMs, 99)} ms; ` +
        `/health during the flood: ${healthMs.map((ms) => Math.round(ms)).join(', ')} ms; ` +
        `statuses ${JSON.stringify(statuses)}`,
    );
    for (const r of lists) expect(r.status).toBe(200);
    // Not starved: /health asked during the flood is answered before the flood's slowest list request.
    expect(Math.max(...healthMs)).toBeLessThan(Math.max(...listMs) + 1000);
  }, 120_000);
});
