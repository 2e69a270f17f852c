import { rowValues, unknownPrivileges, type PrivilegeReport, type RunStatement } from '../privileges.js';

/**
 * System roles that own the account or every object in it
 * (https://docs.snowflake.com/en/user-guide/security-access-control-overview#system-defined-roles).
 */
const ADMIN_ROLES = new Set(['ACCOUNTADMIN', 'ORGADMIN', 'SECURITYADMIN', 'SYSADMIN', 'USERADMIN']);

/**
 * The Snowflake role of a connection: a system administration role is reported; for other roles the
 * grants are not listed (SHOW GRANTS is not a SELECT, and datachat sends nothing else), so unknown.
 */
export async function inspectSnowflakePrivileges(run: RunStatement): Promise<PrivilegeReport> {
  const [row] = rowValues(await run('SELECT CURRENT_ROLE()'));
  const role = row?.[0] === undefined || row[0] === null ? undefined : String(row[0]);
  if (role && ADMIN_ROLES.has(role.toUpperCase())) {
    const finding = { risk: 'superuser' as const, detail: `${role} is a system administration role` };
    return { role, status: 'checked', findings: [finding] };
  }
  const note = 'grants of the role are not listed; use a role with only USAGE and SELECT (see the README)';
  return unknownPrivileges(note, role);
}
