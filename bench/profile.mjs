#!/usr/bin/env node
// Benchmark of the schema profiler on PostgreSQL: a 10M-row, 20-column table and a 1,000-table schema.
// Prints ratios measured side by side in one run (profile ÷ count(*)), never timed assertions.
//
//   npm run build && node bench/profile.mjs [--fresh] [--repeat N] [--only big|wide] [--json] [--cleanup]
//
// The connection URL comes from DATACHAT_BENCH_PG_URL (default postgresql://postgres@127.0.0.1:5432/test).
// The role must be able to create schemas (setup); the profiler itself runs read-only through the connector.
import os from 'node:os';
import process from 'node:process';
import pg from 'pg';
import { timed, round, seconds, loadDist } from './bench-util.mjs';

const URL_DEFAULT = 'postgresql://postgres@127.0.0.1:5432/test';
const BIG_SCHEMA = 'dc_bench_big';
const WIDE_SCHEMA = 'dc_bench_wide';
const BIG_ROWS = 10_000_000;
const WIDE_TABLES = 1_000;
const WIDE_ROWS = 300;
/** Bumped whenever the generated data changes, so an old setup is rebuilt rather than reused. */
const SETUP_VERSION = 1;
const BIG_MARKER = `dc_bench v${SETUP_VERSION} rows=${BIG_ROWS}`;
const WIDE_MARKER = `dc_bench v${SETUP_VERSION} tables=${WIDE_TABLES} rows=${WIDE_ROWS}`;
/** Tables created per transaction: each table brings a TOAST table and two indexes, all locked until commit. */
const WIDE_BATCH = 100;

const TARGETS = {
  profileOverCount: 1.0,
  queriesPerTable: 3,
  wideSeconds: 60,
};

const args = parseArgs(process.argv.slice(2));
const url = process.env.DATACHAT_BENCH_PG_URL || URL_DEFAULT;
/** Progress goes to stderr so that `--json` leaves stdout parseable. */
const log = (...parts) => console.error(...parts);

async function main() {
  if (args.help) {
    console.log('Usage: node bench/profile.mjs [--fresh] [--repeat N] [--only big|wide] [--json] [--cleanup]');
    return;
  }
  const admin = new pg.Client({ connectionString: url, application_name: 'datachat-bench' });
  await admin.connect();
  try {
    if (args.cleanup) {
      const started = performance.now();
      await admin.query(`DROP SCHEMA IF EXISTS ${BIG_SCHEMA} CASCADE`);
      await admin.query(`DROP SCHEMA IF EXISTS ${WIDE_SCHEMA} CASCADE`);
      log(`Dropped ${BIG_SCHEMA} and ${WIDE_SCHEMA} in ${seconds(performance.now() - started)}.`);
      return;
    }
    const { createConnector } = await loadDist('connectors/registry.js');
    const { profileDatabase } = await loadDist('profiling/schema-profiler.js');
    const setup = {
      big: args.only === 'wide' ? undefined : await setupBig(admin, args.fresh),
      wide: args.only === 'big' ? undefined : await setupWide(admin, args.fresh),
    };
    const server = (
      await admin.query(
        `SELECT current_setting('server_version') AS v, current_setting('max_parallel_workers_per_gather') AS workers, current_setting('shared_buffers') AS sb`,
      )
    ).rows[0];
    const machine = {
      cpus: os.cpus().length,
      cpu_model: os.cpus()[0]?.model ?? 'unknown',
      memory_gib: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      postgres: server.v,
      max_parallel_workers_per_gather: Number(server.workers),
      shared_buffers: server.sb,
    };
    const runs = [];
    for (let i = 1; i <= args.repeat; i++) {
      log(`\n— measurement run ${i} of ${args.repeat} —`);
      runs.push(await measure(admin, createConnector, profileDatabase));
    }
    const result = { machine, setup, targets: TARGETS, runs };
    if (args.json) console.log(JSON.stringify(result, null, 2));
    else printReport(result);
  } finally {
    await admin.end();
  }
}

// ─── setup ──────────────────────────────────────────────────────────────────────────────────────────

/** The setup is current when the schema carries the marker comment (written last) and the catalog agrees. */
async function isCurrent(admin, schema, marker, check) {
  const { rows } = await admin.query(
    `SELECT obj_description(oid, 'pg_namespace') AS comment FROM pg_namespace WHERE nspname = $1`,
    [schema],
  );
  if (rows[0]?.comment !== marker) return false;
  return check();
}

async function setupBig(admin, fresh) {
  const current =
    !fresh &&
    (await isCurrent(admin, BIG_SCHEMA, BIG_MARKER, async () => {
      const { rows } = await admin.query(`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = to_regclass($1)`, [
        `${BIG_SCHEMA}.big`,
      ]);
      // reltuples is ANALYZE's estimate; VACUUM made it exact, so 1 % covers any later re-ANALYZE.
      return rows.length === 1 && Math.abs(rows[0].n - BIG_ROWS) <= BIG_ROWS * 0.01;
    }));
  if (current) {
    log(`${BIG_SCHEMA}.big: present (${BIG_ROWS.toLocaleString('en-US')} rows), setup skipped.`);
    return { skipped: true };
  }
  log(`${BIG_SCHEMA}.big: building ${BIG_ROWS.toLocaleString('en-US')} rows × 20 columns...`);
  const steps = {};
  const step = async (name, work) => {
    const started = performance.now();
    await work();
    steps[name] = Math.round(performance.now() - started);
    log(`  ${name}: ${seconds(steps[name])}`);
  };
  await step('create', async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${BIG_SCHEMA} CASCADE`);
    await admin.query(`CREATE SCHEMA ${BIG_SCHEMA}`);
    await admin.query(`CREATE TABLE ${BIG_SCHEMA}.big (
      id bigint NOT NULL,
      customer_id integer NOT NULL,
      quantity integer NOT NULL,
      amount numeric(12,2) NOT NULL,
      price double precision NOT NULL,
      big_counter bigint NOT NULL,
      status text NOT NULL,
      country text NOT NULL,
      description text NOT NULL,
      email text NOT NULL,
      is_active boolean NOT NULL,
      is_deleted boolean,
      created_on date NOT NULL,
      created_at timestamp NOT NULL,
      updated_at timestamptz,
      external_ref text NOT NULL,
      note text,
      score double precision,
      category_code smallint,
      payload jsonb NOT NULL
    )`);
  });
  // Two sessions each insert half: generation is CPU-bound, and the table has no index yet.
  const parts = Math.max(1, Math.min(4, os.cpus().length));
  await step(`insert (${parts} sessions)`, async () => {
    const per = Math.ceil(BIG_ROWS / parts);
    await Promise.all(
      Array.from({ length: parts }, async (_, i) => {
        const client = new pg.Client({ connectionString: url, application_name: 'datachat-bench' });
        await client.connect();
        try {
          await client.query('SET synchronous_commit = off');
          await client.query(bigInsertSql(i * per + 1, Math.min(BIG_ROWS, (i + 1) * per)));
        } finally {
          await client.end();
        }
      }),
    );
  });
  await step('primary key', async () => {
    await admin.query(`SET maintenance_work_mem = '512MB'`);
    await admin.query(`ALTER TABLE ${BIG_SCHEMA}.big ADD PRIMARY KEY (id)`);
    await admin.query('RESET maintenance_work_mem');
  });
  // VACUUM sets hint bits and the visibility map once, so the first measured scan does not write pages.
  await step('vacuum analyze', () => admin.query(`VACUUM (ANALYZE) ${BIG_SCHEMA}.big`));
  await admin.query(`COMMENT ON SCHEMA ${BIG_SCHEMA} IS '${BIG_MARKER}'`);
  const size = (await admin.query(`SELECT pg_total_relation_size('${BIG_SCHEMA}.big')::float8 AS b`)).rows[0].b;
  const total = Object.values(steps).reduce((a, b) => a + b, 0);
  log(`  total: ${seconds(total)}, ${(size / 2 ** 30).toFixed(2)} GiB on disk`);
  return { skipped: false, steps_ms: steps, total_ms: total, bytes: size };
}

/**
 * Deterministic pseudo-random columns from hashint8extended(g, seed): no random() (not reproducible
 * across sessions), no modulo of g alone (correlated with the physical order, which flatters block sampling).
 */
function bigInsertSql(from, to) {
  const h = (seed) => `hashint8extended(g, ${seed})`;
  const mod = (seed, n) => `abs(${h(seed)} % ${n})`;
  return `INSERT INTO ${BIG_SCHEMA}.big
    SELECT g,
      1 + ${mod(1, 100000)},
      1 + ${mod(2, 50)},
      (${mod(3, 10000000)} / 100.0)::numeric(12,2),
      ${mod(4, 1000000)} / 1000.0,
      g * 1000003,
      (ARRAY['new','paid','shipped','returned','cancelled'])[1 + ${mod(5, 5)}],
      'C' || lpad(${mod(6, 200)}::text, 3, '0'),
      'item ' || md5(g::text),
      'user' || ${mod(7, 5000000)} || '@example.com',
      ${mod(8, 10)} <> 0,
      CASE WHEN ${mod(9, 2)} = 0 THEN NULL ELSE ${mod(9, 3)} = 0 END,
      date '2015-01-01' + ${mod(10, 3650)}::int,
      timestamp '2015-01-01' + ${mod(11, 315360000)} * interval '1 second',
      CASE WHEN ${mod(12, 10)} < 3 THEN NULL ELSE timestamptz '2020-01-01 00:00+00' + ${mod(12, 100000000)} * interval '1 second' END,
      md5(g::text || 'ref')::uuid::text,
      CASE WHEN ${mod(13, 10)} = 0 THEN 'note ' || ${mod(13, 1000)} END,
      CASE WHEN ${mod(14, 10)} = 0 THEN NULL ELSE ${mod(14, 100000)} / 100.0 END,
      CASE WHEN ${mod(15, 100)} = 0 THEN NULL ELSE ${mod(15, 30)}::smallint END,
      jsonb_build_object('k', ${mod(16, 1000)}, 'ok', ${mod(16, 2)} = 0)
    FROM generate_series(${from}::bigint, ${to}::bigint) g`;
}

const wideName = (i) => `w${String(i).padStart(4, '0')}`;

async function setupWide(admin, fresh) {
  const current =
    !fresh &&
    (await isCurrent(admin, WIDE_SCHEMA, WIDE_MARKER, async () => {
      const { rows } = await admin.query(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE c.reltuples = $2)::int AS analyzed
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
        [WIDE_SCHEMA, WIDE_ROWS],
      );
      return rows[0].n === WIDE_TABLES && rows[0].analyzed === WIDE_TABLES;
    }));
  if (current) {
    log(`${WIDE_SCHEMA}: present (${WIDE_TABLES} tables × ${WIDE_ROWS} rows), setup skipped.`);
    return { skipped: true };
  }
  log(`${WIDE_SCHEMA}: building ${WIDE_TABLES} tables × 10 columns × ${WIDE_ROWS} rows...`);
  const started = performance.now();
  await admin.query(`DROP SCHEMA IF EXISTS ${WIDE_SCHEMA} CASCADE`);
  await admin.query(`CREATE SCHEMA ${WIDE_SCHEMA}`);
  await admin.query('SET synchronous_commit = off');
  // Each table references the previous one by name only (w0001.w0000_id → w0000.id, no declared FK),
  // so relationship discovery has one naming candidate per table to verify by containment.
  for (let first = 0; first < WIDE_TABLES; first += WIDE_BATCH) {
    const last = Math.min(WIDE_TABLES, first + WIDE_BATCH) - 1;
    await admin.query(`DO $$
      DECLARE i int; t text; r text;
      BEGIN
        FOR i IN ${first}..${last} LOOP
          t := 'w' || lpad(i::text, 4, '0');
          r := 'w' || lpad(((i + ${WIDE_TABLES - 1}) % ${WIDE_TABLES})::text, 4, '0') || '_id';
          EXECUTE format('CREATE TABLE ${WIDE_SCHEMA}.%I (id integer PRIMARY KEY, %I integer, name text NOT NULL, code text NOT NULL, qty integer NOT NULL, amount numeric(10,2), ratio double precision, active boolean NOT NULL, created_at timestamp NOT NULL, note text)', t, r);
          EXECUTE format($f$INSERT INTO ${WIDE_SCHEMA}.%I SELECT g, 1 + (g * 7) %% ${WIDE_ROWS}, 'name ' || g, (ARRAY['a','b','c','d'])[1 + g %% 4], g %% 20, g * 1.5, g / 7.0, g %% 3 = 0, timestamp '2024-01-01' + g * interval '1 hour', CASE WHEN g %% 5 = 0 THEN NULL ELSE 'n' || g END FROM generate_series(1, ${WIDE_ROWS}) g$f$, t);
        END LOOP;
      END $$`);
  }
  const created = performance.now() - started;
  log(`  create + insert: ${seconds(created)}`);
  // Outside a transaction block, a multi-table ANALYZE commits per table (bounded lock table use).
  const analyzeStarted = performance.now();
  const names = Array.from({ length: WIDE_TABLES }, (_, i) => `${WIDE_SCHEMA}.${wideName(i)}`);
  for (let i = 0; i < names.length; i += 250) await admin.query(`ANALYZE ${names.slice(i, i + 250).join(', ')}`);
  const analyzed = performance.now() - analyzeStarted;
  log(`  analyze: ${seconds(analyzed)}`);
  await admin.query(`COMMENT ON SCHEMA ${WIDE_SCHEMA} IS '${WIDE_MARKER}'`);
  await admin.query('RESET synchronous_commit');
  return {
    skipped: false,
    steps_ms: { create_insert: Math.round(created), analyze: Math.round(analyzed) },
    total_ms: Math.round(created + analyzed),
  };
}

// ─── measurement ────────────────────────────────────────────────────────────────────────────────────

async function measure(admin, createConnector, profileDatabase) {
  const run = {};
  if (args.only !== 'wide') {
    // (a) The baseline as a user runs it (psql-like: simple query, parallel plan allowed), cold-ish then warm.
    const countSql = `SELECT count(*) FROM ${BIG_SCHEMA}.big`;
    const plan = (await admin.query(`EXPLAIN ${countSql}`)).rows.map((r) => r['QUERY PLAN']);
    const count1 = await timed(() => admin.query(countSql));
    const count2 = await timed(() => admin.query(countSql));
    log(`count(*) plain: first ${seconds(count1.ms)}, second ${seconds(count2.ms)}`);
    // Also through the connector (read-only transaction + DECLARE CURSOR: PostgreSQL never plans a
    // cursor's query in parallel), which is how every profiler query runs.
    const connector = await makeConnector(createConnector, BIG_SCHEMA);
    let countCursor;
    try {
      countCursor = await timed(() =>
        connector.execute(`SELECT count(*) AS n FROM ${BIG_SCHEMA}.big`, { maxRows: 1, timeoutMs: 600_000 }),
      );
    } finally {
      await connector.close();
    }
    log(`count(*) through the connector (cursor): ${seconds(countCursor.ms)}`);
    // (b) profileDatabase on the big schema.
    const big = await profileRun(createConnector, profileDatabase, BIG_SCHEMA, {});
    log(`profile ${BIG_SCHEMA}: ${seconds(big.wall_ms)}`);
    run.big = {
      count_plan: planShape(plan),
      count_first_ms: round(count1.ms),
      count_warm_ms: round(count2.ms),
      count_cursor_ms: round(countCursor.ms),
      ...big,
      // (c) the headline ratio, against the warm plain count(*); and against the cursor count.
      ratio_profile_over_count: round(big.wall_ms / count2.ms, 3),
      ratio_profile_over_cursor_count: round(big.wall_ms / countCursor.ms, 3),
    };
  }
  if (args.only !== 'big') {
    // (e) 1,000 tables at the default concurrency, then at 8.
    run.wide_default = await profileRun(createConnector, profileDatabase, WIDE_SCHEMA, {});
    log(`profile ${WIDE_SCHEMA} (default concurrency): ${seconds(run.wide_default.wall_ms)}`);
    run.wide_c8 = await profileRun(createConnector, profileDatabase, WIDE_SCHEMA, { concurrency: 8 });
    log(`profile ${WIDE_SCHEMA} (concurrency 8): ${seconds(run.wide_c8.wall_ms)}`);
  }
  return run;
}

function makeConnector(createConnector, schema) {
  return createConnector({
    id: 'bench',
    engine: 'postgresql',
    url,
    options: { schemas: [schema] },
    baseDir: process.cwd(),
  });
}

/** One profileDatabase run over a fresh connector whose execute() is counted and timed per kind of query. */
async function profileRun(createConnector, profileDatabase, schema, options) {
  const inner = await makeConnector(createConnector, schema);
  const calls = { aggregate: [], top_values: [], sample_rows: [], containment: [], other: [] };
  let introspectMs = 0;
  const counted = {
    engine: inner.engine,
    dialect: inner.dialect,
    test: () => inner.test(),
    close: () => inner.close(),
    introspect: async (o) => {
      const t = await timed(() => inner.introspect(o));
      introspectMs += t.ms;
      return t.value;
    },
    execute: async (sql, o) => {
      const t = await timed(() => inner.execute(sql, o));
      calls[classify(sql)].push(t.ms);
      return t.value;
    },
  };
  let profile;
  let wall;
  try {
    const t = await timed(() => profileDatabase(counted, { connectionId: 'bench', ...options }));
    profile = t.value;
    wall = t.ms;
  } finally {
    await inner.close();
  }
  const perTable = profile.tables.map((t) => t.queries);
  const executes = Object.values(calls).reduce((n, list) => n + list.length, 0);
  const tables = Math.max(1, profile.tables.length + profile.failures.length);
  return {
    concurrency: options.concurrency ?? 'default',
    wall_ms: round(wall),
    summary_elapsed_ms: profile.summary.elapsed_ms,
    introspect_ms: round(introspectMs),
    tables: profile.tables.length,
    failures: profile.failures,
    skipped: profile.skipped.length,
    // (d) the profiler's own count of statistics round trips per table.
    queries_per_table_max: perTable.length ? Math.max(...perTable) : 0,
    queries_per_table_mean: perTable.length ? round(perTable.reduce((a, b) => a + b, 0) / perTable.length, 2) : 0,
    // (f) everything execute() saw, containment checks of relationship discovery included.
    execute_calls: executes,
    execute_calls_per_table: round(executes / tables, 2),
    containment_queries: calls.containment.length,
    relationships: profile.relationships.length,
    by_kind: Object.fromEntries(
      Object.entries(calls)
        .filter(([, list]) => list.length > 0)
        .map(([kind, list]) => [
          kind,
          { calls: list.length, total_ms: round(list.reduce((a, b) => a + b, 0)), max_ms: round(Math.max(...list)) },
        ]),
    ),
    sampling: summarizeSampling(profile.tables),
    slowest_tables: [...profile.tables]
      .sort((a, b) => b.elapsed_ms - a.elapsed_ms)
      .slice(0, 3)
      .map((t) => ({ table: t.table_name, ms: t.elapsed_ms })),
  };
}

/** Recognizes the profiler's statements by the aliases stats-queries.ts and relationship-discovery.ts give them. */
function classify(sql) {
  if (sql.includes('"dc_total"')) return 'containment';
  if (sql.includes('"dc_col"')) return 'top_values';
  if (sql.includes('"dc_rows"')) return 'aggregate';
  if (/^SELECT \* FROM .* LIMIT \d+$/s.test(sql)) return 'sample_rows';
  return 'other';
}

function summarizeSampling(tables) {
  const out = {};
  for (const t of tables) {
    const key = `${t.sampling.method}`;
    out[key] ??= { tables: 0, rows_profiled_max: 0 };
    out[key].tables++;
    out[key].rows_profiled_max = Math.max(out[key].rows_profiled_max, t.sampling.rows_profiled);
  }
  return out;
}

// ─── report ─────────────────────────────────────────────────────────────────────────────────────────

function printReport({ machine, setup, runs }) {
  const lines = [];
  lines.push('');
  lines.push(
    `Machine: ${machine.cpus} CPU cores (${machine.cpu_model}), ${machine.memory_gib} GiB RAM, Node ${machine.node}`,
  );
  lines.push(
    `Server:  PostgreSQL ${machine.postgres} (max_parallel_workers_per_gather=${machine.max_parallel_workers_per_gather}, shared_buffers=${machine.shared_buffers}), same machine`,
  );
  for (const [name, s] of Object.entries(setup)) {
    if (!s) continue;
    lines.push(
      `Setup ${name}: ${
        s.skipped
          ? 'reused (already present)'
          : `${seconds(s.total_ms)} (${Object.entries(s.steps_ms)
              .map(([k, v]) => `${k} ${seconds(v)}`)
              .join(', ')})`
      }`,
    );
  }
  lines.push('');
  const headers = ['metric', ...runs.map((_, i) => `run ${i + 1}`), 'target', 'met'];
  const rows = [];
  const row = (label, pick, format, target, ok) => {
    const values = runs.map(pick);
    if (values.every((v) => v === undefined)) return;
    const met = target === '' ? '' : values.every((v) => v !== undefined && ok(v)) ? 'yes' : 'NO';
    rows.push([label, ...values.map((v) => (v === undefined ? '-' : format(v))), target, met]);
  };
  const none = () => true;
  row(`(a) count(*) ${BIG_SCHEMA}.big, first`, (r) => r.big?.count_first_ms, seconds, '', none);
  row('(a) count(*), second (warm) = baseline', (r) => r.big?.count_warm_ms, seconds, '', none);
  row('    count(*) via connector (cursor, serial)', (r) => r.big?.count_cursor_ms, seconds, '', none);
  row(`(b) profileDatabase ${BIG_SCHEMA}`, (r) => r.big?.wall_ms, seconds, '', none);
  row('    of which introspection', (r) => r.big?.introspect_ms, seconds, '', none);
  row(
    '(c) profile ÷ count(*) warm',
    (r) => r.big?.ratio_profile_over_count,
    (v) => v.toFixed(3),
    `≤ ${TARGETS.profileOverCount}`,
    (v) => v <= TARGETS.profileOverCount,
  );
  row(
    '    profile ÷ count(*) via connector',
    (r) => r.big?.ratio_profile_over_cursor_count,
    (v) => v.toFixed(3),
    '',
    none,
  );
  row(
    '(d) queries per table, max',
    (r) => r.big?.queries_per_table_max,
    String,
    `≤ ${TARGETS.queriesPerTable}`,
    (v) => v <= TARGETS.queriesPerTable,
  );
  row('(d) queries per table, mean', (r) => r.big?.queries_per_table_mean, String, '', none);
  row('    sampling', (r) => r.big && samplingText(r.big.sampling), String, '', none);
  row(
    '    failures',
    (r) => r.big?.failures.length,
    String,
    '0',
    (v) => v === 0,
  );
  row(
    `(e) profileDatabase ${WIDE_SCHEMA}, default concurrency`,
    (r) => r.wide_default?.wall_ms,
    seconds,
    `< ${TARGETS.wideSeconds} s`,
    (v) => v < TARGETS.wideSeconds * 1000,
  );
  row(
    `(e) profileDatabase ${WIDE_SCHEMA}, concurrency 8`,
    (r) => r.wide_c8?.wall_ms,
    seconds,
    `< ${TARGETS.wideSeconds} s`,
    (v) => v < TARGETS.wideSeconds * 1000,
  );
  row(
    '    speed-up 8 vs default',
    (r) => r.wide_c8 && r.wide_default.wall_ms / r.wide_c8.wall_ms,
    (v) => `${v.toFixed(2)}×`,
    '',
    none,
  );
  row('    of which introspection (default)', (r) => r.wide_default?.introspect_ms, seconds, '', none);
  row(
    '    tables profiled / failed (default)',
    (r) => r.wide_default && `${r.wide_default.tables} / ${r.wide_default.failures.length}`,
    String,
    '',
    none,
  );
  row(
    '(d) queries per table, max (wide)',
    (r) => r.wide_default?.queries_per_table_max,
    String,
    `≤ ${TARGETS.queriesPerTable}`,
    (v) => v <= TARGETS.queriesPerTable,
  );
  row('(f) execute() calls ÷ tables (wide)', (r) => r.wide_default?.execute_calls_per_table, String, '', none);
  row('(f) containment queries (wide)', (r) => r.wide_default?.containment_queries, String, '', none);
  row('    relationships found (wide)', (r) => r.wide_default?.relationships, String, '', none);
  lines.push(renderTable(headers, rows));
  lines.push('');
  lines.push('Time per kind of query (sum over calls, which overlap under concurrency; max of one call):');
  const kindRows = [];
  runs.forEach((r, i) => {
    for (const key of ['big', 'wide_default', 'wide_c8']) {
      const p = r[key];
      if (!p) continue;
      for (const [kind, k] of Object.entries(p.by_kind))
        kindRows.push([`run ${i + 1}`, key, kind, String(k.calls), seconds(k.total_ms), seconds(k.max_ms)]);
    }
  });
  lines.push(renderTable(['run', 'profile', 'query', 'calls', 'total', 'max'], kindRows));
  const big = runs.find((r) => r.big)?.big;
  if (big) lines.push('', `count(*) plan: ${big.count_plan}`);
  for (const [i, r] of runs.entries()) {
    for (const key of ['big', 'wide_default', 'wide_c8']) {
      for (const f of r[key]?.failures ?? []) lines.push(`run ${i + 1} ${key} failure: ${f.table}: ${f.error}`);
    }
  }
  console.log(lines.join('\n'));
}

function samplingText(sampling) {
  return Object.entries(sampling)
    .map(([method, s]) => `${method} ${s.rows_profiled_max.toLocaleString('en-US')} rows`)
    .join(', ');
}

function renderTable(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** `Finalize Aggregate > Gather > Partial Aggregate > Parallel Seq Scan` from EXPLAIN's text lines. */
function planShape(lines) {
  return lines
    .map((l) => /^\s*(?:->\s*)?([A-Za-z][A-Za-z ]+?)(?: on | using |\s+\(|$)/.exec(l)?.[1])
    .filter((n) => n && !/^(Workers|Filter|Index Cond|Output)/.test(n))
    .join(' > ');
}

// ─── helpers ────────────────────────────────────────────────────────────────────────────────────────

function parseArgs(argv) {
  const out = { fresh: false, json: false, cleanup: false, help: false, repeat: 1, only: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--fresh') out.fresh = true;
    else if (a === '--json') out.json = true;
    else if (a === '--cleanup') out.cleanup = true;
    else if (a === '--help' || a === '-h') out.help = true;
    else if (a === '--repeat') out.repeat = positive(argv[++i], a);
    else if (a.startsWith('--repeat=')) out.repeat = positive(a.slice(9), '--repeat');
    else if (a === '--only' || a.startsWith('--only=')) {
      const v = a === '--only' ? argv[++i] : a.slice(7);
      if (v !== 'big' && v !== 'wide') usage(`--only takes big or wide (got ${v})`);
      out.only = v;
    } else usage(`unknown option ${a}`);
  }
  return out;
}

function positive(value, flag) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) usage(`${flag} takes a positive integer (got ${value})`);
  return n;
}

function usage(message) {
  console.error(
    `bench/profile.mjs: ${message}\nUsage: node bench/profile.mjs [--fresh] [--repeat N] [--only big|wide] [--json] [--cleanup]`,
  );
  process.exit(2);
}

main().catch((error) => {
  console.error(error?.stack ?? error);
  if (error?.cause) console.error('cause:', error.cause?.message ?? error.cause);
  process.exitCode = 1;
});
