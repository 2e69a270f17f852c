#!/usr/bin/env node
// Load run of `datachat serve` on loopback: chat questions answered by the metric compiler, and
// GET /api/v1/databases, each at N concurrent connections for D seconds (autocannon). Prints
// requests/s, p50, p99 latency and errors against the targets below; exit 1 when a target is missed.
//
//   npm run build && node bench/serve.mjs [--duration 10] [--connections 64] [--json] [--keep]
//
// The sample project is created in a temp folder with the built CLI (init --sample, then
// generate --offline --auto-approve); the server runs as its own process (`datachat serve --port 0`),
// so the load generator does not share its event loop.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const BIN = fileURLToPath(new URL('../bin/datachat.js', import.meta.url));
const TARGETS = { errors: 0, chatP99Ms: 100 };
const CHAT_QUESTIONS = ['revenue by month in 2024', 'how many orders by channel'];
const ENV = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? os.tmpdir(),
  NO_COLOR: '1',
  DATACHAT_SECRET_KEY: 'bench-key',
};
const log = (...parts) => console.error(...parts);

const args = parseArgs(process.argv.slice(2));

async function main() {
  const root = mkdtempSync(join(os.tmpdir(), 'datachat-bench-serve-'));
  const dir = join(root, 'p');
  let server;
  try {
    log(`Setting up the sample project in ${dir}`);
    cli(['init', '--sample', '--yes', '--dir', dir]);
    cli(['generate', '--offline', '--auto-approve', '--dir', dir]);
    server = await startServer(dir);
    log(`Server: ${server.url} (pid ${server.child.pid})`);

    for (const question of CHAT_QUESTIONS) {
      const answer = await post(`${server.url}/chat`, { message: question });
      if (answer.method !== 'metric')
        throw new Error(`"${question}" was answered by ${answer.method}, not the metric compiler`);
      log(`  "${question}" → ${answer.method}, ${answer.data.length} rows`);
    }

    const chatRequests = CHAT_QUESTIONS.map((message) => ({
      method: 'POST',
      path: '/api/v1/chat',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message }),
    }));
    const scenarios = [
      { name: 'chat (metric compiler)', requests: chatRequests, p99TargetMs: TARGETS.chatP99Ms },
      { name: 'GET /databases', requests: [{ method: 'GET', path: '/api/v1/databases' }], p99TargetMs: undefined },
    ];
    const results = [];
    for (const scenario of scenarios) {
      log(`\nWarm-up: ${scenario.name} (2 s)`);
      await load(server.origin, scenario.requests, 2, args.connections);
      await drained(server.url);
      log(`Measuring: ${scenario.name} (${args.duration} s, ${args.connections} connections)`);
      const r = await load(server.origin, scenario.requests, args.duration, args.connections);
      const errors = r.errors + r.timeouts + r.non2xx;
      results.push({
        scenario: scenario.name,
        requests: r.requests.total,
        requests_per_s: Math.round(r.requests.average),
        p50_ms: r.latency.p50,
        p99_ms: r.latency.p99,
        max_ms: r.latency.max,
        errors,
        p99_target_ms: scenario.p99TargetMs ?? null,
        ok: errors <= TARGETS.errors && (scenario.p99TargetMs === undefined || r.latency.p99 < scenario.p99TargetMs),
      });
      await drained(server.url);
    }
    const machine = {
      cpus: os.cpus().length,
      cpu_model: os.cpus()[0]?.model ?? 'unknown',
      memory_gib: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    };
    const report = { machine, connections: args.connections, duration_s: args.duration, targets: TARGETS, results };
    if (args.json) console.log(JSON.stringify(report, null, 2));
    else print(report);
    if (results.some((r) => !r.ok)) process.exitCode = 1;
  } finally {
    if (server) await server.stop();
    if (args.keep) log(`Kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

function cli(argv) {
  const r = spawnSync(process.execPath, [BIN, ...argv], { env: ENV, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0)
    throw new Error(
      `datachat ${argv.join(' ')} exited ${r.status}:\n${r.stderr}${r.error ? `\n${r.error.message}` : ''}`,
    );
  return r.stdout;
}

async function startServer(dir) {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--json', '--dir', dir], {
    env: ENV,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const info = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stderr}`)), 30_000);
    child.stdout.on('data', (d) => {
      stdout += d;
      try {
        resolve(JSON.parse(stdout));
        clearTimeout(timer);
      } catch {
        // Not complete yet.
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${stderr}`)));
  });
  return {
    child,
    url: info.url,
    origin: new URL(info.url).origin,
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      if (code !== 0) log(`serve exited with ${code}:\n${stderr}`);
    },
  };
}

async function post(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`POST ${url} → ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

/** Waits until the server answers /health fast again (requests left over from a run are done). */
async function drained(url) {
  for (let i = 0; i < 100; i++) {
    const started = performance.now();
    await fetch(`${url}/health`);
    if (performance.now() - started < 20) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function load(url, requests, duration, connections) {
  return autocannon({ url, connections, duration, requests, timeout: 10 });
}

function print(report) {
  const { machine, results } = report;
  console.log(`\ndatachat serve — ${report.connections} connections × ${report.duration_s} s per scenario, loopback`);
  console.log(`machine: ${machine.cpus} × ${machine.cpu_model}, ${machine.memory_gib} GiB, Node ${machine.node}\n`);
  const rows = [
    ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'target', 'ok'],
    ...results.map((r) => [
      r.scenario,
      r.requests_per_s,
      r.p50_ms,
      r.p99_ms,
      r.max_ms,
      r.errors,
      `0 errors${r.p99_target_ms ? `, p99 < ${r.p99_target_ms} ms` : ''}`,
      r.ok ? 'yes' : 'NO',
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  for (const row of rows)
    console.log(
      row
        .map((cell, i) => (i === 0 || i === 6 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i])))
        .join('  '),
    );
}

function parseArgs(argv) {
  const out = { duration: 10, connections: 64, json: false, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') out.json = true;
    else if (a === '--keep') out.keep = true;
    else if (a === '--duration') out.duration = positive(argv[++i], a);
    else if (a === '--connections') out.connections = positive(argv[++i], a);
    else if (a === '--help' || a === '-h') {
      console.log('Usage: node bench/serve.mjs [--duration 10] [--connections 64] [--json] [--keep]');
      process.exit(0);
    } else {
      console.error(`unknown option ${a}`);
      process.exit(2);
    }
  }
  return out;
}

function positive(value, flag) {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    console.error(`${flag} takes a positive integer (got ${value})`);
    process.exit(2);
  }
  return n;
}

await main();
