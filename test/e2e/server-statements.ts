import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A database server seen from the outside, for tests that check that a statement datachat started
 * is really gone from the server (not merely abandoned by the client).
 */
export interface ServerUnderTest {
  engine: 'postgresql' | 'mysql';
  /** Connection URL datachat uses; the fixture lives in `namespace`. */
  url: string;
  /** A read-only statement that runs for minutes (a triple cross join counted). */
  slowStatement: string;
  /** Statements over the fixture that the server is still running. */
  running(): Promise<number>;
  teardown(): Promise<void>;
}

const PG_URL = 'postgresql://postgres@127.0.0.1:5432/test';
const MYSQL = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };

/** Fixture: a 3000-row table in a namespace of its own; undefined when the server is unreachable. */
export async function startServer(engine: ServerUnderTest['engine']): Promise<ServerUnderTest | undefined> {
  const namespace = `dc_stmt_${randomBytes(4).toString('hex')}`;
  const slowStatement = `SELECT count(*) AS n FROM ${namespace}.big a, ${namespace}.big b, ${namespace}.big c`;
  if (engine === 'postgresql') {
    const admin = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
    admin.on('error', () => undefined);
    try {
      await admin.connect();
    } catch {
      return undefined;
    }
    await admin.query(
      `CREATE SCHEMA ${namespace}; CREATE TABLE ${namespace}.big AS SELECT generate_series(1, 3000) AS n`,
    );
    return {
      engine,
      url: PG_URL,
      slowStatement,
      async running() {
        // The backend's query text is its last FETCH, not the SELECT: find it by the lock it holds.
        const result = await admin.query(
          `SELECT count(DISTINCT a.pid)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
             JOIN pg_namespace s ON s.oid = c.relnamespace JOIN pg_stat_activity a ON a.pid = l.pid
           WHERE s.nspname = $1 AND a.pid <> pg_backend_pid() AND a.state = 'active'`,
          [namespace],
        );
        return result.rows[0].n as number;
      },
      async teardown() {
        // A backend a failed test left running would hold its lock and make DROP SCHEMA wait forever.
        await admin
          .query(
            `SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
               JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = $1 AND l.pid <> pg_backend_pid()`,
            [namespace],
          )
          .catch(() => undefined);
        await admin.query(`DROP SCHEMA IF EXISTS ${namespace} CASCADE`).catch(() => undefined);
        await admin.end().catch(() => undefined);
      },
    };
  }
  const mysql = await import('mysql2/promise');
  const admin = await mysql.createConnection({ ...MYSQL, connectTimeout: 3000 }).catch(() => undefined);
  if (!admin) return undefined;
  await admin.query(`CREATE DATABASE ${namespace}`);
  await admin.query(`CREATE TABLE ${namespace}.big (n INT)`);
  const digits =
    '(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)';
  await admin.query(
    `INSERT INTO ${namespace}.big SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d FROM ${digits} a, ${digits} b, ${digits} c, ${digits} e WHERE e.d < 3`,
  );
  return {
    engine,
    url: `mysql://root@${MYSQL.host}:${MYSQL.port}/${namespace}`,
    slowStatement,
    async running() {
      const [rows] = await admin.query(
        `SELECT count(*) AS n FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND COMMAND = 'Query' AND INFO LIKE ?`,
        [`%${namespace}.big%`],
      );
      return Number((rows as { n: number }[])[0]!.n);
    },
    async teardown() {
      const [rows] = await admin.query(
        `SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()`,
        [namespace],
      );
      for (const { id } of rows as { id: number }[]) await admin.query(`KILL ${Number(id)}`).catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS ${namespace}`).catch(() => undefined);
      await admin.end().catch(() => undefined);
    },
  };
}

/** Polls `probe` every 100 ms until it returns true; resolves to the milliseconds waited, or undefined at `limitMs`. */
export async function waitFor(probe: () => Promise<boolean>, limitMs: number): Promise<number | undefined> {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    if (await probe()) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}
