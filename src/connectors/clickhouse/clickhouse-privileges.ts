import {
  parseGrantLine,
  rowValues,
  unknownPrivileges,
  type PrivilegeFinding,
  type PrivilegeReport,
  type RunStatement,
} from '../privileges.js';

/** Privileges that change data or schema (https://clickhouse.com/docs/sql-reference/statements/grant#privileges). */
const WRITE = /^(INSERT|ALTER|CREATE|DROP|TRUNCATE|OPTIMIZE|UNDROP|ALTER [A-Z ]+|CREATE [A-Z ]+|DROP [A-Z ]+)$/;
/** Table functions and engines that reach files, URLs or other servers from the ClickHouse host. */
const SOURCES = /^(SOURCES|FILE|URL|REMOTE|S3|HDFS|AZURE|MYSQL|POSTGRES|ODBC|JDBC|MONGO|REDIS|SQLITE)$/;
const ADMIN = /^(ACCESS MANAGEMENT|SYSTEM|KILL QUERY|SHOW USERS|CREATE USER|ROLE ADMIN)$/;

/**
 * The `readonly` level of the user's settings profile (directly or one inherited profile deep).
 * Not `getSetting('readonly')`: datachat sends `readonly=1` with every query, so that is always 1.
 */
const PROFILE_READONLY_SQL = `SELECT max(toUInt8OrZero(toString(value))) FROM system.settings_profile_elements
  WHERE setting_name = 'readonly' AND (user_name = currentUser() OR profile_name IN (
    SELECT inherit_profile FROM system.settings_profile_elements
    WHERE user_name = currentUser() AND inherit_profile IS NOT NULL))`;

/**
 * What the ClickHouse user of a connection may do beyond reading: the `readonly` level of its
 * settings profile and SHOW GRANTS. A user whose profile says `readonly` 1 or 2 cannot write
 * whatever it was granted.
 */
export async function inspectClickhousePrivileges(run: RunStatement): Promise<PrivilegeReport> {
  let role: string | undefined;
  try {
    const [userRow] = rowValues(await run('SELECT currentUser()'));
    role = userRow?.[0] === undefined ? undefined : String(userRow[0]);
  } catch {
    // currentUser() arrived with access control (20.x); the grants below say the same.
    role = undefined;
  }
  let readonly: number | undefined;
  try {
    const [row] = rowValues(await run(PROFILE_READONLY_SQL));
    readonly = row?.[0] === undefined || row[0] === null ? 0 : Number(row[0]);
  } catch {
    // Reading profiles may need SHOW ACCESS; then only the grants speak.
    readonly = undefined;
  }
  let lines: string[];
  try {
    lines = rowValues(await run('SHOW GRANTS')).map((r) => String(r[0] ?? ''));
  } catch {
    // Servers before SQL access control (20.x) configure users in users.xml only.
    const note = 'this server has no SHOW GRANTS (users.xml users); give the user a profile with readonly = 2';
    return unknownPrivileges(note, role);
  }
  const admin: string[] = [];
  const sources: string[] = [];
  const writes: string[] = [];
  for (const line of lines) {
    const grant = parseGrantLine(line);
    if (!grant) continue;
    for (const privilege of grant.privileges) {
      if (privilege === 'ALL' || privilege === 'ALL PRIVILEGES') {
        (grant.on === '*.*' ? admin : writes).push(`ALL ON ${grant.on}`);
        if (grant.on === '*.*') sources.push('ALL ON *.* (includes SOURCES)');
      } else if (ADMIN.test(privilege)) admin.push(`${privilege} ON ${grant.on}`);
      else if (SOURCES.test(privilege)) sources.push(privilege);
      else if (WRITE.test(privilege)) writes.push(`${privilege} ON ${grant.on}`);
    }
  }
  const findings: PrivilegeFinding[] = [];
  if (admin.length) findings.push({ risk: 'superuser', detail: `GRANT ${[...new Set(admin)].join('; ')}` });
  if (sources.length) {
    const granted = [...new Set(sources)].join(', ');
    findings.push({ risk: 'server_files', detail: `GRANT ${granted} (file(), url(), remote()...)` });
  }
  if (writes.length && !(readonly !== undefined && readonly >= 1)) {
    const profile = readonly === undefined ? '' : ' and the profile sets readonly = 0';
    findings.push({ risk: 'write', detail: `GRANT ${[...new Set(writes)].join('; ')}${profile}` });
  }
  return { ...(role ? { role } : {}), status: 'checked', findings };
}
