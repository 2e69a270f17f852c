import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSnowflake, type FakeSnowflake } from '../../fakes/snowflake/fake-snowflake-server.js';
import { SNOWFLAKE_FIXTURE_SQL } from '../conformance/snowflake-harness.js';
import { ConnectionError, type DatachatError, QueryError } from '../../../src/errors.js';
import type { ConnectorSettings } from '../../../src/connectors/connector.js';
import { SnowflakeConnector } from '../../../src/connectors/snowflake/snowflake-connector.js';
import { rowObjects } from '../../../src/connectors/result-rows.js';

const PASSWORD = 'Sn0wfl@ke-unit-secret';
const DATABASE = 'UNIT_DB';

let fake: FakeSnowflake;
let connector: SnowflakeConnector;

function settings(overrides: Record<string, unknown> = {}, url?: string): ConnectorSettings {
  return {
    id: 'unit',
    engine: 'snowflake',
    ...(url ? { url } : {}),
    options: url
      ? overrides
      : {
          account: 'datachat-unit',
          username: 'READER',
          password: PASSWORD,
          database: DATABASE,
          schema: 'PUBLIC',
          accessUrl: fake.url,
          ...overrides,
        },
    baseDir: process.cwd(),
  };
}

/** Everything a user could see of an error: message, hint, JSON form and the wrapped cause's message. */
function visible(error: unknown): string {
  const e = error as DatachatError & { cause?: { message?: string } };
  return [e.message, e.hint, JSON.stringify(e.toJSON?.() ?? {}), e.cause?.message ?? '', String(e.stack)].join('\n');
}

const queryRequests = (sql: string) =>
  fake.requests.filter(
    (r) => r.path === '/queries/v1/query-request' && (r.body as { sqlText?: string } | undefined)?.sqlText === sql,
  );
const chunkDownloads = () => fake.requests.filter((r) => r.path.startsWith('/fake-chunks/')).length;

beforeAll(async () => {
  fake = await startFakeSnowflake({
    seedSql: SNOWFLAKE_FIXTURE_SQL,
    database: DATABASE,
    users: { READER: PASSWORD },
    inlineRows: 200,
    chunkRows: 500,
    comments: { dc_customers: 'People who order', 'dc_customers.email': 'Login e-mail' },
  });
  connector = new SnowflakeConnector(settings());
});

afterAll(async () => {
  await connector?.close();
  await fake?.close();
});

describe('SnowflakeConnector against the fake Snowflake', () => {
  it('logs in, sets the session statement timeout and reports the server version', async () => {
    const result = await connector.test();
    expect(result).toMatchObject({ ok: true, serverVersion: expect.stringMatching(/^Snowflake \d/) });
    expect(
      fake.requests.some(
        (r) =>
          (r.body as { sqlText?: string } | undefined)?.sqlText ===
          'ALTER SESSION SET STATEMENT_TIMEOUT_IN_SECONDS = 600',
      ),
    ).toBe(true);
  });

  it.each([
    ['DELETE FROM "dc_customers"', /DELETE.*0x3300/],
    [`INSERT INTO "dc_customers" ("id", "email") VALUES (7, 'x@example.com')`, /INSERT.*0x3100/],
    ['UPDATE "dc_customers" SET "email" = \'x\'', /UPDATE.*0x3200/],
    ['CREATE TABLE "x" ("a" NUMBER(38,0))', /DDL.*0x6000/],
    ['ALTER SESSION SET STATEMENT_TIMEOUT_IN_SECONDS = 0', /session\/system command.*0x4100/],
    ['SHOW PRIMARY KEYS IN DATABASE "UNIT_DB"', /session\/system command.*0x4400/],
    ['CALL cleanup()', /unrecognised statement.*0x0/],
  ])('refuses %s by the statement type Snowflake describes, without running it', async (sql, message) => {
    const error = await connector.execute(sql).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryError);
    expect((error as Error).message).toMatch(/^Refused/);
    expect((error as Error).message).toMatch(message);
    const sent = queryRequests(sql);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((r) => (r.body as { describeOnly?: boolean }).describeOnly === true)).toBe(true);
    const count = await connector.execute('SELECT COUNT(*) AS "n" FROM "dc_customers"');
    expect(rowObjects(count)[0]!.n).toBe(3);
  });

  it('rejects more than one statement at the describe step', async () => {
    const error = await connector.execute('SELECT 1 AS "a"; DELETE FROM "dc_customers"').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryError);
    expect((error as QueryError).message).toMatch(/statement count/);
    expect((error as QueryError).details).toMatchObject({ code: '000008' });
  });

  it('is refused by the fake itself when a write bypasses the describe check (lowest execution path)', async () => {
    const snowflake = (await import('snowflake-sdk')).default;
    const connection = snowflake.createConnection({
      account: 'x',
      username: 'READER',
      password: PASSWORD,
      database: DATABASE,
      schema: 'PUBLIC',
      accessUrl: fake.url,
    });
    await new Promise<void>((done, fail) => connection.connect((err) => (err ? fail(err) : done())));
    const error = await new Promise<{ code?: unknown; message: string }>((done) =>
      connection.execute({
        sqlText: 'DELETE FROM "dc_customers"',
        complete: (err) => done(err as { code?: unknown; message: string }),
      }),
    );
    expect(String(error.code)).toBe('003001');
    expect(error.message).toMatch(/Insufficient privileges/);
    await new Promise<void>((done) => connection.destroy(() => done()));
    expect(rowObjects(await connector.execute('SELECT COUNT(*) AS "n" FROM "dc_customers"'))[0]!.n).toBe(3);
  });

  it('stops fetching at the row cap: chunks past the cap are never downloaded', async () => {
    const sql = 'SELECT "n" FROM "dc_numbers"';
    let before = chunkDownloads();
    const inline = await connector.execute(sql, { maxRows: 100 });
    expect(inline).toMatchObject({ rowCount: 100, truncated: true });
    expect(chunkDownloads() - before).toBe(0);

    before = chunkDownloads();
    const capped = await connector.execute(sql, { maxRows: 1000 });
    expect(capped).toMatchObject({ rowCount: 1000, truncated: true });
    expect(rowObjects(capped).at(-1)).toEqual({ n: 1000 });
    // 200 rows inline + chunks of 500: rows 200–1199 live in chunks 0 and 1; chunks 2–4 stay unread.
    expect(chunkDownloads() - before).toBe(2);

    before = chunkDownloads();
    const all = await connector.execute(sql, { maxRows: 5000 });
    expect(all).toMatchObject({ rowCount: 2500, truncated: false });
    expect(chunkDownloads() - before).toBe(5);

    const none = await connector.execute(sql, { maxRows: 0 });
    expect(none).toMatchObject({ rowCount: 0, truncated: true });
  });

  it('binds ? parameters and returns typed values with column types', async () => {
    const result = await connector.execute(
      'SELECT "id", "email", "balance", "score", "created_at", "is_active", "notes" FROM "dc_customers" WHERE "id" = ? AND "email" <> ?',
      { params: [2, "x' OR '1'='1"] },
    );
    expect(rowObjects(result)).toEqual([
      {
        id: 2,
        email: 'b@example.com',
        balance: 20.25,
        score: 2.5,
        created_at: new Date('2024-02-03T04:05:06Z'),
        is_active: false,
        notes: 'vip',
      },
    ]);
    expect(result.columns).toEqual([
      { name: 'id', type: 'NUMBER' },
      { name: 'email', type: 'VARCHAR' },
      { name: 'balance', type: 'NUMBER(10,2)' },
      { name: 'score', type: 'FLOAT' },
      { name: 'created_at', type: 'TIMESTAMP_NTZ' },
      { name: 'is_active', type: 'BOOLEAN' },
      { name: 'notes', type: 'VARCHAR' },
    ]);
    const dates = await connector.execute('SELECT "ordered_on" FROM "dc_orders" WHERE "id" = ?', { params: [1] });
    expect(rowObjects(dates)[0]!.ordered_on).toEqual(new Date('2024-03-01T00:00:00Z'));
  });

  it('cancels on timeout through the SDK (abort-request) and stays usable', async () => {
    const sql = 'SELECT SYSTEM$WAIT(5) AS "w"';
    const started = Date.now();
    await expect(connector.execute(sql, { timeoutMs: 600 })).rejects.toThrow(
      /timed out after 600 ms and was cancelled/,
    );
    expect(Date.now() - started).toBeLessThan(3000);
    await expect.poll(() => fake.requests.filter((r) => r.path.endsWith('abort-request')).length).toBeGreaterThan(0);
    expect(rowObjects(await connector.execute('SELECT 1 AS "one"'))).toEqual([{ one: 1 }]);
  });

  it('cancels when the signal aborts', async () => {
    const controller = new AbortController();
    const aborts = fake.requests.filter((r) => r.path.endsWith('abort-request')).length;
    const pending = connector.execute('SELECT SYSTEM$WAIT(5) AS "w"', { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await expect(pending).rejects.toThrow(/cancelled/);
    await expect
      .poll(() => fake.requests.filter((r) => r.path.endsWith('abort-request')).length)
      .toBeGreaterThan(aborts);
    const aborted = new AbortController();
    aborted.abort();
    await expect(connector.execute('SELECT 1 AS "one"', { signal: aborted.signal })).rejects.toThrow(
      /cancelled before it started/,
    );
  });

  it('lets the server enforce the session statement timeout ceiling', async () => {
    const strict = new SnowflakeConnector(settings({ statementTimeoutSeconds: 1 }));
    try {
      const error = await strict
        .execute('SELECT SYSTEM$WAIT(3) AS "w"', { timeoutMs: 10_000 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QueryError);
      expect((error as QueryError).message).toMatch(/timed out \(Snowflake statement timeout\)/);
      expect((error as QueryError).details).toMatchObject({ code: '000630' });
    } finally {
      await strict.close();
    }
  });

  it('introspects schemas, tables, columns, keys, comments and row counts, excluding INFORMATION_SCHEMA', async () => {
    const meta = await connector.introspect();
    expect(meta).toMatchObject({ engine: 'snowflake', database: DATABASE, schemas: ['PUBLIC'] });
    expect(meta.tables.map((t) => `${t.schema}.${t.name}`)).toEqual([
      'PUBLIC.dc_customers',
      'PUBLIC.dc_numbers',
      'PUBLIC.dc_orders',
    ]);
    const orders = meta.tables.find((t) => t.name === 'dc_orders')!;
    expect(orders).toMatchObject({ kind: 'table', primaryKey: ['id'], indexes: [], rowEstimate: 3 });
    expect(orders.foreignKeys).toEqual([
      {
        name: 'FK_DC_ORDERS_1',
        columns: ['customer_id'],
        targetSchema: 'PUBLIC',
        targetTable: 'dc_customers',
        targetColumns: ['id'],
      },
    ]);
    expect(orders.columns.find((c) => c.name === 'amount')).toEqual({
      name: 'amount',
      dataType: 'NUMBER(10,2)',
      canonicalType: 'decimal',
      nullable: false,
      ordinal: 3,
    });
    expect(meta.tables.find((t) => t.name === 'dc_numbers')!.rowEstimate).toBe(2500);
    const customers = meta.tables.find((t) => t.name === 'dc_customers')!;
    expect(customers.comment).toBe('People who order');
    expect(customers.columns.find((c) => c.name === 'email')).toMatchObject({
      comment: 'Login e-mail',
      canonicalType: 'string',
      nullable: false,
    });
    expect(customers.columns.find((c) => c.name === 'created_at')).toMatchObject({
      dataType: 'TIMESTAMP_NTZ',
      canonicalType: 'timestamp',
    });
    const filtered = await connector.introspect({ schemas: ['public'], tables: ['PUBLIC.dc_orders'] });
    expect(filtered.tables.map((t) => t.name)).toEqual(['dc_orders']);
    expect((await connector.introspect({ schemas: ['OTHER'] })).tables).toEqual([]);
  });

  it('works from a snowflake:// URL', async () => {
    const url = `snowflake://READER:${encodeURIComponent(PASSWORD)}@datachat-unit/${DATABASE}/PUBLIC?warehouse=WH&role=READONLY&accessUrl=${encodeURIComponent(fake.url)}`;
    const fromUrl = new SnowflakeConnector(settings({}, url));
    try {
      expect(rowObjects(await fromUrl.execute('SELECT COUNT(*) AS "n" FROM "dc_orders"'))).toEqual([{ n: 3 }]);
    } finally {
      await fromUrl.close();
    }
  });
});

describe('SnowflakeConnector errors never show the password', () => {
  it('says authentication failed when the fake rejects a wrong password with 390100', async () => {
    const wrong = new SnowflakeConnector(settings({ password: 'Wr0ng-passw0rd-value' }));
    const error = await wrong.test().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).message).toMatch(/authentication failed as user "READER"/i);
    expect((error as ConnectionError).details).toMatchObject({ code: '390100' });
    expect((error as ConnectionError).hint).toMatch(/password/);
    expect(visible(error)).not.toContain('Wr0ng-passw0rd-value');
    expect(visible(error)).not.toContain(PASSWORD);
  });

  it('says the host cannot be reached', async () => {
    const port = await closedPort();
    const unreachable = new SnowflakeConnector(settings({ accessUrl: `http://127.0.0.1:${port}` }));
    const error = await unreachable.test().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/Cannot reach Snowflake at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expect(visible(error)).not.toContain(PASSWORD);
  }, 20_000);

  it('says the database does not exist', async () => {
    const missing = new SnowflakeConnector(settings({ database: 'NO_SUCH_DB' }));
    try {
      await expect(missing.test()).rejects.toThrow(/database "NO_SUCH_DB" does not exist/);
      const error = await missing.execute('SELECT * FROM "dc_orders"').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as ConnectionError).message).toMatch(/no current database \(configured database "NO_SUCH_DB"\)/);
      expect(visible(error)).not.toContain(PASSWORD);
    } finally {
      await missing.close();
    }
  });

  it('wraps query errors with Snowflake code and a hint, without the password', async () => {
    const error = await connector.execute('SELECT * FROM "no_such_table"').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryError);
    expect((error as QueryError).details).toMatchObject({ code: '002003' });
    expect((error as QueryError).hint).toMatch(/case-sensitive/);
    expect(visible(error)).not.toContain(PASSWORD);
  });

  it('requires an account', () => {
    expect(
      () =>
        new SnowflakeConnector({
          id: 'x',
          engine: 'snowflake',
          options: { username: 'u', password: PASSWORD },
          baseDir: '.',
        }),
    ).toThrow(/needs an account/);
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}
