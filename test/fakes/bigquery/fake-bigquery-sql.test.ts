import { describe, expect, it } from 'vitest';
import { slowMarkerMs, statementTypeOf, translateSql } from './fake-bigquery-sql.js';

describe('fake BigQuery SQL translation', () => {
  it.each([
    ['SELECT `a` FROM `my-proj.ds.t`', 'SELECT "a" FROM "ds"."t"'],
    ['SELECT * FROM `ds.t` WHERE x = ?', 'SELECT * FROM "ds"."t" WHERE x = ?'],
    ['SELECT * FROM `ds`.`t` WHERE x = @p1', 'SELECT * FROM "ds"."t" WHERE x = @p1'],
    ["SELECT 'it\\'s', \"dq\", r'\\d'", "SELECT 'it''s', 'dq', '\\d'"],
    ['SELECT CAST(`x` AS STRING), CURRENT_TIMESTAMP() # note', 'SELECT CAST("x" AS TEXT), CURRENT_TIMESTAMP -- note'],
    ['SELECT APPROX_COUNT_DISTINCT(x) FROM t TABLESAMPLE SYSTEM (10 PERCENT);', 'SELECT COUNT(DISTINCT x) FROM t'],
  ])('%s', (input, output) => {
    expect(translateSql(input).sql).toBe(output);
  });

  it('detects multiple statements outside literals only', () => {
    expect(translateSql("SELECT ';'").multipleStatements).toBe(false);
    expect(translateSql('SELECT 1;').multipleStatements).toBe(false);
    expect(translateSql('SELECT 1; SELECT 2').multipleStatements).toBe(true);
  });

  it.each([
    ['SELECT 1', 'SELECT'],
    ['  (WITH a AS (SELECT 1) SELECT * FROM a)', 'SELECT'],
    ['-- hi\nDELETE FROM t WHERE TRUE', 'DELETE'],
    ['insert into t values (1)', 'INSERT'],
    ['MERGE t USING s ON TRUE WHEN MATCHED THEN DELETE', 'MERGE'],
    ['CREATE OR REPLACE TABLE t AS SELECT 1', 'CREATE_TABLE'],
    ['CREATE MATERIALIZED VIEW v AS SELECT 1', 'CREATE_MATERIALIZED_VIEW'],
    ['DROP TABLE IF EXISTS t', 'DROP_TABLE'],
    ['SELECT 1; DELETE FROM t', 'SCRIPT'],
    ['DECLARE x INT64', 'SCRIPT'],
  ])('%s → %s', (sql, type) => {
    expect(statementTypeOf(sql)).toBe(type);
  });

  it('reads the slow marker', () => {
    expect(slowMarkerMs('SELECT 1', 100)).toBeUndefined();
    expect(slowMarkerMs('SELECT 1 /* fake-bigquery:slow */', 100)).toBe(100);
    expect(slowMarkerMs('SELECT 1 /* fake-bigquery:slow=2500 */', 100)).toBe(2500);
  });
});
