import { randomBytes } from 'node:crypto';
import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError, DatachatError, QueryError } from '../../../src/errors.js';
import type { ConnectorSettings } from '../../../src/connectors/connector.js';
import { createConnector, type MysqlConnector } from '../../../src/connectors/mysql/mysql-connector.js';
import { rowObjects } from '../../../src/connectors/result-rows.js';

/**
 * Against the MariaDB/MySQL server of the test environment (127.0.0.1:3306, root without password).
 * Skipped when nothing listens there, except under CI=true where that is a failure.
 */
const HOST = '127.0.0.1';
const PORT = 3306;
const CI = process.env.CI === 'true' || process.env.CI === '1';
const suffix = randomBytes(5).toString('hex');
const database = `dc_unit_${suffix}`;
const goodPassword = `Good-pw-${suffix}-Zq9`;
const wrongPassword = `Wrong-pw-${suffix}-Xk7`;

let admin: Connection | undefined;
let flavour: 'mysql' | 'mariadb' = 'mysql';
const connectors: MysqlConnector[] = [];

function connector(settings: Partial<ConnectorSettings> = {}): MysqlConnector {
  const c = createConnector({
    id: 'unit',
    engine: 'mysql',
    url: `mysql://root@${HOST}:${PORT}/${database}`,
    options: {},
    baseDir: process.cwd(),
    ...settings,
  }) as MysqlConnector;
  connectors.push(c);
  return c;
}

/** Runs `fn` and returns what it threw (failing the test if it did not throw). */
async function thrown(fn: () => Promise<unknown>): Promise<DatachatError> {
  try {
    await fn();
  } catch (error) {
    return error as DatachatError;
  }
  throw new Error('expected a failure');
}

/** Everything a user could see of an error: message, hint, JSON, and the cause chain's messages. */
function visible(error: DatachatError): string {
  const causes: string[] = [];
  for (let c: unknown = error.cause; c instanceof Error; c = (c as Error & { cause?: unknown }).cause)
    causes.push(c.message, c.stack ?? '');
  return [error.message, error.hint ?? '', JSON.stringify(error.toJSON()), ...causes].join('\n');
}

beforeAll(async () => {
  const mysql = await import('mysql2/promise');
  try {
    admin = await mysql.createConnection({
      host: HOST,
      port: PORT,
      user: 'root',
      password: '',
      multipleStatements: true,
    });
  } catch (error) {
    if (CI) throw error;
    console.warn(`[skip] MySQL connector tests: no server at ${HOST}:${PORT} (${(error as Error).message})`);
    return;
  }
  const [[version]] = (await admin.query('SELECT VERSION() AS v')) as unknown as [[{ v: string }]];
  flavour = /mariadb/i.test(version.v) ? 'mariadb' : 'mysql';
  await admin.query(`CREATE DATABASE \`${database}\``);
  await admin.query(`USE \`${database}\``);
  await admin.query(`
    CREATE TABLE parents (id INT PRIMARY KEY, code VARCHAR(10) NOT NULL DEFAULT 'new', UNIQUE KEY parents_code (code)) ENGINE=InnoDB COMMENT='Parent rows';
    CREATE TABLE parents2 (x INT NOT NULL, y VARCHAR(10) NOT NULL, PRIMARY KEY (x, y)) ENGINE=InnoDB;
    CREATE TABLE kids (id BIGINT UNSIGNED PRIMARY KEY, a INT NOT NULL, b VARCHAR(10) NOT NULL, doc JSON NULL, flag BIT(1) NULL, note TEXT NULL COMMENT 'free text',
      made DATETIME NULL, CONSTRAINT kids_parent FOREIGN KEY (a, b) REFERENCES parents2 (x, y)) ENGINE=InnoDB;
    CREATE VIEW kid_notes AS SELECT id, note FROM kids;
    CREATE TABLE nums (n INT NOT NULL PRIMARY KEY) ENGINE=InnoDB;
    INSERT INTO parents VALUES (1, 'one'), (2, 'two');
    INSERT INTO parents2 VALUES (1, 'a');
    INSERT INTO kids VALUES (1, 1, 'a', '{"k": 1}', b'1', 'x', '2024-05-06 07:08:09');
  `);
  await admin.query('INSERT INTO nums (n) VALUES ?', [Array.from({ length: 3000 }, (_, i) => [i + 1])]);
  await admin.query(`CREATE USER 'dc_pw_test'@'%' IDENTIFIED BY '${goodPassword}'`).catch(async () => {
    await admin!.query(`ALTER USER 'dc_pw_test'@'%' IDENTIFIED BY '${goodPassword}'`);
  });
  await admin.query(`GRANT SELECT ON \`${database}\`.* TO 'dc_pw_test'@'%'`);
});

afterAll(async () => {
  await Promise.all(connectors.map((c) => c.close()));
  if (!admin) return;
  await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await admin.query(`DROP USER IF EXISTS 'dc_pw_test'@'%'`);
  await admin.end();
});

const live = (name: string, fn: () => Promise<void>, timeout?: number) =>
  it(
    name,
    async (ctx) => {
      if (!admin) return ctx.skip();
      await fn();
    },
    timeout,
  );

describe('MySQL connector: connection failures', () => {
  live('a wrong password says authentication failed and never shows a password', async () => {
    const viaFields = connector({
      url: undefined,
      options: { host: HOST, port: PORT, user: 'dc_pw_test', password: wrongPassword, database },
    });
    const error = await thrown(() => viaFields.test());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/authentication failed/i);
    expect(error.message).toContain('dc_pw_test');
    expect(error.hint).toMatch(/password/i);
    expect(visible(error)).not.toContain(wrongPassword);

    const viaUrl = connector({
      url: `mysql://dc_pw_test:${encodeURIComponent(wrongPassword)}@${HOST}:${PORT}/${database}`,
    });
    for (const attempt of [() => viaUrl.test(), () => viaUrl.execute('SELECT 1'), () => viaUrl.introspect()]) {
      const e = await thrown(attempt);
      expect(e.message).toMatch(/authentication failed/i);
      expect(visible(e)).not.toContain(wrongPassword);
      expect(visible(e)).not.toContain(encodeURIComponent(wrongPassword));
    }
  });

  live('the right password works for the same account', async () => {
    const ok = connector({ url: `mysql://dc_pw_test:${encodeURIComponent(goodPassword)}@${HOST}:${PORT}/${database}` });
    expect((await ok.test()).ok).toBe(true);
    const error = await thrown(() => ok.execute('SELECT * FROM no_such_table'));
    expect(error).toBeInstanceOf(QueryError);
    expect(visible(error)).not.toContain(goodPassword);
  });

  live('an unreachable host is reported as such', async () => {
    const error = await thrown(() =>
      connector({ url: `mysql://root:${wrongPassword}@127.0.0.1:1/${database}` }).test(),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/cannot reach/i);
    expect(error.message).toContain('127.0.0.1:1');
    expect(error.hint).toMatch(/running/);
    expect(visible(error)).not.toContain(wrongPassword);
  });

  live('an unknown database is named in the error', async () => {
    const error = await thrown(() =>
      connector({ url: `mysql://root@${HOST}:${PORT}/dc_no_such_db_${suffix}` }).execute('SELECT 1'),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/database "dc_no_such_db_\w+" does not exist/);
    expect(error.hint).toBeTruthy();
  });

  live('test() reports the server flavour and version', async () => {
    const result = await connector().test();
    expect(result.serverVersion).toMatch(flavour === 'mariadb' ? /^MariaDB \d+\.\d+/ : /^MySQL \d+\.\d+/);
  });
});

describe('MySQL connector: read-only execution', () => {
  live('refuses DDL, DML and session tricks, and the data is untouched', async () => {
    const c = connector();
    for (const sql of [
      'DROP TABLE nums',
      'CREATE TABLE evil (x INT)',
      'TRUNCATE TABLE nums',
      'DELETE FROM nums',
      'UPDATE nums SET n = n + 10000',
      'SELECT 1; DELETE FROM nums',
    ]) {
      await expect(c.execute(sql), sql).rejects.toBeInstanceOf(DatachatError);
    }
    // A statement that flips the session back to read-write does not carry over to the next call.
    await c.execute('SET SESSION TRANSACTION READ WRITE').catch(() => undefined);
    await expect(c.execute('INSERT INTO nums VALUES (99999)')).rejects.toThrow(/read-only|read only/i);
    const [[count]] = (await admin!.query('SELECT COUNT(*) AS n, SUM(n) AS s FROM nums')) as unknown as [
      [{ n: number; s: string }],
    ];
    expect(Number(count.n)).toBe(3000);
    expect(Number(count.s)).toBe(4501500);
    const [tables] = (await admin!.query(`SHOW TABLES FROM \`${database}\` LIKE 'evil'`)) as unknown as [unknown[]];
    expect(tables).toHaveLength(0);
  });

  live(
    'stops a large result at the row cap without reading it all',
    async () => {
      const c = connector();
      const started = Date.now();
      // 27 billion rows: only a cap applied while streaming can return.
      const result = await c.execute('SELECT a.n AS x FROM nums a CROSS JOIN nums b CROSS JOIN nums c', {
        maxRows: 10,
        timeoutMs: 20_000,
      });
      expect(result.rowCount).toBe(10);
      expect(result.truncated).toBe(true);
      expect(Date.now() - started).toBeLessThan(5_000);
      // The server is not still producing rows for it.
      const [running] = (await admin!.query(
        "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT a.n AS x FROM nums a CROSS JOIN%'",
      )) as unknown as [unknown[]];
      expect(running).toHaveLength(0);
      expect(rowObjects(await c.execute('SELECT COUNT(*) AS n FROM nums'))[0]!.n).toBe(3000);
    },
    30_000,
  );

  live(
    'an abort signal cancels a running statement',
    async () => {
      const c = connector();
      const controller = new AbortController();
      const started = Date.now();
      setTimeout(() => controller.abort(), 300);
      await expect(c.execute('SELECT SLEEP(10)', { signal: controller.signal })).rejects.toThrow(/cancel/i);
      expect(Date.now() - started).toBeLessThan(5_000);
      await expect(c.execute('SELECT 1', { signal: controller.signal })).rejects.toThrow(/cancel/i);
      expect(rowObjects(await c.execute('SELECT 2 AS two'))).toEqual([{ two: 2 }]);
    },
    20_000,
  );

  live(
    'a statement the server interrupts into a value (BENCHMARK returns 0) still counts as timed out',
    async () => {
      const c = connector();
      const started = Date.now();
      await expect(c.execute('SELECT BENCHMARK(5000000000, MD5(1)) AS b', { timeoutMs: 300 })).rejects.toThrow(
        /timed out/,
      );
      expect(Date.now() - started).toBeLessThan(5_000);
    },
    20_000,
  );

  live('binds parameters, and refuses one the server could only compare after truncating it', async () => {
    const c = connector();
    const ok = await c.execute('SELECT n FROM nums WHERE n BETWEEN ? AND ? ORDER BY n', { params: [5, '7'] });
    expect(rowObjects(ok)).toEqual([{ n: 5 }, { n: 6 }, { n: 7 }]);
    const text = await c.execute('SELECT code FROM parents WHERE code = ?', { params: ["one' OR '1'='1"] });
    expect(text.rowCount).toBe(0);
    await expect(c.execute('SELECT n FROM nums WHERE n = ?', { params: ['2abc'] })).rejects.toThrow(/convert/);
  });

  live('returns columns with native types and stable value shapes', async () => {
    const c = connector();
    const result = await c.execute(
      'SELECT id, doc, flag, made, note, CAST(1.50 AS DECIMAL(5,2)) AS d, 12345678901234567890 AS big FROM kids',
    );
    expect(result.columns.map((col) => col.name)).toEqual(['id', 'doc', 'flag', 'made', 'note', 'd', 'big']);
    expect(result.columns.find((col) => col.name === 'made')?.type).toBe('datetime');
    expect(result.columns.find((col) => col.name === 'note')?.type).toBe('text');
    const row = rowObjects(result)[0]!;
    expect(row.made).toBe('2024-05-06 07:08:09');
    expect(row.flag).toBe(true);
    expect(row.d).toBe('1.50');
    expect(String(row.big)).toBe('12345678901234567890');
  });

  live('runs many statements at once over its small pool', async () => {
    const c = connector();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => c.execute('SELECT ? + 0 AS v', { params: [i] })),
    );
    expect(results.map((r) => Number(rowObjects(r)[0]!.v))).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  live('the dialect builders produce SQL the server runs', async () => {
    const c = connector();
    const d = c.dialect;
    const sample = d.sampleSource(d.quoteIdentifier('nums'), 100, 3000)!;
    expect(rowObjects(await c.execute(`SELECT COUNT(*) AS n FROM ${sample}`))[0]!.n).toBe(100);
    const grains = ['day', 'week', 'month', 'quarter', 'year'] as const;
    const sql = `SELECT ${grains.map((g) => `${d.dateTrunc(g, "TIMESTAMP '2024-05-16 10:11:12'")} AS ${g}`).join(', ')}, ${d.stringLiteral("it's a \\ test")} AS lit, ${d.castToText('42')} AS t, ${d.daysAgo(1)} < ${d.now()} AS past`;
    expect(rowObjects(await c.execute(sql))[0]).toEqual({
      day: '2024-05-16',
      week: '2024-05-13',
      month: '2024-05-01',
      quarter: '2024-04-01',
      year: '2024-01-01',
      lit: "it's a \\ test",
      t: '42',
      past: 1,
    });
  });
});

describe('MySQL connector: introspection', () => {
  live('reads tables, views, keys, indexes, comments and defaults in one pass', async () => {
    const meta = await connector().introspect();
    expect(meta.engine).toBe('mysql');
    expect(meta.schemas).toEqual([database]);
    expect(meta.database).toBe(database);
    expect(meta.tables.map((t) => `${t.kind}:${t.name}`).sort()).toEqual([
      'table:kids',
      'table:nums',
      'table:parents',
      'table:parents2',
      'view:kid_notes',
    ]);
    const parents = meta.tables.find((t) => t.name === 'parents')!;
    expect(parents.schema).toBe(database);
    expect(parents.comment).toBe('Parent rows');
    expect(parents.primaryKey).toEqual(['id']);
    expect(parents.indexes).toContainEqual({ name: 'parents_code', columns: ['code'], unique: true, primary: false });
    expect(parents.columns.find((col) => col.name === 'code')!.defaultValue).toMatch(/^'?new'?$/);
    expect(parents.columns.find((col) => col.name === 'id')!.defaultValue).toBeUndefined();
    const kids = meta.tables.find((t) => t.name === 'kids')!;
    expect(kids.foreignKeys).toEqual([
      {
        name: 'kids_parent',
        columns: ['a', 'b'],
        targetSchema: database,
        targetTable: 'parents2',
        targetColumns: ['x', 'y'],
      },
    ]);
    const col = (name: string) => kids.columns.find((x) => x.name === name)!;
    expect(col('id').canonicalType).toBe('integer');
    expect(col('doc').canonicalType).toBe('json');
    expect(col('flag').canonicalType).toBe('boolean');
    expect(col('note')).toMatchObject({ canonicalType: 'string', comment: 'free text', nullable: true });
    expect(col('note').defaultValue).toBeUndefined();
    const view = meta.tables.find((t) => t.name === 'kid_notes')!;
    expect(view.comment).toBeUndefined();
    expect(view.rowEstimate).toBeUndefined();
    expect(view.columns.map((x) => x.name)).toEqual(['id', 'note']);
    expect(typeof meta.tables.find((t) => t.name === 'nums')!.rowEstimate).toBe('number');
  });

  live('filters by table, qualified table and schema', async () => {
    const c = connector();
    expect((await c.introspect({ tables: ['NUMS'] })).tables.map((t) => t.name)).toEqual(['nums']);
    expect((await c.introspect({ tables: [`${database}.kids`] })).tables.map((t) => t.name)).toEqual(['kids']);
    const none = await c.introspect({ schemas: [`dc_no_such_db_${suffix}`] });
    expect(none.tables).toEqual([]);
    const noDefault = connector({ url: `mysql://root@${HOST}:${PORT}` });
    const everything = await noDefault.introspect({ tables: ['parents2'] });
    expect(everything.schemas).toContain(database);
    expect(everything.schemas).not.toContain('mysql');
    expect(everything.tables.map((t) => `${t.schema}.${t.name}`)).toEqual([`${database}.parents2`]);
  });
});
