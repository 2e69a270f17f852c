import { startFakeBigQuery, type FakeBigQuery } from '../../fakes/bigquery/fake-bigquery-server.js';
import type { EngineHarness } from './harness.js';

const DATASET = 'dc_conf';

/**
 * BigQuery through the real SDK against the local fake REST server (test/fakes/bigquery), so it
 * needs no network, account or emulator and never skips. The fake reports the fixture's primary and
 * foreign keys as BigQuery's unenforced table constraints; BigQuery has no secondary indexes.
 */
export function bigqueryHarness(): EngineHarness {
  let fake: FakeBigQuery | undefined;
  return {
    engine: 'bigquery',
    capabilities: { foreignKeys: true, indexes: false, primaryKeys: true },
    writeStatement: "INSERT INTO `dc_conf.dc_customers` (id, email) VALUES (99, 'x@example.com')",
    // The fake keeps a job carrying this marker RUNNING for a minute (see fake-bigquery-server.ts).
    slowStatement: 'SELECT COUNT(*) AS n FROM `dc_conf.dc_numbers` /* fake-bigquery:slow */',
    async prepare() {
      // Pages of at most 1000 rows, so the row-cap test reads across several pages.
      fake = await startFakeBigQuery({ projectId: 'dc-test', maxPageRows: 1000 });
      seed(fake);
      return undefined;
    },
    settings() {
      if (!fake) throw new Error('bigquery harness: prepare() has not run');
      return {
        id: 'conformance',
        engine: 'bigquery',
        url: `bigquery://${fake.projectId}/${DATASET}?location=${fake.location}&apiEndpoint=${encodeURIComponent(fake.url)}`,
        options: { accessToken: fake.accessToken },
        baseDir: process.cwd(),
      };
    },
    async teardown() {
      await fake?.close();
    },
  };
}

/** The FIXTURE of harness.ts in BigQuery types. */
function seed(fake: FakeBigQuery): void {
  fake.createDataset(DATASET);
  fake.createTable(DATASET, 'dc_customers', {
    fields: [
      { name: 'id', type: 'INT64', mode: 'REQUIRED' },
      { name: 'email', type: 'STRING', mode: 'REQUIRED' },
      { name: 'country', type: 'STRING', mode: 'NULLABLE' },
      { name: 'created_at', type: 'TIMESTAMP', mode: 'NULLABLE' },
      { name: 'is_active', type: 'BOOL', mode: 'NULLABLE' },
      { name: 'balance', type: 'NUMERIC', mode: 'NULLABLE' },
      { name: 'score', type: 'FLOAT64', mode: 'NULLABLE' },
      { name: 'notes', type: 'STRING', mode: 'NULLABLE' },
    ],
    primaryKey: ['id'],
    rows: [
      [1, 'a@example.com', 'US', '2024-01-02 03:04:05', true, 10.5, 1.5, null],
      [2, 'b@example.com', 'DE', '2024-02-03 04:05:06', false, 20.25, 2.5, 'vip'],
      [3, 'c@example.com', null, null, null, null, null, null],
    ],
  });
  fake.createTable(DATASET, 'dc_orders', {
    fields: [
      { name: 'id', type: 'INT64', mode: 'REQUIRED' },
      { name: 'customer_id', type: 'INT64', mode: 'REQUIRED' },
      { name: 'amount', type: 'NUMERIC', mode: 'REQUIRED' },
      { name: 'ordered_on', type: 'DATE', mode: 'REQUIRED' },
      { name: 'status', type: 'STRING', mode: 'REQUIRED' },
    ],
    primaryKey: ['id'],
    foreignKeys: [
      {
        name: 'fk_orders_customer',
        columns: ['customer_id'],
        referencedTable: 'dc_customers',
        referencedColumns: ['id'],
      },
    ],
    rows: [
      [1, 1, 99.99, '2024-03-01', 'completed'],
      [2, 1, 5.0, '2024-03-02', 'pending'],
      [3, 2, 42.0, '2024-03-03', 'completed'],
    ],
  });
  fake.createTable(DATASET, 'dc_numbers', {
    fields: [{ name: 'n', type: 'INT64', mode: 'REQUIRED' }],
    rows: Array.from({ length: 2500 }, (_, i) => [i + 1]),
  });
}
