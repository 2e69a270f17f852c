import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError, DatachatError, QueryError } from '../../../src/errors.js';
import type { Connector, ConnectorSettings } from '../../../src/connectors/connector.js';
import { createConnector as createFromRegistry } from '../../../src/connectors/registry.js';
import {
  PostgresqlConnector,
  createConnector,
  firstKeyword,
} from '../../../src/connectors/postgresql/postgresql-connector.js';
import { resolvePostgresqlConfig } from '../../../src/connectors/postgresql/postgresql-config.js';
import {
  postgresqlConnectionError,
  postgresqlQueryError,
} from '../../../src/connectors/postgresql/postgresql-errors.js';
import { rowObjects } from '../../../src/connectors/result-rows.js';

const SERVER_URL = process.env.DATACHAT_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const settings = (url: string | undefined, options: Record<string, unknown> = {}): ConnectorSettings => ({
  id: 'pg-test',
  engine: 'postgresql',
  url,
  options,
  baseDir: process.cwd(),
});

async function caught(promise: Promise<unknown>): Promise<DatachatError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatachatError);
  return error as DatachatError;
}

/** Everything a user or a log could see of an error. */
function visible(error: DatachatError): string {
  return [
    error.message,
    error.hint ?? '',
    JSON.stringify(error.toJSON()),
    String(error),
    inspect(error, { depth: 5 }),
  ].join('\n');
}

describe('firstKeyword', () => {
  it.each([
    ['SELECT 1', 'select'],
    ['  with x as (select 1) select * from x', 'with'],
    ['-- note\n/* block\n comment */ (SELECT 1) UNION (SELECT 2)', 'select'],
    ['VALUES (1)', 'values'],
    ['insert into t values (1)', 'insert'],
    ['', ''],
    ['-- only a comment', ''],
  ])('%j → %s', (sql, keyword) => {
    expect(firstKeyword(sql)).toBe(keyword);
  });
});

describe('PostgreSQL connection errors', () => {
  const config = resolvePostgresqlConfig('postgresql://ana:s3cr3tpw@db.internal:6543/sales', {});
  const mapped = (error: object) =>
    postgresqlConnectionError(Object.assign(new Error((error as { message?: string }).message ?? 'x'), error), config);

  it.each([
    [
      { code: '28P01', message: 'password authentication failed for user "ana"' },
      /refused the password for user "ana"/,
      /user name and password/,
    ],
    [
      { code: '28000', message: 'no pg_hba.conf entry for host "10.0.0.1", user "ana"' },
      /refused the login for user "ana"/,
      /pg_hba\.conf/,
    ],
    [
      { message: 'SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string' },
      /asks for a password/,
      /Add the password/,
    ],
    [
      { code: '3D000', message: 'database "sales" does not exist' },
      /Database "sales" does not exist on db\.internal:6543/,
      /psql -l/,
    ],
    [
      { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.0.0.1:6543' },
      /db\.internal:6543\/sales: connection refused/,
      /server is running/,
    ],
    [
      { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND db.internal' },
      /Cannot resolve the PostgreSQL host "db\.internal"/,
      /DNS/,
    ],
    [{ message: 'Connection terminated due to connection timeout' }, /Timed out connecting/, /firewall/],
    [{ message: 'The server does not support SSL connections' }, /does not accept SSL/, /sslmode=disable/],
  ])('%o', (error, message, hint) => {
    const result = mapped(error);
    expect(result).toBeInstanceOf(ConnectionError);
    expect(result.message).toMatch(message);
    expect(result.hint).toMatch(hint);
    expect(result.cause).toBeDefined();
    expect(visible(result)).not.toContain('s3cr3tpw');
  });

  it('strips the password should a server message ever echo it, from the message and the kept cause', () => {
    const result = mapped({ message: 'weird: s3cr3tpw' });
    expect(visible(result)).not.toContain('s3cr3tpw');
    expect((result.cause as Error).message).toBe('weird: ***');
  });

  it('keeps the SQLSTATE and position of query errors', () => {
    const error = postgresqlQueryError(
      Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601', position: '1' }),
      1000,
      config,
    );
    expect(error).toBeInstanceOf(QueryError);
    expect((error as QueryError).details).toEqual({ code: '42601', position: 1 });
    const timeout = postgresqlQueryError(
      Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
      1500,
      config,
    );
    expect(timeout.message).toBe('Query timed out after 1500 ms and was cancelled.');
  });
});

describe('PostgreSQL connector against unreachable servers', () => {
  it('reports a closed port as unreachable, with a hint', async () => {
    const connector = createConnector(settings('postgresql://postgres@127.0.0.1:1/test'));
    const error = await caught(connector.test());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toBe('Cannot connect to PostgreSQL at 127.0.0.1:1/test: connection refused.');
    expect(error.hint).toMatch(/server is running/);
    await connector.close();
  });

  it('never puts the URL password in what it throws', async () => {
    const connector = createConnector(settings('postgresql://u:s3cr3tpw@127.0.0.1:1/x'));
    for (const attempt of [connector.test(), connector.introspect(), connector.execute('SELECT 1')]) {
      expect(visible(await caught(attempt))).not.toContain('s3cr3tpw');
    }
    await connector.close();
  });

  it('is what the registry loads for postgresql', async () => {
    const connector = await createFromRegistry(settings('postgresql://postgres@127.0.0.1:1/test'));
    expect(connector).toBeInstanceOf(PostgresqlConnector);
    expect(connector.dialect.placeholder(3)).toBe('$3');
  });
});

async function serverReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe('PostgreSQL connector against the test server', () => {
  const schema = `dc_unit_${randomBytes(5).toString('hex')}`;
  let reachable = false;
  let connector: Connector;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: SERVER_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    reachable = await serverReachable();
    if (!reachable) {
      if (process.env.CI === 'true' || process.env.CI === '1')
        throw new Error(`CI=true but PostgreSQL is not reachable at ${SERVER_URL}`);
      return;
    }
    await admin(`
      CREATE SCHEMA "${schema}";
      SET search_path TO "${schema}";
      CREATE TYPE mood AS ENUM ('ok', 'sad');
      CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
      CREATE TABLE parent (a int, b text, PRIMARY KEY (a, b));
      COMMENT ON TABLE parent IS 'The parent';
      CREATE TABLE child (id bigserial PRIMARY KEY, a int, b text, m mood, p posint, tags text[], gone int, d date, ts timestamp,
        FOREIGN KEY (a, b) REFERENCES parent (a, b));
      COMMENT ON COLUMN child.m IS 'How it feels';
      ALTER TABLE child DROP COLUMN gone;
      CREATE INDEX child_expr ON child (lower(b), a);
      CREATE VIEW child_view AS SELECT id, m FROM child;
      CREATE TABLE part (d date NOT NULL, n int) PARTITION BY RANGE (d);
      CREATE TABLE part_2024 PARTITION OF part FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      INSERT INTO part SELECT DATE '2024-01-01' + (g % 300), g FROM generate_series(1, 700) g;
      INSERT INTO parent VALUES (1, 'x');
      INSERT INTO child (a, b, m, p, tags, d, ts) VALUES (1, 'x', 'ok', 5, '{a,b}', '2024-03-01', '2024-03-01 10:11:12');
    `);
    connector = createConnector(settings(SERVER_URL, { schemas: [schema] }));
  });

  afterAll(async () => {
    await connector?.close();
    if (reachable) await admin(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });

  const live = (name: string, fn: () => Promise<void>) =>
    it(name, async (ctx) => {
      if (!reachable) return ctx.skip();
      await fn();
    });

  live('names an unknown database', async () => {
    const other = createConnector(settings(SERVER_URL.replace(/\/[^/?]*(\?.*)?$/, '/nonexistent_db_xyz')));
    const error = await caught(other.test());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/^Database "nonexistent_db_xyz" does not exist on /);
    expect(error.hint).toMatch(/psql -l/);
    await other.close();
  });

  live('introspects enums, domains, composite keys, expression indexes, views, partitions and comments', async () => {
    const meta = await connector.introspect();
    expect(meta.schemas).toEqual([schema]);
    expect(meta.tables.map((t) => `${t.name}:${t.kind}`)).toEqual([
      'child:table',
      'child_view:view',
      'parent:table',
      'part:table',
    ]);
    const child = meta.tables.find((t) => t.name === 'child')!;
    expect(child.columns.map((c) => [c.name, c.canonicalType, c.ordinal])).toEqual([
      ['id', 'integer', 1],
      ['a', 'integer', 2],
      ['b', 'string', 3],
      ['m', 'string', 4],
      ['p', 'integer', 5],
      ['tags', 'array', 6],
      ['d', 'date', 7],
      ['ts', 'timestamp', 8],
    ]);
    expect(child.columns[0]!.defaultValue).toMatch(/^nextval\(/);
    expect(child.columns.find((c) => c.name === 'm')).toMatchObject({ dataType: 'mood', comment: 'How it feels' });
    expect(child.foreignKeys).toEqual([
      {
        name: 'child_a_b_fkey',
        columns: ['a', 'b'],
        targetSchema: schema,
        targetTable: 'parent',
        targetColumns: ['a', 'b'],
      },
    ]);
    expect(child.indexes.find((i) => i.name === 'child_expr')).toEqual({
      name: 'child_expr',
      columns: ['lower(b)', 'a'],
      unique: false,
      primary: false,
    });
    expect(child.rowEstimate).toBe(1);
    const parent = meta.tables.find((t) => t.name === 'parent')!;
    expect(parent).toMatchObject({ primaryKey: ['a', 'b'], comment: 'The parent' });
    expect(meta.tables.find((t) => t.name === 'part')!.rowEstimate).toBe(700);
    expect(meta.tables.find((t) => t.name === 'child_view')!.rowEstimate).toBeUndefined();
  });

  live('filters introspection by table, qualified or not', async () => {
    const meta = await connector.introspect({ tables: ['parent', `${schema}.part`] });
    expect(meta.tables.map((t) => t.name)).toEqual(['parent', 'part']);
    const none = await connector.introspect({ schemas: ['dc_no_such_schema'] });
    expect(none.tables).toEqual([]);
  });

  live('resolves unqualified names in the configured schemas and returns JSON-friendly values', async () => {
    const result = await connector.execute(
      'SELECT count(*) AS n, min(d) AS d, min(ts) AS ts, 9007199254740993::bigint AS big FROM child WHERE a = $1 AND b = $2',
      {
        params: [1, 'x'],
      },
    );
    expect(rowObjects(result)).toEqual([{ n: 1, d: '2024-03-01', ts: '2024-03-01 10:11:12', big: '9007199254740993' }]);
    expect(result.columns).toEqual([
      { name: 'n', type: 'int8' },
      { name: 'd', type: 'date' },
      { name: 'ts', type: 'timestamp' },
      { name: 'big', type: 'int8' },
    ]);
  });

  live('streams through a cursor, stopping at the cap', async () => {
    const capped = await connector.execute('SELECT n FROM part ORDER BY n', { maxRows: 7 });
    expect(rowObjects(capped).map((r) => r.n)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(capped.truncated).toBe(true);
    const none = await connector.execute('SELECT n FROM part', { maxRows: 0 });
    expect(none).toMatchObject({ rowCount: 0, truncated: true });
    const empty = await connector.execute('SELECT n FROM part WHERE false');
    expect(empty).toMatchObject({ rowCount: 0, truncated: false, columns: [{ name: 'n', type: 'int4' }] });
  });

  live('runs utility statements without a cursor', async () => {
    const result = await connector.execute('SHOW search_path');
    expect(rowObjects(result)[0]!.search_path).toBe(`${schema}, public`);
    const plan = await connector.execute('EXPLAIN SELECT * FROM part', { maxRows: 1 });
    expect(plan.rowCount).toBe(1);
  });

  live('refuses writes, smuggled statements and transaction control', async () => {
    const refusals = [
      ["INSERT INTO parent VALUES (2, 'y')", /read-only transaction/],
      ['WITH gone AS (DELETE FROM parent RETURNING *) SELECT * FROM gone', /data-modifying/],
      ['SELECT 1; DELETE FROM parent', /multiple commands/],
      ['SELECT * FROM parent FOR UPDATE', /read-only transaction/],
      ["SELECT set_config('transaction_read_only', 'off', true)", /read-write mode/],
      ['COMMIT', /not allowed/],
      ['CREATE TABLE x (a int)', /read-only transaction/],
    ] as const;
    for (const [sql, message] of refusals) {
      const error = await caught(connector.execute(sql));
      expect(error, sql).toBeInstanceOf(QueryError);
      expect(error.message, sql).toMatch(message);
    }
    expect(rowObjects(await connector.execute('SELECT count(*) AS n FROM parent'))[0]!.n).toBe(1);
  });

  live('cancels on abort and stays usable', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    const error = await caught(connector.execute('SELECT pg_sleep(5)', { signal: controller.signal }));
    expect(error.message).toBe('Query cancelled.');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await caught(connector.execute('SELECT 1', { signal: controller.signal }))).toBeInstanceOf(QueryError);
    expect(rowObjects(await connector.execute('SELECT 2 AS two'))).toEqual([{ two: 2 }]);
  });

  live('times out server-side and keeps the connection', async () => {
    const error = await caught(connector.execute('SELECT pg_sleep(3)', { timeoutMs: 200 }));
    expect(error.message).toBe('Query timed out after 200 ms and was cancelled.');
    expect((error as QueryError).details).toMatchObject({ code: '57014' });
  });

  live('reports the server version', async () => {
    const result = await connector.test();
    expect(result).toMatchObject({ ok: true, serverVersion: expect.stringMatching(/^PostgreSQL \d+/) });
  });
});
