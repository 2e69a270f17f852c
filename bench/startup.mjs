// Startup cost of a one-shot answer, as a ratio to a bare `node -e 0` measured in the same run.
//
//   npm run build && node bench/startup.mjs [--runs N] [--json] [--no-breakdown] [--baseline DIR]
//
// --baseline DIR: another built checkout (e.g. `git archive <commit> | tar -x -C DIR`, node_modules linked,
// `npm run build` there) measured in the same rounds on the same project, for before/after ratios that
// share the machine's load.
// Paired, interleaved runs (node -e 0, datachat ask, datachat --help, in turn), so machine noise
// hits all three alike; the figure is the median of the per-round ratios. Targets (issue #18):
// `ask "revenue by month in 2024"` on the sample project ≤ 2.5×, `--help` ≤ 1.2×.
// The breakdown says where the time goes: the cost of importing each heavy module on its own
// (paired against a bare node start), and CPU profiles of `ask` (--cpu-prof, median of 3) split into
// phases (node's own start, module loading, config, knowledge store, guard, waiting for the SQLite child…)
// and summed by package. The CLI runs from the bundle (dist/bundle/), whose keepNames keep the function
// names the phases are found by.
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
const baselineDir = args.includes('--baseline') ? args[args.indexOf('--baseline') + 1] : undefined;
const BASELINE_BIN = baselineDir ? join(baselineDir, 'bin', 'datachat.js') : undefined;

/**
 * Phases of one ask, found by function name on each sampled stack (innermost first), in the order they
 * run. Anything else counts as module loading when node's module loader is on the stack, else by V8's label.
 */
const PHASES = [
  ['config (loadConfig)', /^loadConfig$/],
  ['stale temp-file sweep', /^sweepStaleTempFiles$/],
  ['knowledge store open (+ sqlite-vec)', /^open$|^(migrate|withBusyRetry)$/],
  ['index freshness check', /^(freshIndex|isStale)$/],
  ['routing + retrieval', /^(routeQuestion|vocabularies|retrieve|ensure)$/],
  ['metric compiler', /^(compileMetricQuestion|planCatalogIntent)$/],
  ['SQL guard (parse + checks)', /^guardSql$/],
  ['SQLite child (spawn + run)', /^(spawnChild|run)$/, /sqlite/],
  ['render', /^(renderAnswer|table|printJson)$/],
  ['close', /^close$/],
  ['command line (commander)', /^(buildProgram|parseAsync)$/],
];

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
  const baseAsk = BASELINE_BIN ? [BASELINE_BIN, 'ask', QUESTION, '--dir', project] : undefined;
  if (baseAsk) time(baseAsk, { env });

  log(`Measuring ${runs} interleaved rounds…`);
  const rounds = [];
  for (let i = 0; i < runs; i++) {
    const node = time(['-e', '0'], { env });
    const answer = time(ask, { env });
    const help = time([BIN, '--help'], { env });
    const baseline = baseAsk ? { answer: time(baseAsk, { env }), help: time([BASELINE_BIN, '--help'], { env }) } : {};
    rounds.push({ node, answer, help, baseline });
  }
  const result = {
    runs,
    node_ms: round(median(rounds.map((r) => r.node)), 1),
    ask_ms: round(median(rounds.map((r) => r.answer)), 1),
    help_ms: round(median(rounds.map((r) => r.help)), 1),
    ask_ratio: round(median(rounds.map((r) => r.answer / r.node)), 2),
    help_ratio: round(median(rounds.map((r) => r.help / r.node)), 2),
    ...(baseAsk
      ? {
          baseline: {
            dir: baselineDir,
            ask_ms: round(median(rounds.map((r) => r.baseline.answer)), 1),
            help_ms: round(median(rounds.map((r) => r.baseline.help)), 1),
            ask_ratio: round(median(rounds.map((r) => r.baseline.answer / r.node)), 2),
            help_ratio: round(median(rounds.map((r) => r.baseline.help / r.node)), 2),
          },
        }
      : {}),
  };

  let breakdown;
  if (!args.includes('--no-breakdown')) {
    log('Breakdown: import cost of heavy modules, and a CPU profile of one ask…');
    breakdown = { imports: importCosts(env), ...cpuProfiles(ask, env, root) };
  }

  if (asJson) process.stdout.write(`${JSON.stringify({ ...result, ...(breakdown ? { breakdown } : {}) }, null, 2)}\n`);
  else {
    console.log(`node -e 0                       ${result.node_ms} ms`);
    console.log(`datachat ask "${QUESTION}"  ${result.ask_ms} ms  ${result.ask_ratio}× (target ≤ 2.5×)`);
    console.log(`datachat --help                 ${result.help_ms} ms  ${result.help_ratio}× (target ≤ 1.2×)`);
    if (result.baseline) {
      const b = result.baseline;
      console.log(`baseline ask (${b.dir})  ${b.ask_ms} ms  ${b.ask_ratio}×`);
      console.log(`baseline --help                 ${b.help_ms} ms  ${b.help_ratio}×`);
    }
    if (breakdown) {
      console.log('\nImport cost on its own (median over paired runs, minus node -e 0):');
      for (const [name, ms] of Object.entries(breakdown.imports)) console.log(`  ${name.padEnd(36)} ${ms} ms`);
      console.log(
        `\nOne ask by phase (median of ${breakdown.profiles} CPU profiles, ${breakdown.total_ms} ms sampled):`,
      );
      for (const [name, ms] of breakdown.phases) console.log(`  ${name.padEnd(36)} ${ms} ms`);
      console.log('\nSelf time by package (same profiles):');
      for (const [name, ms] of breakdown.by_package) console.log(`  ${name.padEnd(36)} ${ms} ms`);
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
    'node-sql-parser (SQLite grammar)': 'node-sql-parser/build/sqlite.js',
    'better-sqlite3': 'better-sqlite3',
    'sqlite-vec': 'sqlite-vec',
    commander: 'commander',
    chalk: 'chalk',
    'dist/bundle/main.js (no command)': './dist/bundle/main.js',
  };
  const out = {};
  for (const [name, specifier] of Object.entries(modules)) {
    const deltas = [];
    for (let i = 0; i < 5; i++) {
      const base = time(['-e', '0'], { env, cwd: ROOT });
      // The bundle's main parses argv: with none it prints help (commander loaded, nothing else).
      const code = `process.argv.length = 1; await import(${JSON.stringify(specifier)})`;
      const loaded = time(['--input-type=module', '-e', code], { env, cwd: ROOT });
      deltas.push(loaded - base);
    }
    out[name] = round(median(deltas), 1);
  }
  return out;
}

function phaseOf(stack) {
  for (const frame of stack) {
    for (const [name, fn, url] of PHASES) {
      if (fn.test(frame.functionName) && (!url || url.test(frame.url)) && !frame.url.startsWith('node:')) return name;
    }
  }
  const leaf = stack[0];
  if (leaf.functionName === '(idle)') return '(idle: waiting on I/O and the child)';
  if (leaf.functionName === '(garbage collector)') return '(garbage collector)';
  if (stack.some((f) => f.url.startsWith('node:internal/modules'))) return 'module loading (read, compile, run)';
  if (stack.some((f) => /\/dist\//.test(f.url))) return 'other datachat code';
  return 'node start + other';
}

/** Three asks under --cpu-prof: the median per phase and per package (node_modules/<pkg>, bundle chunk, node). */
function cpuProfiles(ask, env, root) {
  const phaseRuns = [];
  const packageRuns = [];
  const totals = [];
  for (let i = 0; i < 3; i++) {
    const dir = join(root, `prof-${i}`);
    time(['--cpu-prof', '--cpu-prof-dir', dir, ...ask], { env });
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const phases = new Map();
    const packages = new Map();
    let total = 0;
    profile.samples.forEach((id, k) => {
      const ms = (profile.timeDeltas[k] ?? 0) / 1000;
      total += ms;
      const stack = [];
      for (let cur = id; cur !== undefined; cur = parent.get(cur)) stack.push(byId.get(cur).callFrame);
      const phase = phaseOf(stack);
      phases.set(phase, (phases.get(phase) ?? 0) + ms);
      const pkg = packageOf(stack[0].url, stack[0].functionName);
      packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
    });
    phaseRuns.push(phases);
    packageRuns.push(packages);
    totals.push(total);
  }
  const medians = (runs) => {
    const keys = new Set(runs.flatMap((m) => [...m.keys()]));
    return [...keys].map((k) => [k, round(median(runs.map((m) => m.get(k) ?? 0)), 1)]).sort((a, b) => b[1] - a[1]);
  };
  return {
    profiles: 3,
    total_ms: round(median(totals), 1),
    phases: medians(phaseRuns),
    by_package: medians(packageRuns).slice(0, 15),
  };
}

function packageOf(url, fn) {
  if (!url) return fn === '(idle)' || fn === '(program)' || fn === '(garbage collector)' ? fn : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const dist = /\/dist\/([^/]+)\/([^/]+)$/.exec(url);
  if (dist)
    return dist[1] === 'bundle'
      ? `datachat bundle ${dist[2].replace(/-[A-Z0-9]{8}\.js$/, '')}`
      : `datachat ${dist[1]}/`;
  if (url.startsWith('node:')) return 'node internals';
  return url
    .replace(/^file:\/\//, '')
    .split('/')
    .slice(-2)
    .join('/');
}
