import { randomBytes } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import type { EngineHarness } from './harness.js';

const HOST = '127.0.0.1';
const PORT = 8123;
const SKIP_REASON = 'ClickHouse not reachable at 127.0.0.1:8123; run `bash .ci/start-clickhouse` or set CI=true';

/** An administrative client as `default` (empty password), or undefined when nothing answers /ping. */
async function connectAsDefault(): Promise<ClickHouseClient | undefined> {
  const { createClient, ClickHouseLogLevel } = await import('@clickhouse/client');
  const client = createClient({
    url: `http://${HOST}:${PORT}`,
    username: 'default',
    password: '',
    request_timeout: 30_000,
    log: { level: ClickHouseLogLevel.OFF },
  });
  const ping = await client.ping();
  if (ping.success) return client;
  await client.close();
  return undefined;
}

/**
 * ClickHouse on 127.0.0.1:8123 (`.ci/start-clickhouse` installs and starts Debian's 18.x server): a
 * fresh database per run, MergeTree tables ordered by their key. ClickHouse has no foreign keys and no
 * secondary indexes in the catalog; its primary key is the (non-unique) sorting key. Servers before
 * 21.12 have no `Bool` type, so there `is_active` is `Nullable(UInt8)` and maps to 'integer'
 * (capability `booleanType: false`).
 */
export function clickhouseHarness(): EngineHarness {
  const database = `dc_conf_${randomBytes(6).toString('hex')}`;
  let created = false;
  const harness: EngineHarness = {
    engine: 'clickhouse',
    capabilities: { foreignKeys: false, indexes: false, primaryKeys: true, booleanType: false },
    writeStatement: "INSERT INTO dc_customers (id, email) VALUES (99, 'x@example.com')",
    // Table functions (numbers()) are refused under readonly=1; system.numbers is a table. About 100 s of work.
    slowStatement: 'SELECT count() FROM (SELECT number FROM system.numbers LIMIT 100000000000)',
    async prepare() {
      const admin = await connectAsDefault();
      if (!admin) return SKIP_REASON;
      try {
        const run = (query: string) => admin.command({ query });
        const hasBool = await admin
          .query({
            query: "SELECT count() AS n FROM system.data_type_families WHERE name = 'Bool'",
            format: 'JSONEachRow',
          })
          .then(async (rs) => Number(((await rs.json()) as { n: string }[])[0]?.n ?? 0) > 0);
        harness.capabilities.booleanType = hasBool;
        const db = `\`${database}\``;
        await run(`CREATE DATABASE ${db}`);
        created = true;
        await run(`CREATE TABLE ${db}.dc_customers (id Int32, email String, country Nullable(FixedString(2)), created_at Nullable(DateTime),
          is_active Nullable(${hasBool ? 'Bool' : 'UInt8'}), balance Nullable(Decimal(10, 2)), score Nullable(Float64), notes Nullable(String))
          ENGINE = MergeTree ORDER BY id`);
        await run(`CREATE TABLE ${db}.dc_orders (id Int32, customer_id Int32, amount Decimal(10, 2), ordered_on Date, status String)
          ENGINE = MergeTree ORDER BY id`);
        await run(`CREATE TABLE ${db}.dc_numbers (n Int32) ENGINE = MergeTree ORDER BY n`);
        await run(`INSERT INTO ${db}.dc_customers VALUES (1,'a@example.com','US','2024-01-02 03:04:05',1,10.50,1.5,NULL),
          (2,'b@example.com','DE','2024-02-03 04:05:06',0,20.25,2.5,'vip'), (3,'c@example.com',NULL,NULL,NULL,NULL,NULL,NULL)`);
        await run(
          `INSERT INTO ${db}.dc_orders VALUES (1,1,99.99,'2024-03-01','completed'),(2,1,5.00,'2024-03-02','pending'),(3,2,42.00,'2024-03-03','completed')`,
        );
        await run(`INSERT INTO ${db}.dc_numbers SELECT toInt32(number + 1) FROM system.numbers LIMIT 2500`);
        return undefined;
      } finally {
        await admin.close();
      }
    },
    settings: () => ({
      id: 'conformance',
      engine: 'clickhouse',
      url: `clickhouse://default@${HOST}:${PORT}/${database}`,
      options: {},
      baseDir: process.cwd(),
    }),
    async teardown() {
      if (!created) return;
      const admin = await connectAsDefault();
      if (!admin) return;
      try {
        await admin.command({ query: `DROP DATABASE IF EXISTS \`${database}\`` });
      } finally {
        await admin.close();
      }
    },
  };
  return harness;
}
