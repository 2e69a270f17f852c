import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import pg from 'pg';
import { adminQuery, unreachable } from '../../support/postgres-admin.js';

/**
 * Helpers that load the public sample datasets of `../shared/datasets` (beside the repository, never
 * copied into it) into throwaway PostgreSQL databases for the profiler's integration tests.
 */

/** `<repo>/../shared/datasets`, resolved from this file so it works from any working directory. */
const DATASETS_ROOT = new URL('../../../../shared/datasets/', import.meta.url);

/** Absolute path of a file under `../shared/datasets`, e.g. `datasetPath('pagila/pagila-schema.sql')`. */
export function datasetPath(relative: string): string {
  return fileURLToPath(new URL(relative, DATASETS_ROOT));
}

/** Files missing under `../shared/datasets` (an empty list when all are there). */
export function missingDatasetFiles(relatives: readonly string[]): string[] {
  return relatives.filter((r) => !existsSync(datasetPath(r)));
}

/** Admin URLs tried in turn, as in the conformance harness (trust auth; `root` on some CI images; `postgres` when `test` is missing). */
const CANDIDATE_URLS = [
  'postgresql://postgres@127.0.0.1:5432/test',
  'postgresql://root@127.0.0.1:5432/test',
  'postgresql://postgres@127.0.0.1:5432/postgres',
];

export const PG_SKIP_REASON =
  'PostgreSQL not reachable at 127.0.0.1:5432; start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` (or set DATACHAT_TEST_PG_URL), or set CI=true to make this a failure';

export const PSQL_SKIP_REASON =
  'psql is not on PATH; the Pagila and Chinook dumps use psql meta-commands and COPY FROM stdin (apt-get install postgresql-client)';

/**
 * The first admin URL that accepts a connection, or undefined when no server listens. Errors other than
 * "unreachable", a missing role or a missing database are rethrown (a broken server must not look like
 * an absent one).
 */
export async function findPostgres(): Promise<string | undefined> {
  const candidates = process.env.DATACHAT_TEST_PG_URL ? [process.env.DATACHAT_TEST_PG_URL] : CANDIDATE_URLS;
  for (const candidate of candidates) {
    try {
      await adminQuery(candidate, 'SELECT 1');
      return candidate;
    } catch (error) {
      if (unreachable(error)) return undefined;
      const code = (error as { code?: string }).code ?? '';
      if (!['28000', '28P01', '3D000'].includes(code) || candidate === candidates.at(-1)) throw error;
    }
  }
  return undefined;
}

export function psqlAvailable(): boolean {
  return spawnSync('psql', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** A database created for one test file; `drop()` removes it (connections included). */
export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createScratchDatabase(adminUrl: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    // FORCE (PostgreSQL 13+) ends the connector's pooled sessions should one still be open.
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/**
 * Feeds `sql` to `psql` (needed for `COPY ... FROM stdin` blocks and `\` meta-commands) with
 * ON_ERROR_STOP, so the first error fails the load with psql's message.
 */
export async function runPsql(url: string, sql: string): Promise<void> {
  const child = spawn('psql', ['--no-psqlrc', '--quiet', '--set', 'ON_ERROR_STOP=1', '--dbname', url, '--file', '-'], {
    stdio: ['pipe', 'ignore', 'pipe'],
    env: { ...process.env, PGOPTIONS: '--client-min-messages=warning' },
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exit = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  // EPIPE when psql stops early is reported through its exit status instead.
  child.stdin.on('error', () => undefined);
  child.stdin.end(sql);
  const code = await exit;
  if (code !== 0) throw new Error(`psql exited with ${code}: ${stderr.trim().slice(0, 2000)}`);
}

/** Runs `ANALYZE` so catalog row estimates (and so the profiler's sampling plan) do not depend on autovacuum timing. */
export async function analyze(url: string): Promise<void> {
  await adminQuery(url, 'ANALYZE');
}

/**
 * Pagila (schema then data) as pg_dump wrote it, minus its `ALTER ... OWNER TO postgres` lines, which
 * fail where the superuser has another name (`root` on some CI images) and change nothing for the test.
 * The materialized view `rental_by_category` is left as the dump creates it: WITH NO DATA.
 */
export async function loadPagila(url: string): Promise<void> {
  const withoutOwners = (sql: string) => sql.replace(/^ALTER [^\n]* OWNER TO [^\n]*;$/gm, '');
  await runPsql(url, withoutOwners(readFileSync(datasetPath('pagila/pagila-schema.sql'), 'utf8')));
  await runPsql(url, withoutOwners(readFileSync(datasetPath('pagila/pagila-data.sql'), 'utf8')));
  await analyze(url);
}

/**
 * Chinook's PostgreSQL script into the given database: the script drops and recreates a database
 * named `chinook` and connects to it (`\c chinook`); those three statements are removed so that it
 * fills the scratch database instead, leaving any real `chinook` database alone.
 */
export async function loadChinookPostgresql(url: string): Promise<void> {
  const sql = readFileSync(datasetPath('chinook/Chinook_PostgreSql.sql'), 'utf8')
    .replace(/^DROP DATABASE IF EXISTS chinook;$/m, '')
    .replace(/^CREATE DATABASE chinook;$/m, '')
    .replace(/^\\c chinook;?$/m, '');
  if (/DATABASE chinook|\\c chinook/i.test(sql))
    throw new Error('Chinook_PostgreSql.sql changed: it still switches databases');
  await runPsql(url, sql);
  await analyze(url);
}

/** A foreign key declared on partitions, lifted to the partitioned table. */
export interface PartitionForeignKey {
  from_table: string;
  from_columns: string[];
  to_table: string;
  to_columns: string[];
  /** Partitions that declare it, and partitions the parent has. */
  declaredOn: number;
  partitions: number;
}

/** Foreign keys declared on partitions (which the introspector folds into their parent), per parent table. */
export async function partitionForeignKeys(url: string): Promise<PartitionForeignKey[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query<Omit<PartitionForeignKey, 'declaredOn'>>(
      `SELECT parent.relname AS from_table,
              ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS from_columns,
              target.relname AS to_table,
              ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS to_columns,
              (SELECT count(*)::int FROM pg_inherits s WHERE s.inhparent = parent.oid) AS partitions
         FROM pg_constraint con
         JOIN pg_class part ON part.oid = con.conrelid AND part.relispartition
         JOIN pg_inherits i ON i.inhrelid = part.oid
         JOIN pg_class parent ON parent.oid = i.inhparent
         JOIN pg_class target ON target.oid = con.confrelid
        WHERE con.contype = 'f'`,
    );
    const lifted = new Map<string, PartitionForeignKey>();
    for (const row of rows) {
      const key = `${row.from_table}.${row.from_columns.join(',')}>${row.to_table}.${row.to_columns.join(',')}`;
      const current = lifted.get(key);
      if (current) current.declaredOn++;
      else lifted.set(key, { ...row, declaredOn: 1 });
    }
    return [...lifted.values()];
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** TPC-H's tables, parents first. */
const TPCH_TABLES = ['region', 'nation', 'supplier', 'customer', 'part', 'partsupp', 'orders', 'lineitem'];

/** The TPC-H files the loader reads. */
export const TPCH_FILES = ['tpch_sf0.01/dss.ddl', ...TPCH_TABLES.map((t) => `tpch_sf0.01/tbl/${t}.tbl.gz`)];

/**
 * TPC-H SF 0.01 as its SOURCE.md says: dss.ddl (no keys), then each `|`-separated table with the
 * trailing `|` of every dbgen line removed, then ANALYZE.
 */
export async function loadTpch(url: string): Promise<void> {
  await runPsql(url, readFileSync(datasetPath('tpch_sf0.01/dss.ddl'), 'utf8'));
  for (const table of TPCH_TABLES) {
    const rows = gunzipSync(readFileSync(datasetPath(`tpch_sf0.01/tbl/${table}.tbl.gz`)))
      .toString('utf8')
      .replace(/\|$/gm, '');
    await runPsql(url, `\\copy ${table} from stdin with (format text, delimiter '|')\n${rows}\\.\n`);
  }
  await analyze(url);
}
