import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Connector, QueryResult } from './connector.js';
import { inspectBigqueryPrivileges } from './bigquery/bigquery-privileges.js';
import { inspectClickhousePrivileges } from './clickhouse/clickhouse-privileges.js';
import { inspectMysqlPrivileges } from './mysql/mysql-privileges.js';
import { inspectPrivilegesSafely, parseGrantLine, privilegeWarnings, rowValues } from './privileges.js';
import { inspectSnowflakePrivileges } from './snowflake/snowflake-privileges.js';
import { inspectSqlitePrivileges } from './sqlite/sqlite-privileges.js';

/** A result as a connector returns it: one column, object rows (or array rows with `arrays`). */
function result(column: string, values: unknown[], arrays = false): QueryResult {
  return {
    columns: [{ name: column }],
    rows: values.map((v) => (arrays ? [v] : { [column]: v })) as QueryResult['rows'],
    rowCount: values.length,
    truncated: false,
    elapsedMs: 1,
  };
}

/** A fake `execute` answering by the statement's first words. */
const answers = (map: Record<string, QueryResult>) => async (sql: string) => {
  const key = Object.keys(map).find((k) => sql.trim().startsWith(k));
  if (!key) throw new Error(`unexpected statement: ${sql}`);
  return map[key]!;
};

describe('parseGrantLine', () => {
  it.each([
    ["GRANT SELECT, INSERT ON `shop`.* TO 'u'@'%'", ['SELECT', 'INSERT'], '`shop`.*'],
    [
      "GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` IDENTIFIED BY PASSWORD '*ABC' WITH GRANT OPTION",
      ['ALL PRIVILEGES'],
      '*.*',
    ],
    ["GRANT SELECT (a, b), UPDATE (c) ON `db`.`t` TO 'u'@'h'", ['SELECT', 'UPDATE'], '`db`.`t`'],
    ['GRANT EXECUTE ON PROCEDURE `db`.`p` TO u', ['EXECUTE'], '`db`.`p`'],
    ['GRANT SELECT ON events.* TO reader', ['SELECT'], 'events.*'],
  ])('%s', (line, privileges, on) => {
    expect(parseGrantLine(line)).toEqual({ privileges, on });
  });
  it.each(["GRANT `analyst` TO 'u'@'%'", 'REVOKE SELECT ON x.* FROM u', ''])('ignores %s', (line) =>
    expect(parseGrantLine(line)).toBeUndefined(),
  );
});

describe('rowValues', () => {
  it('reads object rows and array rows alike', () => {
    expect(rowValues(result('x', [1, 2]))).toEqual([[1], [2]]);
    expect(rowValues(result('x', [1, 2], true))).toEqual([[1], [2]]);
  });
});

describe('MySQL / MariaDB grants', () => {
  const run = (grants: string[], arrays = false) =>
    inspectMysqlPrivileges(
      answers({
        'SELECT CURRENT_USER': result('CURRENT_USER()', ['u@%'], arrays),
        'SHOW GRANTS': result('Grants for u@%', grants, arrays),
      }),
    );

  it('root: superuser and server files, without the password hash', async () => {
    const report = await run([
      "GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` IDENTIFIED BY PASSWORD '*81F5E21E35407D884A6CD4A731AEBFB6AF209E1B' WITH GRANT OPTION",
      "GRANT PROXY ON ''@'%' TO 'root'@'localhost' WITH GRANT OPTION",
    ]);
    expect(report.findings.map((f) => f.risk)).toEqual(['superuser', 'server_files']);
    expect(JSON.stringify(report)).not.toContain('81F5E21E');
  });
  it.each([
    [["GRANT USAGE ON *.* TO 'u'@'%'", "GRANT SELECT, SHOW VIEW ON `shop`.* TO 'u'@'%'"], []],
    [["GRANT SELECT, INSERT, UPDATE ON `shop`.* TO 'u'@'%'"], ['write']],
    [["GRANT ALL PRIVILEGES ON `shop`.* TO 'u'@'%'"], ['write']],
    [["GRANT FILE ON *.* TO 'u'@'%'", "GRANT SELECT ON `shop`.* TO 'u'@'%'"], ['server_files']],
    [["GRANT SUPER ON *.* TO 'u'@'%'"], ['superuser']],
    [["GRANT SELECT ON *.* TO 'u'@'%' WITH GRANT OPTION"], ['superuser']],
    [["GRANT DROP ON `shop`.`orders` TO 'u'@'%'"], ['write']],
  ])('%j → %j', async (grants, risks) => {
    expect((await run(grants)).findings.map((f) => f.risk)).toEqual(risks);
    expect((await run(grants, true)).findings.map((f) => f.risk)).toEqual(risks);
  });
});

describe('ClickHouse grants and readonly profile', () => {
  const run = (grants: string[], readonly: number | Error) =>
    inspectClickhousePrivileges(async (sql) => {
      if (sql.startsWith('SELECT currentUser()')) return result('u', ['reader']);
      if (sql.startsWith('SHOW GRANTS')) return result('g', grants);
      if (readonly instanceof Error) throw readonly;
      return result('r', [readonly]);
    });
  it.each([
    [['GRANT SELECT ON events.* TO reader'], 0, []],
    [['GRANT ALL ON *.* TO default WITH GRANT OPTION'], 0, ['superuser', 'server_files']],
    [['GRANT INSERT, ALTER UPDATE ON events.* TO reader'], 0, ['write']],
    [['GRANT INSERT ON events.* TO reader'], 2, []],
    [['GRANT INSERT ON events.* TO reader'], new Error('no SHOW ACCESS'), ['write']],
    [['GRANT SELECT ON events.* TO reader', 'GRANT FILE, URL ON *.* TO reader'], 0, ['server_files']],
  ])('%j (readonly %s) → %j', async (grants, readonly, risks) => {
    expect((await run(grants, readonly)).findings.map((f) => f.risk)).toEqual(risks);
  });
});

describe('ClickHouse before SQL access control', () => {
  it('is unknown with advice when SHOW GRANTS and currentUser() do not exist', async () => {
    const report = await inspectClickhousePrivileges(async () => {
      throw new Error('Unknown function currentUser');
    });
    expect(report).toMatchObject({ status: 'unknown', findings: [], note: expect.stringContaining('readonly = 2') });
  });
});

describe('Snowflake, BigQuery, SQLite', () => {
  it('reports Snowflake administration roles, else unknown', async () => {
    const admin = await inspectSnowflakePrivileges(async () => result('CURRENT_ROLE()', ['ACCOUNTADMIN']));
    expect(admin.findings.map((f) => f.risk)).toEqual(['superuser']);
    const other = await inspectSnowflakePrivileges(async () => result('CURRENT_ROLE()', ['ANALYST_RO']));
    expect(other).toMatchObject({ status: 'unknown', role: 'ANALYST_RO', findings: [] });
  });
  it('BigQuery is unknown with advice', async () => {
    expect(await inspectBigqueryPrivileges()).toMatchObject({
      status: 'unknown',
      note: expect.stringContaining('roles/bigquery.dataViewer'),
    });
  });
  it('a writable SQLite file is information, not a warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'datachat-priv-'));
    try {
      const file = join(dir, 'a.db');
      writeFileSync(file, '');
      const writable = await inspectSqlitePrivileges(file);
      expect(writable.findings).toEqual([expect.objectContaining({ risk: 'write', severity: 'info' })]);
      expect(privilegeWarnings('s', writable)).toEqual([]);
      chmodSync(file, 0o444);
      if (process.getuid?.() !== 0) expect((await inspectSqlitePrivileges(file)).findings).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('inspectPrivilegesSafely', () => {
  const connector = (inspect?: () => Promise<never>): Connector =>
    ({ engine: 'postgresql', ...(inspect ? { inspectPrivileges: inspect } : {}) }) as unknown as Connector;
  it('never throws: no method, or a failing check, is unknown with a note', async () => {
    expect(await inspectPrivilegesSafely(connector())).toMatchObject({
      status: 'unknown',
      note: expect.stringContaining('not inspected'),
    });
    expect(
      await inspectPrivilegesSafely(connector(async () => Promise.reject(new Error('permission denied for pg_roles')))),
    ).toMatchObject({
      status: 'unknown',
      note: expect.stringContaining('permission denied'),
    });
  });
});
