#!/usr/bin/env node
// Offline answer quality of the deterministic path (issue #14): for each eval set, build its database,
// `datachat init --offline --yes --auto-approve` a temp project on it, `datachat eval <set> --json`, and
// print one table (questions, answered, correct, wrong, declined) plus every wrong answer with our SQL
// and the gold SQL. Measures, never asserts.
//
//   npm run build && node bench/eval/run.mjs [--only a,b] [--no-holdout] [--no-spider] [--no-defog] [--no-umich] [--spider-limit N]
//                                            [--per-db] [--json] [--keep] [--show-declines N]
//
// Data (read-only): ../shared/datasets. PostgreSQL sets (Pagila, Northwind, TPC-H) load into scratch
// databases on DATACHAT_BENCH_PG_URL (default postgresql://postgres@127.0.0.1:5432/test), dropped at the end.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { seconds, timed } from '../bench-util.mjs';
import { prepareDatabase } from './databases.mjs';
import { defogConnection, defogDatabases, writeDefogSet } from './defog.mjs';
import { spiderConnection, spiderDatabases, writeSpiderSet } from './spider.mjs';
import { UMICH_SETS, umichConnection, writeUmichSet } from './umich.mjs';

const require = createRequire(import.meta.url);
const YAML = require('yaml');

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/datachat.js');
const BUSINESS = ['chinook', 'pagila', 'northwind', 'tpch'];
const log = (...parts) => console.error(...parts);

const args = parseArgs(process.argv.slice(2));

/** The sets to run, in order: `{ name, connection, database, file, heldOut }`; Spider sets are written at run time. */
function plannedSets(tmp) {
  const sets = [
    {
      name: 'sample',
      connection: 'sample',
      database: 'sample',
      file: join(ROOT, 'templates/eval/sample.yaml'),
      heldOut: false,
    },
  ];
  for (const db of BUSINESS) {
    const tuned = join(ROOT, `bench/eval/sets/${db}.yaml`);
    const held = join(ROOT, `bench/eval/holdout/${db}.yaml`);
    if (existsSync(tuned)) sets.push({ name: db, connection: db, database: db, file: tuned, heldOut: false });
    if (args.holdout && existsSync(held))
      sets.push({ name: `${db} (held out)`, connection: db, database: db, file: held, heldOut: true });
  }
  if (args.spider) {
    const dir = join(tmp, 'spider-sets');
    mkdirSync(dir, { recursive: true });
    for (const db of spiderDatabases()) {
      sets.push({
        name: `spider/${db}`,
        connection: spiderConnection(db),
        database: `spider_${db}`,
        file: writeSpiderSet(dir, db, args.spiderLimit),
        heldOut: false,
        pooled: 'spider dev',
      });
    }
  }
  if (args.umich) {
    const dir = join(tmp, 'umich-sets');
    mkdirSync(dir, { recursive: true });
    for (const name of Object.keys(UMICH_SETS)) {
      sets.push({
        name: `umich/${name}`,
        connection: umichConnection(name),
        database: umichConnection(name),
        file: writeUmichSet(dir, name),
        heldOut: true,
      });
    }
  }
  if (args.defog) {
    const dir = join(tmp, 'defog-sets');
    mkdirSync(dir, { recursive: true });
    for (const db of defogDatabases()) {
      sets.push({
        name: `defog/${db}`,
        connection: defogConnection(db),
        database: `defog_${db}`,
        file: writeDefogSet(dir, db),
        heldOut: true,
        pooled: 'defog sql-eval',
      });
    }
  }
  const wanted = args.only;
  return wanted
    ? sets.filter((s) =>
        wanted.some(
          (w) => s.name === w || s.connection === w || s.name.startsWith(`${w}/`) || s.name.startsWith(`${w} `),
        ),
      )
    : sets;
}

function datachat(argv, cwd) {
  const result = spawnSync(process.execPath, [BIN, ...argv], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A temp project initialised on database `name` as connection `connection`, or the reason it could not be made. */
async function initProject(tmp, connection, name) {
  const database = await prepareDatabase(name);
  if (typeof database === 'string') return database;
  const dir = mkdtempSync(join(tmp, `${connection}-`));
  const source = database.sample ? ['--sample'] : ['--db', `${connection}=${database.url}`];
  const init = datachat(['init', ...source, '--offline', '--yes', '--auto-approve', '--json', '--dir', dir], dir);
  if (init.status !== 0) {
    database.cleanup();
    return `init failed (${init.status}): ${init.stderr.trim().split('\n').slice(-3).join(' ')}`;
  }
  return { dir, cleanup: database.cleanup };
}

function goldById(file) {
  const spec = YAML.parse(readFileSync(file, 'utf8'));
  return new Map(spec.questions.map((q) => [q.id, q]));
}

async function main() {
  if (args.help)
    return console.log(
      'Usage: node bench/eval/run.mjs [--only a,b] [--no-holdout] [--no-spider] [--no-defog] [--no-umich] [--spider-limit N] [--per-db] [--json] [--keep] [--show-declines N]',
    );
  const tmp = mkdtempSync(join(os.tmpdir(), 'datachat-eval-'));
  if (args.keep) log(`projects under ${tmp}`);
  const projects = new Map();
  const rows = [];
  try {
    for (const set of plannedSets(tmp)) {
      if (!projects.has(set.connection)) {
        log(`• ${set.connection}: building the database and the project`);
        const { value, ms } = await timed(() => initProject(tmp, set.connection, set.database));
        projects.set(set.connection, value);
        if (typeof value !== 'string') log(`  ready in ${seconds(ms)}`);
      }
      const project = projects.get(set.connection);
      if (typeof project === 'string') {
        rows.push({ ...set, skipped: project });
        log(`  skipped: ${project}`);
        continue;
      }
      const { value: run, ms } = await timed(async () =>
        datachat(['eval', set.file, '--json', '--dir', project.dir], project.dir),
      );
      let report;
      try {
        report = JSON.parse(run.stdout);
      } catch {
        rows.push({
          ...set,
          skipped: `eval failed (${run.status}): ${run.stderr.trim().split('\n').slice(-3).join(' ')}`,
        });
        continue;
      }
      log(`  ${set.name}: ${report.total} questions in ${seconds(ms)}`);
      rows.push({ ...set, report, gold: goldById(set.file) });
    }
  } finally {
    for (const project of projects.values()) if (typeof project !== 'string') project.cleanup();
    if (!args.keep) rmSync(tmp, { recursive: true, force: true });
  }
  const summary = rows.map(summarize);
  if (args.json) {
    const declined = rows
      .filter((r) => r.report)
      .flatMap((r) =>
        r.report.questions
          .filter((q) => q.outcome === 'declined')
          .map((q) => ({ set: r.name, id: q.id, question: q.question, detail: q.detail })),
      );
    return console.log(JSON.stringify({ sets: summary, wrong: wrongAnswers(rows), declined }, null, 2));
  }
  printTable(summary);
  printWrong(rows);
  printDeclines(rows);
}

function summarize(row) {
  if (row.skipped) return { set: row.name, held_out: row.heldOut, skipped: row.skipped };
  const r = row.report;
  const goldWrong = r.gold_wrong ?? 0;
  return {
    set: row.name,
    held_out: row.heldOut,
    pooled: row.pooled,
    questions: r.total,
    answered: r.answered ?? r.correct + r.wrong + goldWrong,
    correct: r.correct,
    wrong: r.wrong,
    declined: r.declined,
    errors: r.errors,
    gold_wrong: goldWrong,
    by_method: r.by_method,
  };
}

function wrongAnswers(rows) {
  return rows
    .filter((r) => r.report)
    .flatMap((r) =>
      r.report.questions
        .filter((q) => q.outcome === 'wrong' || q.outcome === 'error')
        .map((q) => ({
          set: r.name,
          id: q.id,
          outcome: q.outcome,
          question: q.question,
          method: q.method,
          sql: q.sql,
          gold_sql: r.gold.get(q.id)?.gold_sql,
          detail: q.detail,
        })),
    );
}

function printTable(summary) {
  const pct = (n, d) => (d ? `${Math.round((100 * n) / d)} %` : '—');
  const shown = args.perDb ? summary : summary.filter((s) => !s.pooled);
  // Multi-database benchmarks get one pooled row each (--per-db lists their databases too).
  for (const name of [...new Set(summary.map((s) => s.pooled).filter(Boolean))]) {
    const part = summary.filter((s) => s.pooled === name && !s.skipped);
    const skipped = summary.filter((s) => s.pooled === name && s.skipped);
    const sum = (k) => part.reduce((n, s) => n + s[k], 0);
    const note = skipped.length ? `; ${skipped.length} skipped: ${skipped[0].skipped}` : '';
    shown.push({
      set: `${name} (${part.length} dbs${note})`,
      held_out: part[0]?.held_out ?? false,
      questions: sum('questions'),
      answered: sum('answered'),
      correct: sum('correct'),
      wrong: sum('wrong'),
      declined: sum('declined'),
      errors: sum('errors'),
      gold_wrong: sum('gold_wrong'),
    });
  }
  const table = shown.map((s) =>
    s.skipped
      ? {
          set: s.set,
          questions: '',
          answered: '',
          correct: '',
          wrong: '',
          declined: '',
          errors: '',
          'gold wrong': '',
          note: s.skipped,
        }
      : {
          set: s.set,
          questions: s.questions,
          answered: `${s.answered} (${pct(s.answered, s.questions)})`,
          correct: s.correct,
          wrong: s.wrong,
          declined: s.declined,
          errors: s.errors,
          'gold wrong': s.gold_wrong,
          note: s.held_out ? 'held out' : '',
        },
  );
  console.log(formatTable(table));
}

function printWrong(rows) {
  const wrong = wrongAnswers(rows);
  console.log(`\nWrong answers and errors: ${wrong.length}`);
  for (const w of wrong) {
    console.log(`\n[${w.set}] ${w.id} (${w.outcome}, ${w.method ?? 'no method'}): ${w.question}`);
    console.log(`  ours: ${w.sql ?? '—'}`);
    console.log(`  gold: ${w.gold_sql}`);
    if (w.detail) console.log(`  ${w.detail.slice(0, 300)}`);
  }
}

/** The most frequent decline reasons, quoted words folded so that one cause counts once. */
function printDeclines(rows) {
  if (!args.showDeclines) return;
  const causes = new Map();
  for (const r of rows.filter((x) => x.report)) {
    for (const q of r.report.questions.filter((x) => x.outcome === 'declined')) {
      const cause = (q.detail ?? '')
        .split('\n')[0]
        .replace(/"[^"]*"|'[^']*'|“[^”]*”/g, '…')
        .slice(0, 120);
      causes.set(cause, (causes.get(cause) ?? 0) + 1);
    }
  }
  console.log('\nDecline causes (most frequent):');
  for (const [cause, n] of [...causes].sort((a, b) => b[1] - a[1]).slice(0, args.showDeclines))
    console.log(`  ${String(n).padStart(4)}  ${cause}`);
}

function formatTable(rows) {
  if (!rows.length) return '(no sets)';
  const keys = Object.keys(rows[0]);
  const width = keys.map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells) =>
    cells
      .map((c, i) => String(c).padEnd(width[i]))
      .join('  ')
      .trimEnd();
  return [line(keys), line(width.map((w) => '-'.repeat(w))), ...rows.map((r) => line(keys.map((k) => r[k])))].join(
    '\n',
  );
}

function parseArgs(argv) {
  const out = {
    json: false,
    keep: false,
    help: false,
    holdout: true,
    spider: true,
    defog: true,
    umich: true,
    spiderLimit: 0,
    perDb: false,
    only: undefined,
    showDeclines: 15,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (flag) => (a === flag ? argv[++i] : a.slice(flag.length + 1));
    if (a === '--json') out.json = true;
    else if (a === '--keep') out.keep = true;
    else if (a === '--no-holdout') out.holdout = false;
    else if (a === '--no-spider') out.spider = false;
    else if (a === '--no-umich') out.umich = false;
    else if (a === '--no-defog') out.defog = false;
    else if (a === '--per-db') out.perDb = true;
    else if (a === '--help' || a === '-h') out.help = true;
    else if (a === '--only' || a.startsWith('--only='))
      out.only = value('--only')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else if (a === '--spider-limit' || a.startsWith('--spider-limit='))
      out.spiderLimit = count(value('--spider-limit'), '--spider-limit');
    else if (a === '--show-declines' || a.startsWith('--show-declines='))
      out.showDeclines = count(value('--show-declines'), '--show-declines');
    else usage(`unknown option ${a}`);
  }
  return out;
}

function count(value, flag) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) usage(`${flag} takes a non-negative integer (got ${value})`);
  return n;
}

function usage(message) {
  console.error(
    `${message}\nUsage: node bench/eval/run.mjs [--only a,b] [--no-holdout] [--no-spider] [--no-defog] [--no-umich] [--spider-limit N] [--per-db] [--json] [--keep] [--show-declines N]`,
  );
  process.exit(2);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
