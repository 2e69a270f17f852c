import { bigqueryHarness } from './bigquery-harness.js';
import { clickhouseHarness } from './clickhouse-harness.js';
import type { EngineHarness } from './harness.js';
import { mysqlHarness } from './mysql-harness.js';
import { postgresqlHarness } from './postgresql-harness.js';
import { sqliteHarness } from './sqlite-harness.js';
import { snowflakeHarness } from './snowflake-harness.js';

/** Every engine in the conformance suite; each connector adds its harness here. */
export const HARNESSES: Record<string, () => EngineHarness> = {
  sqlite: sqliteHarness,
  clickhouse: clickhouseHarness,
  snowflake: snowflakeHarness,
  bigquery: bigqueryHarness,
  postgresql: postgresqlHarness,
  mysql: mysqlHarness,
};
