import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBigQuery, type FakeBigQuery } from '../../fakes/bigquery/fake-bigquery-server.js';
import { ConnectionError, QueryError } from '../../../src/errors.js';
import type { ConnectorSettings } from '../../../src/connectors/connector.js';
import { createConnector } from '../../../src/connectors/bigquery/bigquery-connector.js';
import { rowObjects } from '../../../src/connectors/result-rows.js';

let fake: FakeBigQuery;

function settings(overrides: Record<string, unknown> = {}, dataset: string | null = 'shop'): ConnectorSettings {
  const path = dataset ? `/${dataset}` : '';
  return {
    id: 'bq',
    engine: 'bigquery',
    url: `bigquery://${fake.projectId}${path}?location=US&apiEndpoint=${encodeURIComponent(fake.url)}`,
    options: { accessToken: fake.accessToken, ...overrides },
    baseDir: process.cwd(),
  };
}

const pageRequests = () => fake.requests.filter((r) => r.method === 'GET' && r.path.includes('/queries/'));
const insertedJobs = () =>
  fake.requests
    .filter((r) => r.method === 'POST' && r.path.endsWith('/jobs'))
    // biome-ignore lint/suspicious/noExplicitAny: tests read the job configuration freely
    .map((r) => r.body as { configuration: Record<string, any> });

beforeAll(async () => {
  fake = await startFakeBigQuery({ maxPageRows: 50 });
  fake.createDataset('shop', { description: 'Shop data' });
  fake.createDataset('_hidden_cache');
  fake.createDataset('other');
  fake.createTable('shop', 'customers', {
    description: 'One row per customer',
    fields: [
      { name: 'id', type: 'INTEGER', mode: 'REQUIRED', description: 'Surrogate key' },
      { name: 'name', type: 'STRING', mode: 'NULLABLE', defaultValueExpression: "'anonymous'" },
      { name: 'tags', type: 'STRING', mode: 'REPEATED' },
      {
        name: 'address',
        type: 'RECORD',
        mode: 'NULLABLE',
        fields: [
          { name: 'city', type: 'STRING' },
          { name: 'zip', type: 'STRING' },
        ],
      },
      { name: 'signed_up', type: 'TIMESTAMP' },
      { name: 'photo', type: 'BYTES' },
    ],
    primaryKey: ['id'],
    rows: [
      [1, 'Ann', ['a', 'b'], { city: 'Berlin', zip: '10115' }, '2024-01-02 03:04:05.123456', Buffer.from('png')],
      [2, "O'Brien", [], null, null, null],
    ],
  });
  fake.createTable('shop', 'orders', {
    fields: [
      { name: 'id', type: 'INT64', mode: 'REQUIRED' },
      { name: 'customer_id', type: 'INT64', mode: 'REQUIRED' },
    ],
    foreignKeys: [{ columns: ['customer_id'], referencedTable: 'customers', referencedColumns: ['id'] }],
    rows: [[1, 1]],
  });
  fake.createView('shop', 'named_customers', 'SELECT id, name FROM `shop.customers` WHERE name IS NOT NULL', [
    { name: 'id', type: 'INTEGER', mode: 'NULLABLE' },
    { name: 'name', type: 'STRING', mode: 'NULLABLE' },
  ]);
  fake.createTable('shop', 'numbers', {
    fields: [{ name: 'n', type: 'INT64', mode: 'REQUIRED' }],
    rows: Array.from({ length: 500 }, (_, i) => [i + 1]),
  });
  fake.createTable('other', 'things', { fields: [{ name: 'x', type: 'STRING' }] });
});

afterAll(async () => {
  await fake?.close();
});

describe('BigQueryConnector', () => {
  it('tests the connection without running a billed query', async () => {
    const result = await createConnector(settings()).test();
    expect(result).toMatchObject({ ok: true, serverVersion: expect.stringMatching(/BigQuery API v2/) });
    const jobs = insertedJobs();
    expect(jobs.at(-1)!.configuration.dryRun).toBe(true);
  });

  it('refuses a DELETE after the dry run, before any job runs', async () => {
    const before = insertedJobs().length;
    const error = await createConnector(settings())
      .execute('DELETE FROM `shop.customers` WHERE TRUE')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryError);
    expect((error as QueryError).message).toMatch(/DELETE/);
    expect((error as QueryError).details).toEqual({ statementType: 'DELETE' });
    const jobs = insertedJobs().slice(before);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.configuration.dryRun).toBe(true);
    const count = await createConnector(settings()).execute('SELECT COUNT(*) AS n FROM `customers`');
    expect(rowObjects(count)[0]!.n).toBe(2);
  });

  it('refuses scripts and DDL too', async () => {
    const connector = createConnector(settings());
    await expect(connector.execute('SELECT 1; DROP TABLE `shop.orders`')).rejects.toThrow(/SCRIPT/);
    await expect(connector.execute('CREATE TABLE `shop.x` (a INT64)')).rejects.toThrow(/CREATE_TABLE/);
  });

  it('the fake engine itself refuses a write job that bypasses the connector', async () => {
    const { BigQuery } = await import('@google-cloud/bigquery');
    const { OAuth2Client } = await import('google-auth-library');
    const auth = new OAuth2Client();
    auth.setCredentials({ access_token: fake.accessToken! });
    const client = new BigQuery({ projectId: fake.projectId, apiEndpoint: fake.url, authClient: auth });
    await expect(client.createQueryJob({ query: 'INSERT INTO `shop.orders` VALUES (9, 9)' })).rejects.toThrow(
      /read-only|Access Denied/,
    );
  });

  it('sends a read-only, capped, GoogleSQL job with positional parameters', async () => {
    const result = await createConnector(settings()).execute(
      'SELECT `name` FROM `customers` WHERE `id` = ? AND ? IS NULL',
      { params: [2, null], timeoutMs: 20_000 },
    );
    expect(rowObjects(result)).toEqual([{ name: "O'Brien" }]);
    const job = insertedJobs().at(-1)!.configuration;
    expect(job.dryRun).toBeUndefined();
    expect(job.jobTimeoutMs).toBe('20000');
    expect(job.query).toMatchObject({
      useLegacySql: false,
      maximumBytesBilled: String(10 * 1024 ** 3),
      defaultDataset: { projectId: fake.projectId, datasetId: 'shop' },
      parameterMode: 'positional',
    });
    expect(job.query.queryParameters).toHaveLength(2);
  });

  it('binds parameters, never interpolates them', async () => {
    const result = await createConnector(settings()).execute('SELECT `id` FROM `customers` WHERE `name` = ?', {
      params: ["x' OR '1'='1"],
    });
    expect(result.rowCount).toBe(0);
  });

  it('stops paging at maxRows instead of reading every page', async () => {
    const connector = createConnector(settings());
    const before = pageRequests().length;
    const capped = await connector.execute('SELECT `n` FROM `numbers` ORDER BY `n`', { maxRows: 120 });
    expect(capped.rowCount).toBe(120);
    expect(capped.truncated).toBe(true);
    expect(rowObjects(capped).at(-1)).toEqual({ n: 120 });
    // 500 rows in pages of at most 50 would be 10 pages; 120 rows need 3 (50 + 50 + 20).
    const used = pageRequests().slice(before);
    expect(used).toHaveLength(3);
    expect(used.map((r) => Number(r.query.maxResults))).toEqual([120, 70, 20]);

    const exact = await connector.execute('SELECT `n` FROM `numbers`', { maxRows: 100 });
    expect(exact).toMatchObject({ rowCount: 100, truncated: true });
    const all = await connector.execute('SELECT `n` FROM `numbers`', { maxRows: 500 });
    expect(all).toMatchObject({ rowCount: 500, truncated: false });
    const none = await connector.execute('SELECT `n` FROM `numbers`', { maxRows: 0 });
    expect(none).toMatchObject({ rowCount: 0, truncated: true });
  });

  it('decodes nested, repeated, byte and microsecond timestamp values', async () => {
    const result = await createConnector(settings()).execute('SELECT * FROM `shop.customers` ORDER BY `id`');
    expect(result.columns.map((c) => c.type)).toEqual([
      'INTEGER',
      'STRING',
      'ARRAY<STRING>',
      'RECORD',
      'TIMESTAMP',
      'BYTES',
    ]);
    const [ann, obrien] = rowObjects(result);
    expect(ann).toMatchObject({
      id: 1,
      name: 'Ann',
      tags: ['a', 'b'],
      address: { city: 'Berlin', zip: '10115' },
      signed_up: '2024-01-02T03:04:05.123456Z',
    });
    // Binary values leave every connector described (size + hex prefix), never expanded.
    expect(ann!.photo).toBe('<blob 3 bytes: 706e67>');
    expect(obrien).toMatchObject({ tags: [], address: null, signed_up: null, photo: null });
  });

  it('cancels the job when the signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    const error = await createConnector(settings())
      .execute('SELECT COUNT(*) FROM `numbers` /* fake-bigquery:slow */', {
        signal: controller.signal,
        timeoutMs: 30_000,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryError);
    expect((error as Error).message).toMatch(/cancel/i);
    expect(Date.now() - started).toBeLessThan(5_000);
    const cancel = fake.requests.filter((r) => r.path.endsWith('/cancel')).at(-1);
    expect(cancel).toBeDefined();
    const jobId = cancel!.path.split('/').at(-2)!;
    expect(fake.jobs.get(jobId)).toMatchObject({
      state: 'DONE',
      error: expect.objectContaining({ reason: 'stopped' }),
    });
  });

  it('times out client-side and cancels even when the server would wait longer', async () => {
    const started = Date.now();
    // The marker asks for 20 s; jobTimeoutMs (= timeoutMs) would also stop it server-side at 800 ms.
    await expect(
      createConnector(settings()).execute('SELECT 1 /* fake-bigquery:slow=20000 */', { timeoutMs: 800 }),
    ).rejects.toThrow(/time|cancel/i);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('introspects datasets, tables, views, nested columns and unenforced keys', async () => {
    const meta = await createConnector(settings()).introspect();
    expect(meta).toMatchObject({ engine: 'bigquery', database: fake.projectId, schemas: ['shop'] });
    expect(meta.tables.map((t) => `${t.schema}.${t.name}:${t.kind}`)).toEqual([
      'shop.customers:table',
      'shop.named_customers:view',
      'shop.numbers:table',
      'shop.orders:table',
    ]);
    const customers = meta.tables.find((t) => t.name === 'customers')!;
    expect(customers).toMatchObject({
      comment: 'One row per customer',
      primaryKey: ['id'],
      rowEstimate: 2,
      indexes: [],
    });
    expect(customers.columns).toEqual([
      {
        name: 'id',
        dataType: 'INTEGER',
        canonicalType: 'integer',
        nullable: false,
        ordinal: 1,
        comment: 'Surrogate key',
      },
      {
        name: 'name',
        dataType: 'STRING',
        canonicalType: 'string',
        nullable: true,
        ordinal: 2,
        defaultValue: "'anonymous'",
      },
      { name: 'tags', dataType: 'ARRAY<STRING>', canonicalType: 'array', nullable: false, ordinal: 3 },
      {
        name: 'address',
        dataType: 'STRUCT<city STRING, zip STRING>',
        canonicalType: 'struct',
        nullable: true,
        ordinal: 4,
      },
      { name: 'signed_up', dataType: 'TIMESTAMP', canonicalType: 'timestamp', nullable: true, ordinal: 5 },
      { name: 'photo', dataType: 'BYTES', canonicalType: 'binary', nullable: true, ordinal: 6 },
    ]);
    const orders = meta.tables.find((t) => t.name === 'orders')!;
    expect(orders.foreignKeys).toEqual([
      { columns: ['customer_id'], targetSchema: 'shop', targetTable: 'customers', targetColumns: ['id'] },
    ]);
    expect(meta.tables.find((t) => t.name === 'named_customers')!.rowEstimate).toBeUndefined();
  });

  it('lists every visible dataset when none is configured, and filters tables', async () => {
    const all = await createConnector(settings({}, null)).introspect();
    expect(all.schemas).toEqual(['other', 'shop']);
    const filtered = await createConnector(settings({}, null)).introspect({ tables: ['other.things', 'orders'] });
    expect(filtered.tables.map((t) => `${t.schema}.${t.name}`)).toEqual(['other.things', 'shop.orders']);
    const restricted = await createConnector(settings({ datasets: ['other'] })).introspect();
    expect(restricted.tables.map((t) => t.name)).toEqual(['things']);
  });
});

describe('BigQueryConnector errors', () => {
  it('reports an unknown dataset as a connection problem with a hint', async () => {
    const error = await createConnector(settings({}, 'nope'))
      .test()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).message).toMatch(/not found.*nope/i);
    expect((error as ConnectionError).hint).toMatch(/dataset/);
  });

  it('reports an unknown table as a query error', async () => {
    await expect(createConnector(settings()).execute('SELECT * FROM `missing_table`')).rejects.toBeInstanceOf(
      QueryError,
    );
  });

  it('never shows a rejected access token, even in the cause', async () => {
    const token = 'ya29.super-secret-token-value';
    const error = await createConnector(settings({ accessToken: token }))
      .execute('SELECT 1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).message).toMatch(/credentials/);
    expect((error as ConnectionError).hint).toMatch(/gcloud auth/);
    expect(inspect(error, { depth: 10 })).not.toContain(token);
    expect(JSON.stringify((error as ConnectionError).toJSON())).not.toContain(token);
  });

  it('never shows service-account key material', async () => {
    const privateKey =
      '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC-not-a-real-key\n-----END PRIVATE KEY-----\n';
    const credentials = {
      type: 'service_account',
      client_email: 'ci@dc-test.iam.gserviceaccount.com',
      private_key: privateKey,
    };
    for (const value of [credentials, JSON.stringify(credentials)]) {
      const error = await createConnector({ ...settings(), options: { credentials: value } })
        .test()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      const printed = `${inspect(error, { depth: 10 })} ${JSON.stringify((error as ConnectionError).toJSON())}`;
      expect(printed).not.toContain('not-a-real-key');
    }
    // Malformed key JSON fails when the client is built, without echoing the value.
    const malformed = await createConnector({ ...settings(), options: { credentials: '{"private_key": "oops-secret' } })
      .test()
      .catch((e: unknown) => e);
    expect(malformed).toBeInstanceOf(Error);
    expect(inspect(malformed, { depth: 10 })).not.toContain('oops-secret');
  });

  it('reports an unreachable endpoint clearly', async () => {
    const connector = createConnector({
      id: 'bq',
      engine: 'bigquery',
      options: { projectId: 'p', apiEndpoint: 'http://127.0.0.1:1', accessToken: 't0ken-xyz' },
      baseDir: '.',
    });
    const error = await connector.test().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).message).toMatch(/Cannot reach BigQuery.*ECONNREFUSED/);
    expect((error as ConnectionError).hint).toBeDefined();
  }, 20_000);

  it('rejects settings without a project and a malformed URL without echoing it', () => {
    expect(() => createConnector({ id: 'bq', engine: 'bigquery', options: {}, baseDir: '.' })).toThrow(/project id/);
    expect(() =>
      createConnector({ id: 'bq', engine: 'bigquery', url: 'bq:/secret-thing', options: {}, baseDir: '.' }),
    ).toThrow(/invalid BigQuery URL/);
    expect(() =>
      createConnector({ id: 'bq', engine: 'bigquery', url: 'bq:/secret-thing', options: {}, baseDir: '.' }),
    ).not.toThrow(/secret-thing/);
  });
});
