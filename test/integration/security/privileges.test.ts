import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/connectors/connector.js';
import {
  inspectPrivilegesSafely,
  privilegeWarnings,
  type PrivilegeReport,
} from '../../../src/connectors/privileges.js';
import { createConnector } from '../../../src/connectors/registry.js';
import { adminQuery, unreachable } from '../../support/postgres-admin.js';
import { connectAsRoot } from '../conformance/mysql-harness.js';
import { createMariaUser, type MariaUser } from './maria-user.js';

const PG_ADMIN = 'postgresql://postgres@127.0.0.1:5432/test';
const suffix = randomBytes(4).toString('hex');
const connectors: Connector[] = [];

async function inspect(engine: 'postgresql' | 'mysql', url: string): Promise<PrivilegeReport> {
  const connector = await createConnector({ id: 'priv', engine, url, options: {}, baseDir: process.cwd() });
  connectors.push(connector);
  return inspectPrivilegesSafely(connector);
}
const risks = (report: PrivilegeReport): string[] => [...new Set(report.findings.map((f) => f.risk))].sort();

afterAll(async () => {
  for (const c of connectors.splice(0)) await c.close().catch(() => undefined);
});

describe('PostgreSQL privileges (real server)', () => {
  const schema = `dc_priv_${suffix}`;
  const roles = {
    select: `dc_ro_${suffix}`,
    write: `dc_rw_${suffix}`,
    files: `dc_rf_${suffix}`,
    admin: `dc_ra_${suffix}`,
  };
  let available = true;

  beforeAll(async () => {
    try {
      await adminQuery(PG_ADMIN, 'SELECT 1');
    } catch (error) {
      if (process.env.CI !== 'true' && unreachable(error)) {
        available = false;
        return;
      }
      throw error;
    }
    await adminQuery(
      PG_ADMIN,
      `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.orders (id int PRIMARY KEY, total numeric);
      INSERT INTO ${schema}.orders VALUES (1, 9.5);
      CREATE ROLE ${roles.select} LOGIN; CREATE ROLE ${roles.write} LOGIN; CREATE ROLE ${roles.files} LOGIN;
      CREATE ROLE ${roles.admin} LOGIN CREATEROLE CREATEDB;
      GRANT USAGE ON SCHEMA ${schema} TO ${roles.select}, ${roles.write}, ${roles.files};
      GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${roles.select}, ${roles.write}, ${roles.files};
      GRANT INSERT, UPDATE ON ${schema}.orders TO ${roles.write};
      GRANT pg_read_server_files TO ${roles.files};`,
    );
  });
  afterAll(async () => {
    if (!available) return;
    await adminQuery(
      PG_ADMIN,
      `DROP SCHEMA IF EXISTS ${schema} CASCADE;
      ${Object.values(roles)
        .map((r) => `DROP OWNED BY ${r}; DROP ROLE IF EXISTS ${r};`)
        .join('\n')}`,
    ).catch(() => undefined);
  });

  it('a superuser connection is reported (superuser, write), with a warning', async () => {
    if (!available) return;
    const report = await inspect('postgresql', PG_ADMIN);
    expect(report).toMatchObject({ role: 'postgres', status: 'checked' });
    expect(risks(report)).toEqual(expect.arrayContaining(['superuser', 'write']));
    const warnings = privilegeWarnings('pg', report);
    expect(warnings[0]).toMatch(
      /^Connection "pg" \(role "postgres"\) is a superuser \(rolsuper is true.*can write \(INSERT/,
    );
  });

  it('a role with only SELECT gets no warning', async () => {
    if (!available) return;
    const report = await inspect('postgresql', `postgresql://${roles.select}@127.0.0.1:5432/test`);
    expect(report).toEqual({ role: roles.select, status: 'checked', findings: [] });
    expect(privilegeWarnings('pg', report)).toEqual([]);
  });

  it('INSERT/UPDATE on a table is a write; pg_read_server_files reaches server files', async () => {
    if (!available) return;
    const write = await inspect('postgresql', `postgresql://${roles.write}@127.0.0.1:5432/test`);
    expect(risks(write)).toEqual(['write']);
    expect(write.findings[0]!.detail).toContain(`${schema}.orders`);
    const files = await inspect('postgresql', `postgresql://${roles.files}@127.0.0.1:5432/test`);
    expect(risks(files)).toEqual(['server_files']);
    expect(files.findings[0]!.detail).toContain('pg_read_server_files');
    const admin = await inspect('postgresql', `postgresql://${roles.admin}@127.0.0.1:5432/test`);
    expect(risks(admin)).toEqual(['superuser', 'write']);
    expect(admin.findings.map((f) => f.detail).join(' ')).toMatch(/CREATEROLE.*CREATEDB/);
  });
});

describe('MariaDB privileges (real server)', () => {
  let readOnly: MariaUser | undefined;
  let writer: MariaUser | undefined;
  let fileUser: MariaUser | undefined;

  beforeAll(async () => {
    readOnly = await createMariaUser('Ro-pass-1', 'SELECT');
    if (!readOnly) {
      if (process.env.CI === 'true') throw new Error('MariaDB is required in CI');
      return;
    }
    writer = await createMariaUser('Rw-pass-1', 'SELECT, INSERT, DELETE');
    fileUser = await createMariaUser('Rf-pass-1', 'SELECT');
    const admin = (await connectAsRoot())!;
    try {
      for (const host of ['localhost', '127.0.0.1', '%'])
        await admin.query('GRANT FILE ON *.* TO ?@?', [fileUser!.user, host]);
    } finally {
      await admin.end();
    }
  });
  afterAll(async () => {
    for (const u of [readOnly, writer, fileUser]) await u?.drop();
  });

  const url = (u: MariaUser): string => `mysql://${u.user}:${encodeURIComponent(u.password)}@127.0.0.1:3306/test`;

  it('root is reported (superuser, server files), with warnings', async () => {
    if (!readOnly) return;
    const report = await inspect('mysql', 'mysql://root@127.0.0.1:3306/test');
    expect(report.status).toBe('checked');
    expect(report.role).toMatch(/^root@/);
    expect(risks(report)).toEqual(expect.arrayContaining(['server_files', 'superuser']));
    expect(privilegeWarnings('maria', report).length).toBeGreaterThan(0);
    expect(JSON.stringify(report)).not.toMatch(/PASSWORD|\*[0-9A-F]{40}/);
  });

  it('a SELECT-only user gets no warning', async () => {
    if (!readOnly) return;
    const report = await inspect('mysql', url(readOnly));
    expect(report, report.note).toMatchObject({ status: 'checked', findings: [] });
  });

  it('INSERT/DELETE is a write; FILE reaches server files', async () => {
    if (!readOnly) return;
    const write = await inspect('mysql', url(writer!));
    expect(risks(write)).toEqual(['write']);
    expect(write.findings[0]!.detail).toMatch(/INSERT, DELETE ON `test`\.\*/);
    const files = await inspect('mysql', url(fileUser!));
    expect(risks(files)).toEqual(['server_files']);
  });
});

describe('ClickHouse privileges (real server, CI)', () => {
  it('the default user is inspected without failing (superuser where SHOW GRANTS exists)', async () => {
    const connector = await createConnector({
      id: 'ch',
      engine: 'clickhouse',
      url: 'clickhouse://default@127.0.0.1:8123/default',
      options: {},
      baseDir: process.cwd(),
    });
    connectors.push(connector);
    const reachable = await connector.test().then(
      (r) => r.ok,
      () => false,
    );
    if (!reachable) {
      if (process.env.CI === 'true') throw new Error('ClickHouse is required in CI');
      return;
    }
    const report = await inspectPrivilegesSafely(connector);
    if (report.status === 'checked') expect(risks(report)).toContain('superuser');
    else expect(report.note).toMatch(/SHOW GRANTS/);
  });
});
