import { parseGrantLine, rowValues, type PrivilegeFinding, type PrivilegeReport } from '../privileges.js';
import type { RunStatement } from '../privileges.js';

/** Administrative privileges: with any of them the account is as good as root. */
const ADMIN = new Set(['SUPER', 'CREATE USER', 'SHUTDOWN', 'GRANT OPTION']);
/** Privileges that change data, schema or run stored code (https://mariadb.com/kb/en/grant/). */
const WRITE = new Set([
  'INSERT',
  'UPDATE',
  'DELETE',
  'DELETE HISTORY',
  'DROP',
  'CREATE',
  'ALTER',
  'INDEX',
  'CREATE VIEW',
  'TRIGGER',
  'CREATE ROUTINE',
  'ALTER ROUTINE',
  'EXECUTE',
  'EVENT',
  'CREATE TABLESPACE',
]);

/**
 * What the MySQL/MariaDB account of a connection may do beyond reading, from SHOW GRANTS (the
 * current user's, roles enabled by default included as their own lines on MariaDB). Only privilege
 * names and objects are reported: grant lines can carry password hashes.
 */
export async function inspectMysqlPrivileges(run: RunStatement): Promise<PrivilegeReport> {
  const [userRow] = rowValues(await run('SELECT CURRENT_USER()'));
  const role = userRow?.[0] === undefined ? undefined : String(userRow[0]);
  const lines = rowValues(await run('SHOW GRANTS')).map((r) => String(r[0] ?? ''));
  const admin: string[] = [];
  const files: string[] = [];
  const writes: string[] = [];
  for (const line of lines) {
    const grant = parseGrantLine(line);
    if (!grant) continue;
    const global = grant.on === '*.*';
    const all = grant.privileges.some((p) => p === 'ALL' || p === 'ALL PRIVILEGES');
    if (all && global) admin.push('ALL PRIVILEGES ON *.*');
    else if (all) writes.push(`ALL PRIVILEGES ON ${grant.on}`);
    const adminHere = grant.privileges.filter((p) => ADMIN.has(p) && (p !== 'GRANT OPTION' || global));
    if (adminHere.length && !all) admin.push(`${adminHere.join(', ')} ON ${grant.on}`);
    if (/WITH GRANT OPTION/i.test(line) && global && !all) admin.push('GRANT OPTION ON *.*');
    if (all && global) files.push('FILE (part of ALL PRIVILEGES ON *.*)');
    else if (grant.privileges.includes('FILE')) files.push('FILE');
    const writeHere = grant.privileges.filter((p) => WRITE.has(p));
    if (writeHere.length && !all) writes.push(`${writeHere.join(', ')} ON ${grant.on}`);
  }
  const findings: PrivilegeFinding[] = [];
  if (admin.length) findings.push({ risk: 'superuser', detail: `GRANT ${[...new Set(admin)].join('; ')}` });
  if (files.length) {
    const granted = [...new Set(files)].join('; ');
    findings.push({ risk: 'server_files', detail: `GRANT ${granted} (LOAD_FILE, INTO OUTFILE)` });
  }
  if (writes.length) findings.push({ risk: 'write', detail: `GRANT ${[...new Set(writes)].join('; ')}` });
  return { ...(role ? { role } : {}), status: 'checked', findings };
}
