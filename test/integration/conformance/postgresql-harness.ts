import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { EngineHarness } from './harness.js';
import { adminQuery as admin, unreachable } from '../../support/postgres-admin.js';

/**
 * Admin URLs tried in turn (trust auth; the superuser is `postgres` on Debian packages, `root` on some
 * CI images; the `postgres` database when `test` is missing). DATACHAT_TEST_PG_URL replaces them: point it at a closed port to exercise the PGlite fallback.
 */
const CANDIDATE_URLS = [
  'postgresql://postgres@127.0.0.1:5432/test',
  'postgresql://root@127.0.0.1:5432/test',
  'postgresql://postgres@127.0.0.1:5432/postgres',
];

const SKIP_REASON =
  'PostgreSQL not reachable at 127.0.0.1:5432; start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` or set CI=true';

function fixtureSql(schema: string): string {
  return `
    CREATE SCHEMA "${schema}";
    SET search_path TO "${schema}";
    CREATE TABLE dc_customers (id integer PRIMARY KEY, email varchar(255) NOT NULL, country char(2), created_at timestamp,
      is_active boolean, balance numeric(10,2), score double precision, notes text);
    COMMENT ON TABLE dc_customers IS 'Customers of the conformance fixture';
    COMMENT ON COLUMN dc_customers.email IS 'Login e-mail';
    CREATE TABLE dc_orders (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES dc_customers(id), amount numeric(10,2) NOT NULL,
      ordered_on date NOT NULL, status varchar(20) NOT NULL);
    CREATE INDEX dc_orders_customer_id ON dc_orders(customer_id);
    CREATE TABLE dc_numbers (n integer NOT NULL);
    INSERT INTO dc_customers VALUES (1,'a@example.com','US','2024-01-02 03:04:05',true,10.50,1.5,NULL),
      (2,'b@example.com','DE','2024-02-03 04:05:06',false,20.25,2.5,'vip'), (3,'c@example.com',NULL,NULL,NULL,NULL,NULL,NULL);
    INSERT INTO dc_orders VALUES (1,1,99.99,'2024-03-01','completed'),(2,1,5.00,'2024-03-02','pending'),(3,2,42.00,'2024-03-03','completed');
    INSERT INTO dc_numbers SELECT generate_series(1, 2500);
    -- So that pg_class.reltuples holds real estimates.
    ANALYZE dc_customers, dc_orders, dc_numbers;
  `;
}

/**
 * PGlite runs PostgreSQL synchronously inside WebAssembly, so `pg_sleep(10)` would freeze whichever
 * thread hosts it: it gets a worker thread of its own, leaving the test thread's timers (the
 * connector's client-side timeout) free to fire. pglite-socket multiplexes several wire-protocol
 * connections onto its single session.
 */
const PGLITE_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglite);
const { PGLiteSocketServer } = require(workerData.socket);
(async () => {
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 16 });
  await server.start();
  parentPort.on('message', async () => {
    await server.stop().catch(() => undefined);
    await db.close().catch(() => undefined);
    parentPort.postMessage({ stopped: true });
  });
  parentPort.postMessage({ address: server.getServerConn() });
})().catch((error) => parentPort.postMessage({ error: String((error && error.stack) || error) }));
`;

interface PgliteServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts PGlite behind a TCP socket on a free port; rejects when the packages are not installed. */
async function startPglite(): Promise<PgliteServer> {
  const require = createRequire(import.meta.url);
  const worker = new Worker(PGLITE_WORKER_SOURCE, {
    eval: true,
    workerData: {
      pglite: require.resolve('@electric-sql/pglite'),
      socket: require.resolve('@electric-sql/pglite-socket'),
    },
  });
  const message = await new Promise<{ address?: string; error?: string }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  if (!message.address) {
    await worker.terminate();
    throw new Error(`PGlite did not start: ${message.error}`);
  }
  return {
    url: `postgresql://postgres@${message.address}/postgres`,
    async stop() {
      const stopped = new Promise((resolve) => worker.once('message', resolve));
      worker.postMessage('stop');
      await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 5000))]);
      await worker.terminate();
    },
  };
}

export function postgresqlHarness(): EngineHarness {
  const schema = `dc_conf_${randomBytes(5).toString('hex')}`;
  const candidates = process.env.DATACHAT_TEST_PG_URL ? [process.env.DATACHAT_TEST_PG_URL] : CANDIDATE_URLS;
  let url = candidates[0]!;
  let pglite: PgliteServer | undefined;
  return {
    engine: 'postgresql',
    capabilities: { foreignKeys: true, indexes: true, primaryKeys: true },
    writeStatement: "INSERT INTO dc_customers (id, email) VALUES (99, 'x@example.com')",
    slowStatement: 'SELECT pg_sleep(10)',
    blobExpression: "decode(repeat('00', 1000), 'hex')",
    longTextExpression: "repeat('0', 100000)",
    async prepare() {
      for (const candidate of candidates) {
        try {
          await admin(candidate, fixtureSql(schema));
          url = candidate;
          return undefined;
        } catch (error) {
          if (unreachable(error)) break;
          // A missing role (28000), a password demand (28P01) or a missing database (3D000): try the next.
          const code = (error as { code?: string }).code ?? '';
          if (!['28000', '28P01', '3D000'].includes(code) || candidate === candidates.at(-1)) throw error;
        }
      }
      // No server: PGlite (PostgreSQL compiled to WebAssembly) behind its wire-protocol socket server.
      pglite = await startPglite().catch(() => undefined);
      if (!pglite) return SKIP_REASON;
      url = pglite.url;
      await admin(url, fixtureSql(schema));
      return undefined;
    },
    settings: () => ({
      id: 'conformance',
      engine: 'postgresql',
      url,
      options: { schemas: [schema] },
      baseDir: process.cwd(),
    }),
    async teardown() {
      if (pglite) {
        await pglite.stop();
        return;
      }
      await admin(url, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    },
  };
}
