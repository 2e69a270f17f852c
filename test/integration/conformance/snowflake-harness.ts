import { startFakeSnowflake, type FakeSnowflake } from '../../fakes/snowflake/fake-snowflake-server.js';
import type { EngineHarness } from './harness.js';

const DATABASE = 'DATACHAT_CONFORMANCE';
const SCHEMA = 'PUBLIC';
const USER = 'DATACHAT_READER';
const PASSWORD = 'conformance-secret-pw';

/**
 * The FIXTURE in Snowflake DDL. Identifiers are quoted lower-case, which is how a real account keeps
 * lower-case names (unquoted ones are stored upper-case); the catalog then reports `dc_customers`.
 * The same text seeds the fake (SQLite accepts this subset of Snowflake DDL).
 */
export const SNOWFLAKE_FIXTURE_SQL = `
  CREATE TABLE "dc_customers" ("id" NUMBER(38,0) NOT NULL, "email" VARCHAR(255) NOT NULL, "country" CHAR(2), "created_at" TIMESTAMP_NTZ(9),
    "is_active" BOOLEAN, "balance" NUMBER(10,2), "score" FLOAT, "notes" TEXT, CONSTRAINT "pk_dc_customers" PRIMARY KEY ("id"));
  CREATE TABLE "dc_orders" ("id" NUMBER(38,0) NOT NULL, "customer_id" NUMBER(38,0) NOT NULL, "amount" NUMBER(10,2) NOT NULL,
    "ordered_on" DATE NOT NULL, "status" VARCHAR(20) NOT NULL, CONSTRAINT "pk_dc_orders" PRIMARY KEY ("id"),
    CONSTRAINT "fk_dc_orders_customer" FOREIGN KEY ("customer_id") REFERENCES "dc_customers" ("id"));
  CREATE TABLE "dc_numbers" ("n" NUMBER(38,0) NOT NULL);
  INSERT INTO "dc_customers" VALUES (1, 'a@example.com', 'US', '2024-01-02 03:04:05', TRUE, 10.50, 1.5, NULL),
    (2, 'b@example.com', 'DE', '2024-02-03 04:05:06', FALSE, 20.25, 2.5, 'vip'), (3, 'c@example.com', NULL, NULL, NULL, NULL, NULL, NULL);
  INSERT INTO "dc_orders" VALUES (1, 1, 99.99, '2024-03-01', 'completed'), (2, 1, 5.00, '2024-03-02', 'pending'), (3, 2, 42.00, '2024-03-03', 'completed');
  INSERT INTO "dc_numbers" VALUES ${Array.from({ length: 2500 }, (_, i) => `(${i + 1})`).join(', ')};
`;

/**
 * Snowflake runs against the local fake (test/fakes/snowflake): the real snowflake-sdk speaks the
 * REST protocol to it, so the suite never needs network or an account and never skips.
 */
export function snowflakeHarness(): EngineHarness {
  let fake: FakeSnowflake | undefined;
  return {
    engine: 'snowflake',
    capabilities: { foreignKeys: true, indexes: false, primaryKeys: true },
    writeStatement: `INSERT INTO "dc_customers" ("id", "email") VALUES (99, 'x@example.com')`,
    // SYSTEM$WAIT is Snowflake's own sleep; the fake keeps such a statement running for that long.
    slowStatement: 'SELECT SYSTEM$WAIT(10) AS "waited"',
    async prepare() {
      fake = await startFakeSnowflake({
        seedSql: SNOWFLAKE_FIXTURE_SQL,
        database: DATABASE,
        schema: SCHEMA,
        users: { [USER]: PASSWORD },
        comments: { dc_customers: 'Customers of the conformance fixture' },
      });
      return undefined;
    },
    settings: () => ({
      id: 'conformance',
      engine: 'snowflake',
      options: {
        account: 'datachat-fake',
        username: USER,
        password: PASSWORD,
        database: DATABASE,
        schema: SCHEMA,
        warehouse: 'COMPUTE_WH',
        role: 'DATACHAT_READONLY',
        accessUrl: fake!.url,
      },
      baseDir: process.cwd(),
    }),
    async teardown() {
      await fake?.close();
    },
  };
}
