import { describe, expect, it } from 'vitest';
import { bigqueryDialect } from '../connectors/bigquery/bigquery-dialect.js';
import { clickhouseDialect } from '../connectors/clickhouse/clickhouse-dialect.js';
import type { Dialect, TimeGrain } from '../connectors/dialect.js';
import type { EngineType } from '../connectors/engine-type.js';
import { mariadbDialect, mysqlDialect } from '../connectors/mysql/mysql-dialect.js';
import { postgresqlDialect } from '../connectors/postgresql/postgresql-dialect.js';
import { snowflakeDialect } from '../connectors/snowflake/snowflake-dialect.js';
import { sqliteDialect } from '../connectors/sqlite/sqlite-dialect.js';
import { SqlRejectedError } from '../errors.js';
import { assertSafeSql, guardSql } from './sql-guard.js';

describe('guardSql normalization and tables', () => {
  it.each<[EngineType, string, string]>([
    ['postgresql', 'SELECT 1;', 'SELECT 1'],
    ['postgresql', '  SELECT 1 ;; \n', 'SELECT 1'],
    ['postgresql', 'SELECT 1; -- trailing comment', 'SELECT 1'],
    ['postgresql', 'SELECT 1 /* trailing */', 'SELECT 1'],
    ['postgresql', '-- leading\nSELECT 1 -- trailing', '-- leading\nSELECT 1'],
    ['postgresql', "SELECT ';' AS s;", "SELECT ';' AS s"],
    ['mysql', 'SELECT 1 # note', 'SELECT 1'],
    ['snowflake', 'SELECT 1 // note', 'SELECT 1'],
  ])('%s: %j → %j', (engine, sql, normalized) => {
    expect(guardSql(sql, engine)).toMatchObject({ ok: true, sql: normalized });
  });

  it.each<[EngineType, string, string[]]>([
    ['postgresql', 'SELECT * FROM customers c JOIN "Sales"."Orders" o ON o.cid = c.id', ['customers', 'sales.orders']],
    [
      'postgresql',
      'WITH recent AS (SELECT * FROM orders) SELECT * FROM recent JOIN customers ON true',
      ['orders', 'customers'],
    ],
    ['postgresql', 'SELECT * FROM a WHERE id IN (SELECT id FROM b) UNION SELECT * FROM c', ['a', 'b', 'c']],
    ['mysql', 'SELECT * FROM `Shop`.`Orders`, orders', ['shop.orders', 'orders']],
    [
      'bigquery',
      'SELECT * FROM `my-project.shop.orders` JOIN shop.customers ON TRUE',
      ['my-project.shop.orders', 'shop.customers'],
    ],
    ['snowflake', 'SELECT * FROM analytics.public.orders', ['analytics.public.orders']],
    ['sqlite', 'SELECT 1', []],
  ])('%s: tables of %s', (engine, sql, tables) => {
    expect(guardSql(sql, engine)).toMatchObject({ ok: true, tables });
  });

  it('uses the parser database given in options (MariaDB falls back to MySQL for NOT IN)', () => {
    expect(guardSql("SELECT * FROM t WHERE s NOT IN ('a')", 'mysql', { parserDatabase: 'MariaDB' })).toMatchObject({
      ok: true,
    });
    expect(guardSql('SELECT SLEEP(1)', 'mysql', { parserDatabase: 'MariaDB' })).toMatchObject({
      ok: false,
      code: 'dangerous_function',
    });
  });

  it.each<[EngineType, string, RegExp]>([
    ['sqlite', 'SELECT 1 AS x # note', /'#' is not a comment/],
    ['snowflake', 'SELECT $a$ harmless $a$ AS s', /\$tag\$/],
    ['postgresql', "SELECT 'C:\\' AS dir", /backslash before a quote/],
    ['sqlite', "SELECT 'C:\\' AS dir", /backslash before a quote/],
    ['mysql', 'SELECT 1 /*!, SLEEP(5) */', /\/\*!/],
    ['postgresql', 'SELECT 1 /* a /* b */ c */', /nested/],
  ])('%s: refuses %s where engine and parser tokenize differently', (engine, sql, reason) => {
    const result = guardSql(sql, engine);
    expect(result).toMatchObject({ ok: false, code: 'parse_error' });
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('refuses when the parser database is unknown', () => {
    expect(guardSql('SELECT 1', 'postgresql', { parserDatabase: 'Nope' })).toMatchObject({
      ok: false,
      code: 'parse_error',
    });
  });

  it('says when a dialect extension could not be verified', () => {
    const result = guardSql('SELECT ARRAY_AGG(name ORDER BY name LIMIT 5) FROM t', 'bigquery');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.reason).toMatch(/could not be parsed as BigQuery.*datachat only runs SQL it can verify/);
  });

  it('gives the parser message for a PostgreSQL syntax error', () => {
    const result = guardSql('SELECT FROM WHERE', 'postgresql');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/could not be parsed as PostgreSQL: .*line 1/);
  });
});

describe('SQL built by the dialects (metric compiler output)', () => {
  const dialects: Dialect[] = [
    sqliteDialect,
    postgresqlDialect,
    mysqlDialect,
    mariadbDialect,
    clickhouseDialect,
    bigqueryDialect,
    snowflakeDialect,
  ];
  const grains: TimeGrain[] = ['day', 'week', 'month', 'quarter', 'year'];

  it.each(dialects.flatMap((d) => grains.map((grain) => [d.engine, d.parserDatabase, grain, d] as const)))(
    '%s (%s) %s metric query passes',
    (_engine, _parser, grain, d) => {
      const month = d.dateTrunc(grain, 'o.created_at');
      const sql = d.limit(
        `SELECT ${month} AS ${d.quoteIdentifier(grain)}, ${d.approxDistinct('o.customer_id')} AS ${d.quoteIdentifier('buyers')}, ` +
          `SUM(o.total) AS ${d.quoteIdentifier('revenue')} FROM ${d.quoteQualified('shop', 'orders')} o ` +
          `WHERE o.created_at >= ${d.daysAgo(30)} AND o.country = ${d.stringLiteral("Côte d'Ivoire \\ x")} ` +
          `AND ${d.castToText('o.status')} <> ${d.stringLiteral('')} GROUP BY ${month} ORDER BY ${d.quoteIdentifier(grain)}`,
        100,
      );
      const result = guardSql(sql, d.engine, { parserDatabase: d.parserDatabase });
      expect(result, `${sql}\n${JSON.stringify(result)}`).toMatchObject({ ok: true, tables: ['shop.orders'] });
    },
  );
});

describe('assertSafeSql', () => {
  it('returns the normalized statement and tables', () => {
    expect(assertSafeSql('SELECT * FROM orders;', 'postgresql')).toEqual({
      sql: 'SELECT * FROM orders',
      tables: ['orders'],
    });
  });

  it('throws SqlRejectedError with exit code 4, the reason and a hint', () => {
    let error: unknown;
    try {
      assertSafeSql('DROP TABLE customers', 'postgresql');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SqlRejectedError);
    const rejected = error as SqlRejectedError;
    expect(rejected.exitCode).toBe(4);
    expect(rejected.code).toBe('sql_rejected');
    expect(rejected.message).toMatch(/DROP/);
    expect(rejected.hint).toBeTruthy();
    expect(rejected.details).toMatchObject({ reason_code: 'not_read_only', engine: 'postgresql' });
  });
});

describe('the guard reads the engine from its dialect', () => {
  /** PostgreSQL's dialect with some guard-facing fields changed, as a new engine's descriptor would. */
  const variant = (fields: Partial<Dialect>): Dialect => Object.assign(Object.create(postgresqlDialect), fields);

  it('takes a dialect as well as an engine id, with the same verdicts', () => {
    for (const sql of ['SELECT lower(name) FROM t', 'SELECT pg_sleep(1)', 'SHOW search_path']) {
      expect(guardSql(sql, postgresqlDialect)).toEqual(guardSql(sql, 'postgresql'));
    }
  });

  it('names the dialect in parse failures and lists the grammars tried where it says the grammar is partial', () => {
    const partial = variant({ name: 'Fakebase', partialGrammar: true, parserFallbacks: ['MySQL'] });
    const result = guardSql('SELECT FROM WHERE', partial);
    expect(result).toMatchObject({ ok: false, code: 'parse_error' });
    expect(!result.ok && result.reason).toMatch(
      /parsed as Fakebase \(tried node-sql-parser's PostgresQL, MySQL grammars\)/,
    );
  });

  it('lexes with the dialect profile: `#` is a comment only where the profile says so', () => {
    const sql = 'SELECT 1 # ; DROP TABLE t';
    expect(guardSql(sql, postgresqlDialect)).toMatchObject({ ok: false });
    const hashComments = variant({ lexProfile: { ...postgresqlDialect.lexProfile, hashComment: 'always' } });
    expect(guardSql(sql, hashComments, { parserDatabase: 'MySQL' })).toMatchObject({ ok: true });
  });

  it('allows SHOW <setting> only where the dialect reads settings, and table functions only from its list', () => {
    expect(guardSql('SHOW search_path', postgresqlDialect)).toMatchObject({ ok: true });
    expect(guardSql('SHOW search_path', variant({ showsSettings: false }))).toMatchObject({ code: 'secret_catalog' });
    const listed = variant({ name: 'Fakebase', tableFunctions: new Set(['numbers']) });
    expect(guardSql('SELECT * FROM generate_series(1, 3)', postgresqlDialect)).toMatchObject({ ok: true });
    expect(guardSql('SELECT * FROM generate_series(1, 3)', listed)).toMatchObject({
      code: 'table_function',
      reason: expect.stringContaining('list of Fakebase table functions the guard allows (numbers)'),
    });
  });

  it('folds quoted function names and accepts built-in qualifiers as the dialect says', () => {
    expect(guardSql('SELECT "LOWER"(name) FROM t', postgresqlDialect)).toMatchObject({ code: 'dangerous_function' });
    expect(guardSql('SELECT "LOWER"(name) FROM t', variant({ quotedNameCase: 'upper' }))).toMatchObject({ ok: true });
    expect(guardSql('SELECT pg_catalog.lower(name) FROM t', postgresqlDialect)).toMatchObject({ ok: true });
    expect(guardSql('SELECT pg_catalog.lower(name) FROM t', variant({ builtinQualifiers: [] }))).toMatchObject({
      code: 'dangerous_function',
    });
  });
});
