import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, unreachable } from '../support/postgres-admin.js';
import { json, runCli, type CliResult } from '../support/run-cli.js';
import { connectAsRoot } from '../integration/conformance/mysql-harness.js';
import { createMariaUser, type MariaUser } from '../integration/security/maria-user.js';

/** Every character that breaks a URL, and `"` for JSON escaping. */
const PASSWORD = 'Cli@Pw:/?#%&="7';
const forms = (secret: string): string[] => [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)];

describe('datachat CLI: secrets never shown, privileges warned about', () => {
  const root = mkdtempSync(join(tmpdir(), 'datachat-e2e-secrets-'));
  const dir = join(root, 'p');
  const outputs: string[] = [];
  const cli = (...args: string[]): CliResult => {
    const result = runCli([...args, '--dir', dir]);
    // What the tool printed, not the command line (which holds the URL given to `db add`).
    outputs.push(`${result.stdout}\n${result.stderr}`);
    return result;
  };
  let maria: MariaUser | undefined;
  const schema = `dc_e2e_${randomBytes(4).toString('hex')}`;
  const readOnlyRole = `${schema}_ro`;
  const table = `${schema}_orders`;
  let pg = true;

  beforeAll(async () => {
    maria = await createMariaUser(PASSWORD, 'SELECT');
    if (!maria && process.env.CI === 'true') throw new Error('MariaDB is required in CI');
    const admin = maria ? await connectAsRoot('test') : undefined;
    if (admin) {
      try {
        await admin.query(`CREATE TABLE \`${table}\` (id INT PRIMARY KEY, total DECIMAL(10,2), status VARCHAR(20))`);
        await admin.query(`INSERT INTO \`${table}\` VALUES (1, 9.50, 'paid'), (2, 12.00, 'open'), (3, 7.25, 'paid')`);
      } finally {
        await admin.end();
      }
    }
    try {
      await adminQuery(
        'postgresql://postgres@127.0.0.1:5432/test',
        `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.orders (id int PRIMARY KEY, total numeric);
        INSERT INTO ${schema}.orders VALUES (1, 2.5), (2, 4);
        CREATE ROLE ${readOnlyRole} LOGIN; GRANT USAGE ON SCHEMA ${schema} TO ${readOnlyRole}; GRANT SELECT ON ${schema}.orders TO ${readOnlyRole};`,
      );
    } catch (error) {
      if (process.env.CI === 'true' || !unreachable(error)) throw error;
      pg = false;
    }
  }, 60_000);
  afterAll(async () => {
    await maria?.drop();
    const admin = maria ? await connectAsRoot('test') : undefined;
    if (admin) await admin.query(`DROP TABLE IF EXISTS \`${table}\``).finally(() => admin.end());
    if (pg)
      await adminQuery(
        'postgresql://postgres@127.0.0.1:5432/test',
        `DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP OWNED BY ${readOnlyRole}; DROP ROLE IF EXISTS ${readOnlyRole};`,
      ).catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  });

  it('a password in the URL query (MariaDB) is stored encrypted, used, and absent from every output', () => {
    if (!maria) return;
    const url = `mysql://${maria.user}@127.0.0.1:3306/test?password=${encodeURIComponent(PASSWORD)}`;
    const added = cli('db', 'add', 'maria', url, '--json');
    expect(added.code, added.stderr).toBe(0);
    const view = json<{ database_url: string; test: { ok: boolean }; warnings: string[] }>(added);
    expect(view.database_url).toBe(`mysql://${maria.user}@127.0.0.1:3306/test`);
    expect(view.test.ok).toBe(true);
    expect(view.warnings).toEqual([]);
    for (const args of [
      ['db', 'list'],
      ['db', 'list', '--json'],
      ['db', 'show', 'maria'],
      ['db', 'show', 'maria', '--json'],
      ['db', 'test', 'maria'],
      ['db', 'test', 'maria', '--json', '--verbose'],
      ['status'],
      ['status', '--json'],
      ['check', '--json'],
      ['query', 'SELECT 1 AS one', '--db', 'maria', '--verbose'],
      ['profile', 'maria', '--verbose'],
      ['generate', 'maria', '--offline', '--auto-approve', '--verbose'],
      ['sync'],
      ['check', 'maria', '--verbose'],
      ['context', `how many rows in ${table}`],
      ['ask', `how many rows are in ${table}`, '--db', 'maria'],
      ['query', `SELECT status, SUM(total) AS total FROM ${table} GROUP BY status`, '--db', 'maria', '--json'],
    ]) {
      expect(cli(...args).code, args.join(' ')).toBe(0);
    }
    // Errors: a duplicate, a wrong password, malformed userinfo.
    expect(cli('db', 'add', 'maria', url).code).toBe(2);
    // A wrong password: the test fails, so nothing is saved (exit 1) unless --no-test.
    const wrongUrl = `mysql://${maria.user}@127.0.0.1:3306/test?password=Wr0ng-pass`;
    const refused = cli('db', 'add', 'wrong', wrongUrl, '--verbose');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Connection test of "wrong" failed/);
    const wrong = cli('db', 'add', 'wrong', wrongUrl, '--no-test', '--verbose');
    expect(wrong.code).toBe(0);
    expect(cli('db', 'test', 'wrong', '--verbose').code).toBe(1);
    expect(cli('db', 'test', 'wrong', '--json').code).toBe(1);
    const malformed = cli('db', 'add', 'bad', `mysql://${maria.user}:At@Sign@127.0.0.1:3306/test`);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('%40');
    const config = readFileSync(join(dir, '.datachat.yml'), 'utf8');
    const everything = [...outputs, config, readFileSync(join(dir, '.datachat', 'secrets.json'), 'utf8')].join('\n');
    for (const form of [...forms(PASSWORD), 'Wr0ng-pass', 'Sign@']) expect(everything).not.toContain(form);
  }, 120_000);

  it('db add, db test and check warn about a superuser (stderr and --json), never failing; a SELECT-only role gets none', () => {
    if (!pg) return;
    const added = cli('db', 'add', 'pgsuper', `postgresql://postgres@127.0.0.1:5432/test?schema=${schema}`, '--json');
    expect(added.code, added.stderr).toBe(0);
    expect(json<{ warnings: string[] }>(added).warnings.join('\n')).toMatch(/role "postgres"\) is a superuser/);
    expect(added.stderr).toMatch(/superuser/);
    const tested = cli('db', 'test', 'pgsuper');
    expect(tested.code).toBe(0);
    expect(tested.stderr).toMatch(/is a superuser.*Least privilege/);
    expect(cli('profile', 'pgsuper').code).toBe(0);
    const check = cli('check', 'pgsuper', '--json');
    expect(check.code, check.stdout).toBe(0);
    const report = json<{ privilege_warnings: string[]; passed: boolean }>(check);
    expect(report.passed).toBe(true);
    expect(report.privilege_warnings.join('\n')).toMatch(/superuser/);
    expect(check.stderr).toMatch(/superuser/);

    const readOnly = cli(
      'db',
      'add',
      'pgro',
      `postgresql://${readOnlyRole}@127.0.0.1:5432/test?schema=${schema}`,
      '--json',
    );
    expect(readOnly.code, readOnly.stderr).toBe(0);
    expect(json<{ warnings: string[]; test: { ok: boolean } }>(readOnly)).toMatchObject({
      warnings: [],
      test: { ok: true },
    });
    expect(readOnly.stderr).not.toMatch(/superuser|can write/);
    const roTest = cli('db', 'test', 'pgro');
    expect(roTest.stderr).not.toMatch(/superuser|can write/);
  }, 120_000);
});
