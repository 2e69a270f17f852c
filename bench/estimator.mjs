#!/usr/bin/env node
// Benchmark of the profiler's statistics on sampled tables: for the sample database (SQLite) and a large
// PostgreSQL table (the 20 columns bench/profile.mjs builds), per column the exact distinct count against
// what the profiler reports, with its provenance (stats_basis), and the relative error:
//   before = the sample's own distinct count (what profiles reported before provenance: on PostgreSQL the
//            catalog replaced it when fresh, which `shipped` below also does);
//   shipped = the profiler as it runs (key, catalog, estimate, in that order);
//   estimator = the profiler with catalog statistics hidden, so every non-key column goes through Duj1.
// Then the median and worst relative error per canonical type, queries per table, profile ÷ count(*).
//
//   npm run build && node bench/estimator.mjs [--rows N] [--only sample|pg] [--fresh] [--json] [--cleanup]
//
// --rows sets the PostgreSQL table's size (default 2,000,000; 10,000,000 is the issue's figure, about
// 5 minutes to build on 2 cores). Connection: DATACHAT_BENCH_PG_URL (default postgresql://postgres@127.0.0.1:5432/test).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import pg from 'pg';
import { loadDist, round, seconds, timed } from './bench-util.mjs';

const URL_DEFAULT = 'postgresql://postgres@127.0.0.1:5432/test';
const SCHEMA = 'dc_bench_est';
const args = parseArgs(process.argv.slice(2));
const url = process.env.DATACHAT_BENCH_PG_URL || URL_DEFAULT;
const log = (...parts) => console.error(...parts);

async function main() {
  const { createConnector } = await loadDist('connectors/registry.js');
  const { profileDatabase } = await loadDist('profiling/schema-profiler.js');
  const { planSampling } = await loadDist('profiling/table-profiler.js');
  const lib = { createConnector, profileDatabase, planSampling };
  if (args.cleanup) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await admin.end();
    log(`Dropped ${SCHEMA}.`);
    return;
  }
  const datasets = [];
  if (args.only !== 'pg') datasets.push(await sampleDatabase(lib));
  if (args.only !== 'sample') datasets.push(await postgresTable(lib));
  if (args.json) console.log(JSON.stringify(datasets, null, 2));
  else for (const d of datasets) printDataset(d);
}

// ─── datasets ───────────────────────────────────────────────────────────────────────────────────────

async function sampleDatabase(lib) {
  const { generateSampleDatabase } = await loadDist('sample/generate-sample-database.js');
  const dir = mkdtempSync(join(os.tmpdir(), 'datachat-bench-est-'));
  try {
    const file = join(dir, 'sample.db');
    await generateSampleDatabase(file);
    const settings = { id: 'bench', engine: 'sqlite', url: `sqlite:${file}`, options: {}, baseDir: dir };
    return await measure('sample database (SQLite)', settings, lib);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresTable(lib) {
  const admin = new pg.Client({ connectionString: url, application_name: 'datachat-bench' });
  await admin.connect();
  try {
    const setup = await setupBig(admin, args.rows, args.fresh);
    const settings = { id: 'bench', engine: 'postgresql', url, options: { schemas: [SCHEMA] }, baseDir: process.cwd() };
    const result = await measure(
      `${SCHEMA}.big (PostgreSQL, ${args.rows.toLocaleString('en-US')} rows)`,
      settings,
      lib,
    );
    // profile ÷ count(*): a warm plain count(*), then the shipped profile again (warm too).
    await admin.query(`SELECT count(*) FROM ${SCHEMA}.big`);
    const count = await timed(() => admin.query(`SELECT count(*) FROM ${SCHEMA}.big`));
    const connector = await lib.createConnector(settings);
    try {
      const profile = await timed(() => lib.profileDatabase(connector, { connectionId: 'bench' }));
      result.ratio = {
        count_ms: round(count.ms),
        profile_ms: round(profile.ms),
        profile_over_count: round(profile.ms / count.ms, 3),
      };
    } finally {
      await connector.close();
    }
    result.setup = setup;
    return result;
  } finally {
    await admin.end();
  }
}

/** Exact counts, the sample's counts (before), the shipped profile and the estimator-only profile of every sampled table. */
async function measure(name, settings, { createConnector, profileDatabase, planSampling }) {
  log(`${name}: measuring...`);
  const connector = await createConnector(settings);
  try {
    const d = connector.dialect;
    const shipped = await profileDatabase(connector, { connectionId: 'bench' });
    // The same connector with catalog statistics hidden: every non-key column goes through the estimator.
    const hidden = {
      engine: connector.engine,
      dialect: connector.dialect,
      test: () => connector.test(),
      close: async () => undefined,
      execute: (sql, o) => connector.execute(sql, o),
      introspect: async (o) => {
        const meta = await connector.introspect(o);
        return { ...meta, tables: meta.tables.map(({ columnStats: _c, ...t }) => t) };
      },
    };
    const estimated = await profileDatabase(hidden, { connectionId: 'bench' });
    const metadata = await connector.introspect({});
    const rows = [];
    for (const table of shipped.tables.filter((t) => t.sampling.method !== 'full')) {
      const info = metadata.tables.find((t) => t.name === table.table_name && (t.schema ?? '') === table.schema);
      const qualified = d.quoteQualified(info.schema, info.name);
      const countable = table.columns.filter(
        (c) =>
          c.stats_basis?.distinct !== undefined &&
          !['json', 'array', 'struct', 'binary', 'geography', 'unknown', 'interval'].includes(c.canonical_type),
      );
      const q = (sql) => connector.execute(sql, { maxRows: 1, timeoutMs: 1_800_000 }).then((r) => r.rows[0]);
      const alias = (i) => d.quoteIdentifier(`c${i}`);
      const exact = await q(
        `SELECT ${countable.map((c, i) => `COUNT(DISTINCT ${d.quoteIdentifier(c.name)}) AS ${alias(i)}`).join(', ')} FROM ${qualified}`,
      );
      const plan = planSampling(connector, info, {});
      const before = await q(
        `SELECT ${countable.map((c, i) => `COUNT(DISTINCT ${d.quoteIdentifier(c.name)}) AS ${alias(i)}`).join(', ')} FROM ${plan.source}`,
      );
      const other = estimated.tables.find((t) => t.table_name === table.table_name);
      countable.forEach((c, i) => {
        const truth = Number(exact[i]);
        const e = other.columns.find((x) => x.name === c.name);
        rows.push({
          table: table.table_name,
          column: c.name,
          type: c.canonical_type,
          exact: truth,
          before: Number(before[i]),
          shipped: c.unique_count,
          shipped_basis: c.stats_basis.distinct,
          estimator: e.unique_count,
          estimator_basis: e.stats_basis.distinct,
        });
      });
    }
    const error = (v, truth) => (truth === 0 ? (v === 0 ? 0 : 1) : Math.abs(v - truth) / truth);
    for (const r of rows)
      Object.assign(r, {
        err_before: error(r.before, r.exact),
        err_shipped: error(r.shipped, r.exact),
        err_estimator: error(r.estimator, r.exact),
      });
    const byType = {};
    for (const r of rows) (byType[r.type] ??= []).push(r);
    const summary = Object.entries(byType).map(([type, list]) => ({
      type,
      columns: list.length,
      ...Object.fromEntries(
        ['before', 'shipped', 'estimator'].flatMap((k) => [
          [`median_${k}`, median(list.map((r) => r[`err_${k}`]))],
          [`worst_${k}`, Math.max(...list.map((r) => r[`err_${k}`]))],
        ]),
      ),
    }));
    const queries = shipped.tables.map((t) => t.queries);
    return {
      name,
      columns: rows,
      by_type: summary,
      queries_per_table_max: Math.max(...queries),
      tables: shipped.tables.length,
    };
  } finally {
    await connector.close();
  }
}

// ─── the PostgreSQL table ───────────────────────────────────────────────────────────────────────────

async function setupBig(admin, rows, fresh) {
  const marker = `dc_bench_est rows=${rows}`;
  const { rows: found } = await admin.query(
    `SELECT obj_description(oid, 'pg_namespace') AS c FROM pg_namespace WHERE nspname = $1`,
    [SCHEMA],
  );
  if (!fresh && found[0]?.c === marker) {
    log(`${SCHEMA}.big: present (${rows.toLocaleString('en-US')} rows), setup skipped.`);
    return { skipped: true };
  }
  log(`${SCHEMA}.big: building ${rows.toLocaleString('en-US')} rows × 20 columns (bench/profile.mjs's generator)...`);
  const started = performance.now();
  await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  await admin.query(`CREATE SCHEMA ${SCHEMA}`);
  await admin.query(`CREATE TABLE ${SCHEMA}.big (id bigint NOT NULL, customer_id integer NOT NULL, quantity integer NOT NULL,
    amount numeric(12,2) NOT NULL, price double precision NOT NULL, big_counter bigint NOT NULL, status text NOT NULL,
    country text NOT NULL, description text NOT NULL, email text NOT NULL, is_active boolean NOT NULL, is_deleted boolean,
    created_on date NOT NULL, created_at timestamp NOT NULL, updated_at timestamptz, external_ref text NOT NULL, note text,
    score double precision, category_code smallint, payload jsonb NOT NULL)`);
  const parts = Math.max(1, Math.min(4, os.cpus().length));
  const per = Math.ceil(rows / parts);
  await Promise.all(
    Array.from({ length: parts }, async (_, i) => {
      const client = new pg.Client({ connectionString: url, application_name: 'datachat-bench' });
      await client.connect();
      try {
        await client.query('SET synchronous_commit = off');
        await client.query(insertSql(i * per + 1, Math.min(rows, (i + 1) * per)));
      } finally {
        await client.end();
      }
    }),
  );
  await admin.query(`ALTER TABLE ${SCHEMA}.big ADD PRIMARY KEY (id)`);
  // An index on a non-key column, so the index min/max lookup is measured too.
  await admin.query(`CREATE INDEX big_created_on ON ${SCHEMA}.big (created_on)`);
  await admin.query(`VACUUM (ANALYZE) ${SCHEMA}.big`);
  await admin.query(`COMMENT ON SCHEMA ${SCHEMA} IS '${marker}'`);
  const ms = performance.now() - started;
  log(`  built in ${seconds(ms)}`);
  return { skipped: false, ms: round(ms) };
}

/** The same deterministic columns as bench/profile.mjs (hashint8extended, never random()). */
function insertSql(from, to) {
  const h = (seed) => `hashint8extended(g, ${seed})`;
  const mod = (seed, n) => `abs(${h(seed)} % ${n})`;
  return `INSERT INTO ${SCHEMA}.big SELECT g, 1 + ${mod(1, 100000)}, 1 + ${mod(2, 50)}, (${mod(3, 10000000)} / 100.0)::numeric(12,2),
    ${mod(4, 1000000)} / 1000.0, g * 1000003, (ARRAY['new','paid','shipped','returned','cancelled'])[1 + ${mod(5, 5)}],
    'C' || lpad(${mod(6, 200)}::text, 3, '0'), 'item ' || md5(g::text), 'user' || ${mod(7, 5000000)} || '@example.com',
    ${mod(8, 10)} <> 0, CASE WHEN ${mod(9, 2)} = 0 THEN NULL ELSE ${mod(9, 3)} = 0 END, date '2015-01-01' + ${mod(10, 3650)}::int,
    timestamp '2015-01-01' + ${mod(11, 315360000)} * interval '1 second',
    CASE WHEN ${mod(12, 10)} < 3 THEN NULL ELSE timestamptz '2020-01-01 00:00+00' + ${mod(12, 100000000)} * interval '1 second' END,
    md5(g::text || 'ref')::uuid::text, CASE WHEN ${mod(13, 10)} = 0 THEN 'note ' || ${mod(13, 1000)} END,
    CASE WHEN ${mod(14, 10)} = 0 THEN NULL ELSE ${mod(14, 100000)} / 100.0 END,
    CASE WHEN ${mod(15, 100)} = 0 THEN NULL ELSE ${mod(15, 30)}::smallint END, jsonb_build_object('k', ${mod(16, 1000)}, 'ok', ${mod(16, 2)} = 0)
    FROM generate_series(${from}::bigint, ${to}::bigint) g`;
}

// ─── report ─────────────────────────────────────────────────────────────────────────────────────────

function printDataset(d) {
  const pct = (v) => `${(v * 100).toFixed(1)}%`;
  const lines = [
    '',
    `== ${d.name}: ${d.tables} tables, at most ${d.queries_per_table_max} statistics queries per table ==`,
    '',
  ];
  lines.push(
    table(
      [
        'table.column',
        'type',
        'exact',
        'before (sample)',
        'err',
        'shipped',
        'basis',
        'err',
        'estimator',
        'basis',
        'err',
      ],
      d.columns.map((r) => [
        `${r.table}.${r.column}`,
        r.type,
        r.exact,
        r.before,
        pct(r.err_before),
        r.shipped,
        r.shipped_basis,
        pct(r.err_shipped),
        r.estimator,
        r.estimator_basis,
        pct(r.err_estimator),
      ]),
    ),
  );
  lines.push('', 'Relative error per column type (median / worst):');
  lines.push(
    table(
      ['type', 'columns', 'before', 'shipped', 'estimator only'],
      d.by_type.map((s) => [
        s.type,
        s.columns,
        `${pct(s.median_before)} / ${pct(s.worst_before)}`,
        `${pct(s.median_shipped)} / ${pct(s.worst_shipped)}`,
        `${pct(s.median_estimator)} / ${pct(s.worst_estimator)}`,
      ]),
    ),
  );
  if (d.ratio)
    lines.push(
      '',
      `profile ÷ count(*) (warm): ${d.ratio.profile_over_count} (${seconds(d.ratio.profile_ms)} ÷ ${seconds(d.ratio.count_ms)})`,
    );
  console.log(lines.join('\n'));
}

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function parseArgs(argv) {
  const out = { rows: 2_000_000, only: undefined, fresh: false, json: false, cleanup: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--rows') out.rows = Number(argv[++i]);
    else if (a === '--only') out.only = argv[++i];
    else if (a === '--fresh') out.fresh = true;
    else if (a === '--json') out.json = true;
    else if (a === '--cleanup') out.cleanup = true;
    else {
      console.error(
        `bench/estimator.mjs: unknown option ${a}\nUsage: node bench/estimator.mjs [--rows N] [--only sample|pg] [--fresh] [--json] [--cleanup]`,
      );
      process.exit(2);
    }
  }
  if (!Number.isInteger(out.rows) || out.rows < 20_000) {
    console.error('bench/estimator.mjs: --rows takes an integer ≥ 20000');
    process.exit(2);
  }
  return out;
}

main().catch((error) => {
  console.error(error?.stack ?? error);
  process.exitCode = 1;
});
