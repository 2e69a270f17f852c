import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, unreachable } from '../support/postgres-admin.js';
import { removeTempDir } from '../support/remove-temp-dir.js';
import { json, runCli } from '../support/run-cli.js';

const PG_ADMIN = 'postgresql://postgres@127.0.0.1:5432/test';
const MYSQL_ADMIN = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };

/** The same rows in each engine: DECIMAL amounts whose float sums are noisy (0.1 + 0.2), dates in three months. */
const ROWS: [number, string, string][] = [
  [1, '0.10', '2024-01-15'],
  [2, '0.20', '2024-01-20'],
  [3, '1146108.38', '2024-02-01'],
  [4, '1146108.38', '2024-02-29'],
  [5, '130228.00', '2024-03-01'],
];
const CREATE = 'CREATE TABLE orders (id INTEGER PRIMARY KEY, amount DECIMAL(12,2) NOT NULL, ordered_on DATE NOT NULL)';
const INSERT = `INSERT INTO orders (id, amount, ordered_on) VALUES ${ROWS.map(([id, a, d]) => `(${id}, ${a}, '${d}')`).join(', ')}`;

/**
 * One value model on every engine: the same SQL, and the same question, give identical JSON values on
 * SQLite, PostgreSQL and MariaDB (numbers as numbers, no float noise, dates as dates, months as `YYYY-MM`).
 */
describe('answer values across engines', () => {
  const root = mkdtempSync(join(tmpdir(), 'datachat-values-'));
  const name = `dc_values_${randomBytes(5).toString('hex')}`;
  const engines: string[] = ['s'];
  let pgCreated = false;
  let myCreated = false;
  const cli = (...args: string[]) => runCli(args, { cwd: root, env: { HOME: root } });

  beforeAll(async () => {
    const db = new Database(join(root, 'shop.db'));
    db.exec(CREATE);
    db.exec(INSERT);
    db.close();
    const dbs = ['--db', 's=sqlite:shop.db'];
    try {
      await adminQuery(PG_ADMIN, `CREATE DATABASE ${name}`);
      pgCreated = true;
      const url = `postgresql://postgres@127.0.0.1:5432/${name}`;
      await adminQuery(url, `${CREATE}; ${INSERT}`);
      dbs.push('--db', `p=${url}`);
      engines.push('p');
    } catch (error) {
      if (!unreachable(error) || process.env.CI === 'true') throw error;
    }
    try {
      const admin = await mysql.createConnection({ ...MYSQL_ADMIN, multipleStatements: true });
      try {
        await admin.query(`CREATE DATABASE \`${name}\`; USE \`${name}\`; ${CREATE}; ${INSERT}`);
        myCreated = true;
      } finally {
        await admin.end();
      }
      dbs.push('--db', `m=mysql://root@127.0.0.1:3306/${name}`);
      engines.push('m');
    } catch (error) {
      if (!unreachable(error) || process.env.CI === 'true') throw error;
    }
    if (process.env.CI === 'true') expect(engines).toEqual(['s', 'p', 'm']);
    const init = cli('init', ...dbs, '--yes', '--auto-approve', '--offline');
    expect(init.code, init.stderr).toBe(0);
  }, 240_000);

  afterAll(async () => {
    if (pgCreated) await adminQuery(PG_ADMIN, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    if (myCreated) {
      const admin = await mysql.createConnection(MYSQL_ADMIN);
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``).finally(() => admin.end());
    }
    removeTempDir(root);
  });

  it('gives identical JSON values for the same SQL', () => {
    const sql =
      'SELECT ordered_on, SUM(amount) AS total, COUNT(*) AS n, MAX(amount) AS top FROM orders GROUP BY ordered_on ORDER BY ordered_on';
    const answers = engines.map((db) => {
      const result = cli('query', sql, '--db', db, '--json');
      expect(result.code, result.stderr).toBe(0);
      return json<{ data: Record<string, unknown>[] }>(result).data;
    });
    expect(answers[0]).toEqual([
      { ordered_on: '2024-01-15', total: 0.1, n: 1, top: 0.1 },
      { ordered_on: '2024-01-20', total: 0.2, n: 1, top: 0.2 },
      { ordered_on: '2024-02-01', total: 1146108.38, n: 1, top: 1146108.38 },
      { ordered_on: '2024-02-29', total: 1146108.38, n: 1, top: 1146108.38 },
      { ordered_on: '2024-03-01', total: 130228, n: 1, top: 130228 },
    ]);
    for (const other of answers.slice(1)) expect(other).toEqual(answers[0]);
    const monthly = 'SELECT SUM(amount) AS total FROM orders WHERE id IN (1, 2)';
    for (const db of engines) {
      const data = json<{ data: Record<string, unknown>[] }>(cli('query', monthly, '--db', db, '--json')).data;
      expect(data).toEqual([{ total: 0.3 }]);
    }
  }, 120_000);

  it('labels time buckets by their grain on every engine, and the CSV carries the same values', () => {
    const answers = engines.map((db) => {
      const result = cli('ask', 'total amount by month', '--db', db, '--json');
      expect(result.code, result.stderr).toBe(0);
      return json<{ columns: string[]; data: Record<string, unknown>[]; grains?: Record<string, string> }>(result);
    });
    const first = answers[0]!;
    expect(first.grains).toEqual({ month: 'month' });
    expect(first.data.map((row) => row.month)).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(first.data.map((row) => row[first.columns[1]!])).toEqual([0.3, 2292216.76, 130228]);
    for (const other of answers.slice(1)) expect(other.data).toEqual(first.data);
    for (const db of engines) {
      const csv = cli('ask', 'total amount by month', '--db', db, '--format', 'csv');
      expect(csv.stdout.split('\n').slice(1, 4)).toEqual(['2024-01,0.3', '2024-02,2292216.76', '2024-03,130228']);
    }
  }, 120_000);
});
