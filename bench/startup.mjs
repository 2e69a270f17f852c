// Startup cost of a one-shot answer, as a ratio to a bare `node -e 0` measured in the same run.
//
//   npm run build && node bench/startup.mjs [--runs N] [--json] [--no-breakdown]
//
// Paired, interleaved runs (node -e 0, datachat ask, datachat --help, in turn), so machine noise
// hits all three alike; the figure is the median of the per-round ratios. Targets (issue #18):
// `ask "revenue by month in 2024"` on the sample project ≤ 2.5×, `--help` ≤ 1.2×.
// The breakdown says where the time goes: the cost of importing each heavy module on its own
// (paired against a bare node start), and a CPU profile of one `ask` (--cpu-prof) summed by package.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { round } from './bench-util.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'datachat.js');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 15;
const asJson = args.includes('--json');
const QUESTION = 'revenue by month in 2024';

const log = (text) => process.stderr.write(`${text}\n`);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Wall time of one process, from spawn to exit, in ms (exit status checked). */
function time(argv, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, argv, { encoding: 'utf8', ...options });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

const root = mkdtempSync(join(tmpdir(), 'datachat-startup-'));
const project = join(root, 'p');
const env = { PATH: process.env.PATH ?? '', HOME: root, NO_COLOR: '1', DATACHAT_SECRET_KEY: 'bench-key' };
try {
  log('Setting up the sample project (init --sample --yes --auto-approve)…');
  time([BIN, 'init', '--sample', '--yes', '--auto-approve', '--dir', project], { env });
  const ask = [BIN, 'ask', QUESTION, '--dir', project];
  // Warm the OS file cache and anything datachat caches on disk, as a user's second question would.
  for (let i = 0; i < 2; i++) time(ask, { env });
  time([BIN, '--help'], { env });

  log(`Measuring ${runs} interleaved rounds…`);
  const rounds = [];
  for (let i = 0; i < runs; i++) {
    const node = time(['-e', '0'], { env });
    const answer = time(ask, { env });
    const help = time([BIN, '--help'], { env });
    rounds.push({ node, answer, help });
  }
  const result = {
    runs,
    node_ms: round(median(rounds.map((r) => r.node)), 1),
    ask_ms: round(median(rounds.map((r) => r.answer)), 1),
    help_ms: round(median(rounds.map((r) => r.help)), 1),
    ask_ratio: round(median(rounds.map((r) => r.answer / r.node)), 2),
    help_ratio: round(median(rounds.map((r) => r.help / r.node)), 2),
  };

  let breakdown;
  if (!args.includes('--no-breakdown')) {
    log('Breakdown: import cost of heavy modules, and a CPU profile of one ask…');
    breakdown = { imports: importCosts(env), profile: cpuProfile(ask, env, root) };
  }

  if (asJson) process.stdout.write(`${JSON.stringify({ ...result, ...(breakdown ? { breakdown } : {}) }, null, 2)}\n`);
  else {
    console.log(`node -e 0                       ${result.node_ms} ms`);
    console.log(`datachat ask "${QUESTION}"  ${result.ask_ms} ms  ${result.ask_ratio}× (target ≤ 2.5×)`);
    console.log(`datachat --help                 ${result.help_ms} ms  ${result.help_ratio}× (target ≤ 1.2×)`);
    if (breakdown) {
      console.log('\nImport cost on its own (median over paired runs, minus node -e 0):');
      for (const [name, ms] of Object.entries(breakdown.imports)) console.log(`  ${name.padEnd(36)} ${ms} ms`);
      console.log(`\nCPU profile of one ask (${breakdown.profile.total_ms} ms sampled), self time by package:`);
      for (const [name, ms] of breakdown.profile.by_package) console.log(`  ${name.padEnd(36)} ${ms} ms`);
    }
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}

/** What importing each module costs on its own: median(node -e import) − median(node -e 0), paired. */
function importCosts(env) {
  const modules = {
    zod: 'zod',
    yaml: 'yaml',
    'node-sql-parser': 'node-sql-parser',
    'better-sqlite3': 'better-sqlite3',
    commander: 'commander',
    chalk: 'chalk',
    'dist/cli/program.js': './dist/cli/program.js',
    'dist/services/project-context.js': './dist/services/project-context.js',
    'dist/services/ask-service.js': './dist/services/ask-service.js',
    'dist/query/sql-guard.js': './dist/query/sql-guard.js',
  };
  const out = {};
  for (const [name, specifier] of Object.entries(modules)) {
    const deltas = [];
    for (let i = 0; i < 5; i++) {
      const base = time(['-e', '0'], { env, cwd: ROOT });
      const loaded = time(['--input-type=module', '-e', `await import(${JSON.stringify(specifier)})`], {
        env,
        cwd: ROOT,
      });
      deltas.push(loaded - base);
    }
    out[name] = round(median(deltas), 1);
  }
  return out;
}

/** One ask under --cpu-prof: self time summed by package (node_modules/<pkg>, dist/<folder>, node internals). */
function cpuProfile(ask, env, root) {
  const dir = join(root, 'prof');
  time(['--cpu-prof', '--cpu-prof-dir', dir, ...ask], { env });
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const key = packageOf(node.callFrame.url, node.callFrame.functionName);
    totals.set(key, (totals.get(key) ?? 0) + ms);
  });
  const sorted = [...totals.entries()].sort((a, b) => b[1] - a[1]);
  return {
    total_ms: round(
      sorted.reduce((s, [, ms]) => s + ms, 0),
      1,
    ),
    by_package: sorted.slice(0, 15).map(([k, ms]) => [k, round(ms, 1)]),
  };
}

function packageOf(url, fn) {
  if (!url) return fn === '(idle)' || fn === '(program)' || fn === '(garbage collector)' ? fn : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const dist = /\/dist\/([^/]+)\//.exec(url);
  if (dist) return `datachat ${dist[1]}/`;
  if (url.startsWith('node:')) return 'node internals';
  return url
    .replace(/^file:\/\//, '')
    .split('/')
    .slice(-2)
    .join('/');
}
