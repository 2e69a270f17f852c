import { describe, expect, it } from 'vitest';
import { bigqueryDialect } from '../connectors/bigquery/bigquery-dialect.js';
import { clickhouseDialect } from '../connectors/clickhouse/clickhouse-dialect.js';
import type { Dialect, TimeGrain } from '../connectors/dialect.js';
import { ENGINE_TYPES, type EngineType } from '../connectors/engine-type.js';
import { mariadbDialect, mysqlDialect } from '../connectors/mysql/mysql-dialect.js';
import { postgresqlDialect } from '../connectors/postgresql/postgresql-dialect.js';
import { snowflakeDialect } from '../connectors/snowflake/snowflake-dialect.js';
import { sqliteDialect } from '../connectors/sqlite/sqlite-dialect.js';
import { SqlRejectedError } from '../errors.js';
import { assertSafeSql, guardSql, type GuardCode } from './sql-guard.js';

/** Ordinary read-only SQL every engine's guard must accept. */
const COMMON_PASS: string[] = [
  'SELECT id, name FROM customers',
  "SELECT * FROM customers WHERE country = 'DE' AND created_at >= '2024-01-01'",
  'SELECT c.name, o.total FROM customers c JOIN orders o ON o.customer_id = c.id',
  'SELECT c.name, COUNT(o.id) AS n FROM customers c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.name',
  'SELECT country, COUNT(*) AS n FROM customers GROUP BY country HAVING COUNT(*) > 5 ORDER BY n DESC',
  'SELECT id FROM a UNION ALL SELECT id FROM b',
  'SELECT id FROM a UNION ALL SELECT id FROM b UNION ALL SELECT id FROM c',
  'WITH recent AS (SELECT * FROM orders WHERE total > 10) SELECT COUNT(*) FROM recent',
  'WITH a AS (SELECT 1 AS x), b AS (SELECT x FROM a) SELECT * FROM b',
  'SELECT id, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY created_at DESC) AS rn FROM orders',
  'SELECT id, RANK() OVER (PARTITION BY country ORDER BY total DESC) AS r, SUM(total) OVER (PARTITION BY country) AS s FROM orders',
  "SELECT CASE WHEN total > 100 THEN 'big' WHEN total > 10 THEN 'medium' ELSE 'small' END AS size FROM orders",
  'SELECT * FROM customers WHERE id IN (SELECT customer_id FROM orders)',
  'SELECT * FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)',
  'SELECT t.n FROM (SELECT COUNT(*) AS n FROM orders) t',
  'SELECT c.id, (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.id) AS n FROM customers c',
  'SELECT id FROM orders WHERE customer_id = (SELECT MAX(id) FROM customers)',
  '-- top customers\nSELECT id FROM customers',
  'SELECT id /* ; DROP TABLE x */ FROM customers',
  'SELECT id FROM customers -- ; DROP TABLE x',
  '/* INTO OUTFILE, FOR UPDATE, pg_sleep(10) */ SELECT id FROM customers',
  "SELECT 'DELETE FROM t' AS s, 'drop table x; select pg_sleep(10)' AS t",
  "SELECT id FROM customers WHERE note = 'SELECT * INTO x FROM y FOR UPDATE' OR note LIKE '%;%'",
  'SELECT system_source, file_name, url, sleep_minutes, url_path FROM events',
  "SELECT system_source, COUNT(*) FROM events WHERE system_source = 'crm' GROUP BY system_source",
  'SELECT id FROM customers LIMIT 10 OFFSET 20',
  'SELECT COUNT(DISTINCT customer_id) FROM orders',
  'SELECT 1;',
  'SELECT 1;;',
  'SELECT id FROM customers; -- done',
  "SELECT COALESCE(name, 'n/a') AS name, CAST(total AS DECIMAL(10,2)) AS total FROM orders WHERE total BETWEEN 1 AND 10",
  "SELECT MAX(total), MIN(total), AVG(total) FROM orders WHERE status NOT IN ('a', 'b') AND note IS NOT NULL",
  'SELECT DISTINCT country FROM customers ORDER BY country',
  'SELECT * FROM files',
  "SELECT id FROM events WHERE url IS NOT NULL AND LOWER(url) LIKE '%example%'",
  'SELECT 1',
  "SELECT id FROM t WHERE name = 'x' -- a comment with a 'quote",
  'SELECT COUNT(*) AS n FROM sleep_log WHERE sleep_minutes > 5',
];

/** Every engine refuses these with this code (parsed or, where the grammar cannot, by the lexical layer). */
const COMMON_REJECT: [string, GuardCode][] = [
  ['DROP TABLE customers', 'not_read_only'],
  ['DELETE FROM t', 'not_read_only'],
  ['delete from t where id = 1', 'not_read_only'],
  ['INSERT INTO t SELECT * FROM s', 'not_read_only'],
  ['UPDATE t SET a = 1', 'not_read_only'],
  ['CREATE TABLE x AS SELECT 1', 'not_read_only'],
  ['TRUNCATE TABLE t', 'not_read_only'],
  ['GRANT SELECT ON t TO u', 'not_read_only'],
  ['CALL p()', 'not_read_only'],
  ['SET x = 1', 'not_read_only'],
  ["COPY t TO '/tmp/x'", 'not_read_only'],
  ['PRAGMA writable_schema=1', 'not_read_only'],
  ["ATTACH DATABASE 'x.db' AS x", 'not_read_only'],
  ['WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d', 'not_read_only'],
  ['WITH d AS (SELECT 1) DELETE FROM t', 'not_read_only'],
  ['EXPLAIN ANALYZE SELECT * FROM t', 'not_read_only'],
  ['SELECT 1; DROP TABLE t', 'multiple_statements'],
  ['SELECT 1; SELECT 2', 'multiple_statements'],
  ['SELECT 1; SELECT 2;', 'multiple_statements'],
  ['SELECT * INTO newtable FROM t', 'into'],
  ["SELECT * FROM t INTO OUTFILE '/tmp/x'", 'into'],
  ['SELECT * FROM t FOR UPDATE', 'locking'],
  ['SELECT * FROM t FOR SHARE', 'locking'],
  ['SELECT * FROM t LOCK IN SHARE MODE', 'locking'],
  ["SELECT pg_read_file('/etc/passwd')", 'dangerous_function'],
  ['SELECT pg_sleep(10)', 'dangerous_function'],
  ['SELECT PG_SLEEP(10)', 'dangerous_function'],
  ["SELECT LOAD_FILE('/etc/passwd')", 'dangerous_function'],
  ['SELECT SLEEP(5)', 'dangerous_function'],
  ["SELECT load_extension('x')", 'dangerous_function'],
  ['SELECT id FROM t WHERE id IN (SELECT id FROM u WHERE SLEEP(1) = 0)', 'dangerous_function'],
  ['WITH c AS (SELECT pg_sleep(1) AS x) SELECT * FROM c', 'dangerous_function'],
  ['SELECT CASE WHEN id > 1 THEN pg_sleep(1) ELSE 0 END FROM t', 'dangerous_function'],
  ['SELECT id FROM t ORDER BY (SELECT SLEEP(1))', 'dangerous_function'],
  ['SELECT id FROM t a JOIN u b ON a.id = b.id AND SLEEP(1) = 0', 'dangerous_function'],
  ['SELECT id FROM a UNION ALL SELECT SLEEP(1) FROM b', 'dangerous_function'],
  ['SELECT COUNT(*) FROM t GROUP BY id HAVING MAX(SLEEP(1)) = 0', 'dangerous_function'],
  ["SELECT * FROM file('x.csv')", 'table_function'],
  ["SELECT * FROM url('http://example.com/x.csv', CSV)", 'table_function'],
  ["SELECT * FROM remote('host:9000', db.t)", 'table_function'],
  ['', 'empty'],
  ['   ', 'empty'],
  ['-- just a comment', 'empty'],
  ['/* nothing */ ;', 'empty'],
];

/** Engine-specific cases; an engine without any still runs the common ones. */
const ENGINE_PASS: Partial<Record<string, string[]>> = {
  sqlite: [
    "SELECT strftime('%Y-%m', created_at) AS month, COUNT(*) FROM orders GROUP BY 1",
    "SELECT * FROM orders WHERE created_at >= date('now', '-7 days')",
    "SELECT julianday('now') - julianday(created_at) AS age_days, datetime(created_at, 'start of month') FROM orders",
    'SELECT "order total", `customer id` FROM orders',
    "SELECT name || ' ' || country FROM customers",
    "SELECT IFNULL(name, 'x'), GROUP_CONCAT(name, ', ') FROM customers GROUP BY country",
    'SELECT typeof(x), randomblob(4), hex(x) FROM t',
    "SELECT * FROM json_each('[1,2]')",
    "SELECT CAST(strftime('%s', 'now') AS INTEGER)",
    "SELECT 'C:\\dir' AS path",
    // node-sql-parser's SQLite grammar lacks these; the PostgreSQL grammar (same string and comment rules) parses them.
    'SELECT id FROM a INTERSECT SELECT id FROM b',
    'SELECT id FROM a EXCEPT SELECT id FROM b',
    'SELECT id, SUM(total) OVER (ORDER BY created_at) FROM orders',
    'SELECT id, SUM(total) OVER (ORDER BY created_at ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM orders',
    'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 10) SELECT x FROM n',
    'SELECT [order total] FROM orders',
    'SELECT [update], [select] FROM [order]',
    'EXPLAIN QUERY PLAN SELECT * FROM orders WHERE id = 1',
    'EXPLAIN SELECT 1',
  ],
  postgresql: [
    "SELECT date_trunc('month', created_at) AS month, SUM(total) FROM orders GROUP BY 1 ORDER BY 1",
    "SELECT * FROM orders WHERE created_at >= now() - interval '30 days'",
    "SELECT EXTRACT(YEAR FROM created_at) AS y, created_at::date AS d, to_char(created_at, 'YYYY-MM') AS m FROM orders",
    'SELECT * FROM orders WHERE created_at >= CURRENT_DATE - 7',
    'SELECT "Order Total", "customerId" FROM "Sales"."Orders"',
    "SELECT name FROM customers WHERE name ILIKE '%acme%'",
    'SELECT * FROM generate_series(1, 10) AS g',
    'SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY total) FROM orders',
    'SELECT DISTINCT ON (customer_id) customer_id, total FROM orders ORDER BY customer_id, created_at DESC',
    'SELECT COUNT(*) FILTER (WHERE total > 10) FROM orders',
    "SELECT current_setting('TimeZone')",
    "SELECT string_agg(name, ', ') FROM customers",
    'SELECT * FROM public.customers c JOIN LATERAL (SELECT * FROM orders o WHERE o.customer_id = c.id LIMIT 1) o ON true',
    "SELECT data #>> '{a,b}' AS v FROM docs",
    'SELECT $$it is$$ AS t',
    "SELECT 'C:\\dir' AS path",
    'SELECT id FROM a INTERSECT SELECT id FROM b',
    'SELECT id FROM a EXCEPT SELECT id FROM b',
    'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 10) SELECT x FROM n',
    'SELECT id, SUM(total) OVER (ORDER BY created_at ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM orders',
    'SHOW search_path',
    'SELECT "into", "for", "update", "file" FROM t',
    // A CTE (or alias) column list is not a call of the denied function file().
    'WITH file(n) AS (SELECT 1) SELECT n FROM file',
    'SELECT * FROM generate_series(1, 3) AS url(n)',
    'EXPLAIN SELECT * FROM orders WHERE id = 1',
    "SELECT E'it''s' AS s, E'it\\'s' AS t, e'a\\\\' AS u",
    'SELECT current_user',
    'SELECT current_user, session_user, current_role, current_catalog, current_schema',
  ],
  mysql: [
    "SELECT DATE_FORMAT(created_at, '%Y-%m') AS month, SUM(total) FROM orders GROUP BY DATE_FORMAT(created_at, '%Y-%m')",
    'SELECT * FROM orders WHERE created_at >= DATE_SUB(NOW(), INTERVAL 7 DAY)',
    'SELECT YEAR(created_at), DATEDIFF(NOW(), created_at), CURDATE() FROM orders',
    'SELECT * FROM orders WHERE created_at >= NOW() - INTERVAL 30 DAY',
    'SELECT `order total`, `customer id` FROM `sales`.`orders`',
    'SELECT id FROM customers LIMIT 20, 10',
    "SELECT IFNULL(name, 'x'), GROUP_CONCAT(name SEPARATOR ', ') FROM customers GROUP BY country",
    'SELECT 1 # trailing hash comment',
    "SELECT name FROM customers WHERE name = 'O''Brien' OR name = 'O\\'Neil'",
    'SELECT name FROM customers WHERE name = "double quoted string"',
    'SELECT id FROM a INTERSECT SELECT id FROM b',
    'SELECT id FROM a EXCEPT SELECT id FROM b',
    'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 10) SELECT x FROM n',
    'SELECT id, SUM(total) OVER (ORDER BY created_at ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM orders',
    // MySQL reads \' as an escaped quote: this is one string literal, nothing runs.
    "SELECT 'a\\', SLEEP(1), ' AS s",
    'EXPLAIN SELECT * FROM orders',
    'DESCRIBE orders',
    'SHOW TABLES',
  ],
  clickhouse: [
    'SELECT count(*) FROM orders WHERE created_at >= now() - INTERVAL 7 DAY',
    "SELECT toYYYYMM(created_at), dateDiff('day', created_at, now()), formatDateTime(created_at, '%Y-%m') FROM orders",
    'SELECT uniqExact(customer_id), countIf(total > 10) FROM orders',
    'SELECT toDate(created_at) AS d, toStartOfMonth(created_at) AS m FROM orders LIMIT 10',
    'SELECT `order total` FROM `sales`.`orders`',
    'SELECT * FROM orders FINAL',
    'SELECT 1 # comment',
    "SELECT name FROM customers WHERE name = 'O\\'Neil'",
    'SELECT id FROM a INTERSECT SELECT id FROM b',
    'SELECT id FROM a EXCEPT SELECT id FROM b',
    // Not parsable by the MySQL grammar; the PostgreSQL grammar parses them.
    'SELECT toStartOfMonth(created_at) AS month, count() AS n FROM orders GROUP BY month ORDER BY month',
    'SELECT number FROM numbers(10)',
  ],
  bigquery: [
    'SELECT DATE_TRUNC(created_at, MONTH) AS month, SUM(total) FROM `my-project.shop.orders` GROUP BY month',
    'SELECT * FROM shop.orders WHERE created_at >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 7 DAY)',
    "SELECT FORMAT_DATE('%Y-%m', d), EXTRACT(YEAR FROM d), DATE_DIFF(CURRENT_DATE(), d, DAY) FROM shop.orders",
    'SELECT SAFE_CAST(x AS INT64) FROM `proj.ds.t`',
    'SELECT * EXCEPT (secret) FROM shop.customers',
    'SELECT x FROM UNNEST([1, 2, 3]) AS x',
    'SELECT o.id, item FROM shop.orders o, UNNEST(o.items) AS item',
    "SELECT STRUCT(1 AS a, 'x' AS b) AS s",
    'SELECT COUNTIF(total > 10) FROM shop.orders',
    'SELECT id FROM a UNION DISTINCT SELECT id FROM b',
    'SELECT id FROM a INTERSECT DISTINCT SELECT id FROM b',
    'SELECT id FROM a EXCEPT DISTINCT SELECT id FROM b',
    "SELECT r'\\d+' AS re, REGEXP_CONTAINS(name, r'^a') FROM shop.customers",
    'SELECT 1 # comment',
    "SELECT '''triple''' AS s",
    // Not parsable by node-sql-parser's BigQuery grammar; the Snowflake grammar parses them.
    'SELECT id FROM `my-project.shop.orders` QUALIFY ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY created_at DESC) = 1',
    'WITH RECURSIVE n AS (SELECT 1 AS x UNION ALL SELECT x + 1 FROM n WHERE x < 10) SELECT x FROM n',
    // BigQueryDialect.stringLiteral escapes quotes with a backslash.
    "SELECT * FROM shop.customers WHERE country = 'C\\u00f4te d\\'Ivoire' AND note = 'a\\\\'",
  ],
  snowflake: [
    "SELECT DATE_TRUNC('MONTH', created_at) AS month, SUM(total) FROM orders GROUP BY 1",
    'SELECT * FROM orders WHERE created_at >= DATEADD(day, -7, CURRENT_TIMESTAMP())',
    "SELECT TO_CHAR(created_at, 'YYYY-MM'), DATEDIFF(day, created_at, CURRENT_DATE()), created_at::date FROM orders",
    "SELECT IFF(total > 10, 'big', 'small') FROM orders",
    'SELECT id FROM orders QUALIFY ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY created_at DESC) = 1',
    "SELECT name FROM customers WHERE name ILIKE '%acme%'",
    'SELECT * FROM analytics.public.orders',
    'SELECT "Order Total" FROM "DB"."PUBLIC"."ORDERS"',
    'SELECT f.value FROM t, LATERAL FLATTEN(input => t.arr) f',
    'SELECT * FROM TABLE(GENERATOR(ROWCOUNT => 10))',
    'SELECT CURRENT_WAREHOUSE(), CURRENT_ROLE(), SYSTEM$TYPEOF(1)',
    'SELECT 1 // comment',
    'SELECT $$it is$$ AS t',
    "SELECT 'it\\'s' AS s",
    'WITH RECURSIVE n AS (SELECT 1 AS x UNION ALL SELECT x + 1 FROM n WHERE x < 10) SELECT x FROM n',
    // Snowflake's grammar lacks INTERSECT/EXCEPT (the PostgreSQL grammar parses them) and MINUS (MySQL's does).
    'SELECT id FROM a INTERSECT SELECT id FROM b',
    'SELECT id FROM a EXCEPT SELECT id FROM b',
    'SELECT id FROM a MINUS SELECT id FROM b',
    'SHOW TABLES',
  ],
};

const ENGINE_REJECT: Partial<Record<string, [string, GuardCode][]>> = {
  sqlite: [
    ["SELECT readfile('/etc/passwd')", 'dangerous_function'],
    ["SELECT writefile('/tmp/x', 'y')", 'dangerous_function'],
    ["SELECT fts3_tokenizer('simple')", 'dangerous_function'],
    ['PRAGMA table_info(orders)', 'not_read_only'],
    ['DETACH DATABASE x', 'not_read_only'],
    ["VACUUM INTO '/tmp/copy.db'", 'not_read_only'],
    ['REPLACE INTO t VALUES (1)', 'not_read_only'],
    // SQLite does not read '#' as a comment (node-sql-parser's grammar does): `#a` is a bound parameter there.
    ['SELECT 1 AS x # note', 'parse_error'],
    // SQLite has no dollar quoting: the PostgreSQL fallback would read `$a$ ... $a$` as a string.
    ["SELECT $a$, load_extension('x'), $a$", 'dangerous_function'],
  ],
  postgresql: [
    ["SELECT pg_catalog.pg_read_file('/etc/passwd')", 'dangerous_function'],
    ['SELECT "pg_catalog"."pg_sleep"(1)', 'dangerous_function'],
    ['SELECT "pg_sleep"(1)', 'dangerous_function'],
    ["SELECT * FROM pg_ls_dir('.')", 'table_function'],
    ["SELECT * FROM pg_catalog.pg_ls_dir('.') AS f", 'table_function'],
    ["SELECT dblink('host=x', 'SELECT 1')", 'dangerous_function'],
    ["SELECT * FROM dblink('host=x', 'DELETE FROM t') AS t(a int)", 'table_function'],
    ["SELECT lo_import('/etc/passwd')", 'dangerous_function'],
    ['SELECT pg_terminate_backend(123)', 'dangerous_function'],
    ["SELECT set_config('search_path', 'x', false)", 'dangerous_function'],
    ["SELECT query_to_xml('DELETE FROM t RETURNING *', true, true, '')", 'dangerous_function'],
    ["SELECT nextval('orders_id_seq')", 'dangerous_function'],
    ["SELECT pg_sleep_for('5 minutes')", 'dangerous_function'],
    ['SELECT * FROM t FOR NO KEY UPDATE', 'locking'],
    ['SELECT * FROM t FOR KEY SHARE', 'locking'],
    ['SELECT * FROM t FOR UPDATE SKIP LOCKED', 'locking'],
    ['WITH u AS (UPDATE t SET a = 1 RETURNING *) SELECT * FROM u', 'not_read_only'],
    ['WITH i AS (INSERT INTO t VALUES (1) RETURNING *) SELECT * FROM i', 'not_read_only'],
    ['SELECT * FROM (SELECT pg_sleep(1)) s', 'dangerous_function'],
    ["SELECT * FROM t WHERE EXISTS (SELECT 1 WHERE pg_read_file('x') IS NULL)", 'dangerous_function'],
    ['EXPLAIN (ANALYZE) SELECT 1', 'not_read_only'],
    ['DO $$ BEGIN PERFORM 1; END $$', 'not_read_only'],
    ['VACUUM', 'not_read_only'],
    ['LOCK TABLE t', 'not_read_only'],
    ["SELECT 'a\\' , pg_sleep(1) --'", 'dangerous_function'],
    ['SELECT 1 /* outer /* inner */ still comment */', 'parse_error'],
    ["SELECT U&'\\0041' AS s", 'parse_error'],
    ["SELECT 'unterminated", 'parse_error'],
    ['SELECT 1 -- note\r, pg_sleep(10)', 'dangerous_function'],
    ['SELECT FROM WHERE', 'parse_error'],
  ],
  mysql: [
    ["SELECT * FROM t INTO DUMPFILE '/tmp/x'", 'into'],
    ['SELECT a INTO @v FROM t', 'into'],
    ['SELECT a FROM t INTO @v', 'into'],
    ["SELECT BENCHMARK(1000000, MD5('x'))", 'dangerous_function'],
    ["SELECT GET_LOCK('a', 10)", 'dangerous_function'],
    ["SELECT sys_exec('id')", 'dangerous_function'],
    ['SELECT `sleep`(5)', 'dangerous_function'],
    ['SELECT SLEEP /* x */ (5)', 'dangerous_function'],
    ['SELECT * FROM t FOR UPDATE NOWAIT', 'locking'],
    ['REPLACE INTO t VALUES (1)', 'not_read_only'],
    ['LOCK TABLES t READ', 'not_read_only'],
    ['SET @a = 1', 'not_read_only'],
    ['USE other_db', 'not_read_only'],
    ["LOAD DATA INFILE '/tmp/x' INTO TABLE t", 'not_read_only'],
    ['HANDLER t OPEN', 'not_read_only'],
    ['EXPLAIN ANALYZE SELECT 1', 'not_read_only'],
    ['EXPLAIN SELECT SLEEP(1)', 'dangerous_function'],
    ['SHOW TABLES WHERE SLEEP(1) = 0', 'dangerous_function'],
    // One string by default, but SLEEP runs on a server with sql_mode NO_BACKSLASH_ESCAPES.
    ["SELECT 'a\\', SLEEP(1) -- '\n, 'b'", 'dangerous_function'],
    ['SELECT "a\\", SLEEP(1) -- "\n, \'b\'', 'dangerous_function'],
    // MySQL executes the body of /*! */ comments; the parser skips it.
    ['SELECT 1 /*!, SLEEP(5) */', 'parse_error'],
    // MySQL reads `--1` as minus minus one, so SLEEP would run; the parser reads a comment.
    ['SELECT 1 --1, SLEEP(5)', 'parse_error'],
  ],
  clickhouse: [
    ["SELECT * FROM remoteSecure('host:9440', db.t)", 'table_function'],
    ["SELECT * FROM s3('https://bucket/x.csv', 'CSV')", 'table_function'],
    ["SELECT * FROM mysql('host:3306', 'db', 't', 'u', 'p')", 'table_function'],
    ["SELECT * FROM postgresql('host:5432', 'db', 't', 'u', 'p')", 'table_function'],
    ["SELECT * FROM executable('script.sh', 'CSV', 'x String')", 'table_function'],
    ["SELECT * FROM hdfs('hdfs://x', 'CSV', 'a String')", 'table_function'],
    ["SELECT * FROM jdbc('jdbc:x', 't')", 'table_function'],
    ["SELECT * FROM odbc('dsn', 't')", 'table_function'],
    ["SELECT * FROM input('a String')", 'table_function'],
    ["SELECT * FROM merge('db', '^t')", 'table_function'],
    ['SELECT * FROM system.numbers_table_fn(10)', 'table_function'],
    ['SELECT sleep(3)', 'dangerous_function'],
    ['SELECT sleepEachRow(1) FROM numbers(10)', 'dangerous_function'],
    ["SELECT * FROM t INTO OUTFILE 'x.csv'", 'into'],
    ['SELECT * FROM t SETTINGS max_threads = 1', 'parse_error'],
    ['OPTIMIZE TABLE t FINAL', 'not_read_only'],
    ['SYSTEM SHUTDOWN', 'not_read_only'],
    ["KILL QUERY WHERE query_id = 'x'", 'not_read_only'],
    ['ALTER TABLE t DELETE WHERE 1', 'not_read_only'],
    ['SELECT 1 #x', 'parse_error'],
    ['SELECT customer_id, total FROM orders ORDER BY total DESC LIMIT 1 BY customer_id', 'parse_error'],
  ],
  bigquery: [
    ["SELECT * FROM EXTERNAL_QUERY('conn', 'SELECT 1')", 'table_function'],
    ["SELECT external_query('conn', 'SELECT 1')", 'dangerous_function'],
    ['MERGE INTO ds.t USING ds.s ON t.id = s.id WHEN MATCHED THEN DELETE', 'not_read_only'],
    ["EXECUTE IMMEDIATE 'DROP TABLE ds.t'", 'not_read_only'],
    ['DECLARE x INT64', 'not_read_only'],
    ['SELECT 1; SELECT 2', 'multiple_statements'],
    // No grammar of node-sql-parser reads these: refused, fail closed, with a dialect-aware reason.
    ['SELECT ARRAY_AGG(name ORDER BY name LIMIT 5) FROM shop.customers', 'parse_error'],
    // BigQuery has neither `//` comments nor $$ strings; the Snowflake fallback grammar has both.
    ['SELECT 1 AS x // , EXTERNAL_QUERY(1)', 'dangerous_function'],
    ['SELECT id FROM t QUALIFY x = 1 // note', 'parse_error'],
    ['SELECT id FROM t QUALIFY x = $$a$$', 'parse_error'],
  ],
  snowflake: [
    ['SELECT SYSTEM$WAIT(10)', 'dangerous_function'],
    ["SELECT system$cancel_query('01a')", 'dangerous_function'],
    ['SELECT "SYSTEM$WAIT"(10)', 'dangerous_function'],
    ['COPY INTO @stage FROM t', 'not_read_only'],
    ['PUT file:///tmp/x @stage', 'not_read_only'],
    ['USE WAREHOUSE w', 'not_read_only'],
    ["ALTER SESSION SET TIMEZONE = 'UTC'", 'not_read_only'],
    ["EXECUTE IMMEDIATE 'DROP TABLE t'", 'not_read_only'],
    ['SELECT $a$ x, system$wait(1) $a$ AS s', 'dangerous_function'],
    ['SELECT $a$ harmless $a$ AS s', 'parse_error'],
    ['SELECT * FROM t SAMPLE (10)', 'parse_error'],
    ['SELECT $1 FROM @my_stage/x.csv', 'parse_error'],
    // The MySQL fallback grammar (used for MINUS) reads '#' as a comment; Snowflake does not.
    ['SELECT id FROM a MINUS SELECT id FROM b # note', 'parse_error'],
  ],
};

describe.each(ENGINE_TYPES.map((engine) => [engine]))('guardSql (%s)', (engine: EngineType) => {
  it.each([...COMMON_PASS, ...(ENGINE_PASS[engine] ?? [])].map((sql) => [sql]))('accepts %s', (sql) => {
    const result = guardSql(sql, engine);
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
  });

  it.each([...COMMON_REJECT, ...(ENGINE_REJECT[engine] ?? [])])('rejects %s as %s', (sql, code) => {
    const result = guardSql(sql, engine);
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok) expect(result.reason.length).toBeGreaterThan(10);
  });
});

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
