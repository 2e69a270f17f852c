import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/connectors/connector.js';
import { createConnector } from '../../../src/connectors/registry.js';
import type { BusinessDataPoint } from '../../../src/datapoints/datapoint-model.js';
import { SqlRejectedError } from '../../../src/errors.js';
import { verifyMetric } from '../../../src/generation/expression-check.js';
import { GuardedExecutor } from '../../../src/query/guarded-executor.js';
import { mustRun, type EngineHarness } from '../conformance/harness.js';
import { connectAsRoot, mysqlHarness } from '../conformance/mysql-harness.js';
import { clickhouseHarness } from '../conformance/clickhouse-harness.js';
import { postgresqlHarness } from '../conformance/postgresql-harness.js';
import { sqliteHarness } from '../conformance/sqlite-harness.js';
import { corpusCases, loadCorpus } from '../../fixtures/hostile-sql/hostile-corpus.js';

/** Files the corpus tries to write on the server (INTO OUTFILE / DUMPFILE, lo_export, COPY TO). */
const WRITTEN_FILES = [
  '/tmp/dc_hostile_outfile',
  '/tmp/dc_hostile_dumpfile',
  '/tmp/dc_hostile',
  '/tmp/dc_hostile_metric',
];

/** Server state a hostile statement could leave behind, read over an admin connection. */
type Probe = (settingsUrl: string) => Promise<Record<string, unknown>>;

const postgresState: Probe = async (url) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // A catalog view missing on some server build (PGlite) reads as unavailable, the same before and after.
    const one = async (sql: string) =>
      client.query(sql).then(
        (r) => Object.values(r.rows[0] ?? {})[0],
        () => 'unavailable',
      );
    return {
      replicationSlots: await one('SELECT count(*)::int FROM pg_replication_slots'),
      replicationOrigins: await one('SELECT count(*)::int FROM pg_replication_origin'),
      statsReset: String(await one('SELECT stats_reset FROM pg_stat_database WHERE datname = current_database()')),
      bgwriterReset: String(await one('SELECT stats_reset FROM pg_stat_bgwriter')),
      largeObjects: await one('SELECT count(*)::int FROM pg_largeobject_metadata'),
      advisoryLocks: await one("SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory'"),
      files: WRITTEN_FILES.filter((f) => existsSync(f)),
    };
  } finally {
    await client.end();
  }
};

const mariadbState: Probe = async () => {
  const admin = await connectAsRoot();
  if (!admin) throw new Error('MariaDB went away');
  try {
    const files = WRITTEN_FILES.map((f, i) => `LOAD_FILE('${f}') IS NOT NULL AS f${i}`).join(', ');
    const [rows] = await admin.query(`SELECT ${files}, IS_USED_LOCK('dc') AS dc_lock`);
    return { ...(rows as Record<string, unknown>[])[0], files: WRITTEN_FILES.filter((f) => existsSync(f)) };
  } finally {
    await admin.end();
  }
};

/** ClickHouse: tables anywhere (a CREATE/INSERT/ATTACH escape adds one) and files written by `INTO OUTFILE`. */
const clickhouseState: Probe = async (url) => {
  const { hostname, port } = new URL(url.replace(/^clickhouse:/, 'http:'));
  const http = `http://${hostname}:${port}/`;
  const count = async (sql: string) => (await fetch(`${http}?query=${encodeURIComponent(sql)}`)).text();
  return {
    tables: (await count('SELECT count() FROM system.tables')).trim(),
    databases: (await count('SELECT count() FROM system.databases')).trim(),
    files: WRITTEN_FILES.filter((f) => existsSync(f)),
  };
};

/** SQLite: what a statement could change on the host (files; the database file is opened read-only anyway). */
const sqliteState: Probe = async () => ({ files: WRITTEN_FILES.filter((f) => existsSync(f)) });

interface ServerCase {
  engine: 'postgresql' | 'mysql' | 'clickhouse' | 'sqlite';
  label: string;
  harness: () => EngineHarness;
  probe: Probe;
  /** A Business DataPoint expression that escapes if it reaches the server. */
  hostileMetric: string;
  /**
   * Server errors on look-alikes the guard accepted that only say the server's dialect lacks the syntax
   * (CI's ClickHouse is Debian's 18.16: no window functions, no EXISTS, equality-only JOIN ON).
   */
  unsupportedSyntax?: RegExp;
}

const ENGINES: ServerCase[] = [
  {
    engine: 'postgresql',
    label: 'PostgreSQL',
    harness: postgresqlHarness,
    probe: postgresState,
    hostileMetric: "SUM(amount) + length(pg_read_file('/etc/passwd'))",
  },
  {
    engine: 'mysql',
    label: 'MariaDB',
    harness: mysqlHarness,
    probe: mariadbState,
    hostileMetric: "SUM(amount) INTO OUTFILE '/tmp/dc_hostile_metric' -- ",
  },
  {
    engine: 'clickhouse',
    label: 'ClickHouse',
    harness: clickhouseHarness,
    probe: clickhouseState,
    hostileMetric: "sum(amount) + (SELECT count() FROM file('/etc/passwd', 'TSV', 'line String'))",
    unsupportedSyntax: /ClickHouse: (Syntax error|Invalid expression for JOIN ON)/,
  },
  {
    engine: 'sqlite',
    label: 'SQLite',
    harness: sqliteHarness,
    probe: sqliteState,
    hostileMetric: "SUM(amount) + length(readfile('/etc/passwd'))",
  },
];

/**
 * The PostgreSQL, MariaDB, ClickHouse and SQLite corpora against real servers, connected as superuser / root (the worst case):
 * every attack is refused by the guarded path before it reaches the server, every look-alike runs, and
 * the server state an escape would change (replication slots, statistics resets, large objects, advisory
 * and user locks, files written by the server) is the same afterwards. In CI (CI=true) it never skips.
 */
describe.each(ENGINES)('hostile SQL on a real server ($label)', (server) => {
  const { engine, label, harness: makeHarness, probe, hostileMetric, unsupportedSyntax } = server;
  let harness: EngineHarness;
  let connector: Connector;
  let executor: GuardedExecutor;
  let skipReason: string | undefined;
  let before: Record<string, unknown>;
  const cases = corpusCases(loadCorpus(engine), 'abs(1)');

  beforeAll(async () => {
    harness = makeHarness();
    skipReason = await harness.prepare();
    if (skipReason) {
      if (mustRun()) throw new Error(`CI=true but the ${label} hostile-SQL suite cannot run: ${skipReason}`);
      console.warn(`[skip] ${label} hostile SQL: ${skipReason}`);
      return;
    }
    connector = await createConnector(harness.settings());
    executor = new GuardedExecutor(connector);
    before = await probe(harness.settings().url ?? '');
  }, 120_000);

  afterAll(async () => {
    await connector?.close();
    await harness?.teardown();
  });

  const live = (name: string, fn: () => Promise<void>, timeout = 300_000) =>
    it(
      name,
      async (ctx) => {
        if (skipReason) return ctx.skip();
        await fn();
      },
      timeout,
    );

  live('refuses every attack on the guarded path, before it reaches the server', async () => {
    const escaped: string[] = [];
    for (const item of cases.filter((c) => c.verdict === 'refuse')) {
      const outcome = await executor.execute(item.sql, { maxRows: 10, timeoutMs: 5000 }).then(
        (result) => `ran and returned ${result.rowCount} rows`,
        (error: unknown) =>
          error instanceof SqlRejectedError ? undefined : `failed on the server: ${(error as Error).message}`,
      );
      if (outcome) escaped.push(`${item.family}: ${outcome}: ${item.sql.slice(0, 160)}`);
    }
    expect(escaped).toEqual([]);
  });

  live('runs every benign look-alike', async () => {
    const failed: string[] = [];
    for (const item of cases.filter((c) => c.verdict === 'accept' && /dc_|^\s*select\s+(?!.*\bfrom\b)/is.test(c.sql))) {
      await executor.execute(item.sql, { maxRows: 10, timeoutMs: 10_000 }).catch((error: Error) => {
        const refused = error instanceof SqlRejectedError;
        if (refused || !unsupportedSyntax?.test(error.message)) failed.push(`${item.sql}: ${error.message}`);
      });
    }
    expect(failed).toEqual([]);
  });

  live('refuses a hostile metric in check/generate without running it', async () => {
    const fields = { id: 'x', table: 'dc_orders', expression: hostileMetric, filters: [], dimensions: ['status'] };
    const metric = fields as unknown as BusinessDataPoint;
    const result = await verifyMetric(executor, metric, undefined);
    expect(result).toMatchObject({ ok: false, refused: true });
  });

  live('leaves the server as it was: no file written, no slot, no reset, no lock', async () => {
    expect(await probe(harness.settings().url ?? '')).toEqual(before);
  });
});
