import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../../support/run-cli.js';
import { SERVE_ENV as ENV, spawnServe, type ServeProcess } from './spawn-serve.js';

const FLOOD = 1000;
/** The binary under test; another build (e.g. of an older commit) can be compared through this variable. */
const SERVE_BIN = process.env.DATACHAT_FLOOD_BIN || BIN;

/**
 * Asks `url` `count` times, 30 ms apart, starting after `delayMs`, from a child process (this one is
 * busy sending the flood). One request first, so connection and module loading are not measured.
 */
function probeHealth(url: string, count: number, delayMs: number): { ready: Promise<void>; done: Promise<Probe[]> } {
  const script = `
    import { Agent, get } from 'node:http';
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const one = () => new Promise((resolve, reject) => {
      const started = performance.now();
      get(${JSON.stringify(url)}, { agent }, (r) => {
        r.resume();
        r.on('end', () => resolve({ ms: performance.now() - started, status: r.statusCode }));
      }).on('error', reject);
    });
    await one();
    process.stdout.write('ready\\n');
    await new Promise((r) => setTimeout(r, ${delayMs}));
    const results = [];
    for (let i = 0; i < ${count}; i++) {
      results.push(await one());
      await new Promise((r) => setTimeout(r, 30));
    }
    agent.destroy();
    process.stdout.write(JSON.stringify(results));`;
  const args = ['--input-type=module', '-e', script];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const ready = new Promise<void>((resolve) => child.stdout.on('data', () => out.startsWith('ready') && resolve()));
  const done = new Promise<Probe[]>((resolve, reject) => {
    child.on('close', () => {
      try {
        resolve(JSON.parse(out.slice('ready\n'.length)) as Probe[]);
      } catch (error) {
        reject(error as Error);
      }
    });
  });
  return { ready, done };
}

interface Probe {
  ms: number;
  status: number;
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
  let serve: ServeProcess;
  let base: string;
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'datachat-flood-'));
    const dir = join(root, 'p');
    const initArgs = [SERVE_BIN, 'init', '--sample', '--yes', '--auto-approve', '--dir', dir];
    const init = spawnSync(process.execPath, initArgs, { env: ENV, encoding: 'utf8' });
    expect(init.status, init.stderr).toBe(0);
    serve = await spawnServe(dir, SERVE_BIN);
    base = serve.base;
  }, 60_000);
  afterAll(() => {
    agent.destroy();
    serve?.child.kill('SIGKILL');
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
    // /health is probed from another process: this one is busy sending the flood and reading 50 MB.
    const probe = probeHealth(`${base}/health`, 10, 50);
    await probe.ready;
    const started = performance.now();
    const flood = Array.from({ length: FLOOD }, () => timed('/datapoints'));
    const lists = await Promise.all(flood);
    const health = await probe.done;
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
