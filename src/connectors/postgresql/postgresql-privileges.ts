import { rowValues, truthy, type PrivilegeFinding, type PrivilegeReport, type RunStatement } from '../privileges.js';

/** Schemas that are PostgreSQL's own (their privileges say nothing about the data). */
const USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'";
const USER_RELATIONS = `FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ${USER_SCHEMAS}
    AND has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')`;
/** Membership (direct or inherited) in a predefined role; the role may not exist before PostgreSQL 11. */
const member = (role: string): string =>
  `EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname = '${role}' AND pg_has_role(current_user, g.oid, 'MEMBER'))`;

/**
 * One catalog query: superuser (and CREATEROLE, CREATEDB), membership in the roles that reach the
 * server's files and programs
 * (https://www.postgresql.org/docs/current/predefined-roles.html), and any INSERT/UPDATE/DELETE/
 * TRUNCATE on a relation or CREATE on a schema or the database.
 */
export const POSTGRESQL_PRIVILEGES_SQL = `SELECT current_user::text AS role,
  COALESCE((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user), false) AS superuser,
  ${member('pg_read_server_files')} AS read_server_files,
  ${member('pg_write_server_files')} AS write_server_files,
  ${member('pg_execute_server_program')} AS execute_server_program,
  (SELECT count(*) ${USER_RELATIONS})::int AS writable_relations,
  (SELECT string_agg(q, ', ') FROM (
    SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS q ${USER_RELATIONS} ORDER BY 1 LIMIT 3
  ) s) AS writable_examples,
  (SELECT string_agg(quote_ident(n.nspname), ', ' ORDER BY n.nspname) FROM pg_namespace n
    WHERE ${USER_SCHEMAS} AND has_schema_privilege(n.oid, 'CREATE')) AS creatable_schemas,
  has_database_privilege(current_database(), 'CREATE') AS create_in_database,
  COALESCE((SELECT r.rolcreaterole FROM pg_roles r WHERE r.rolname = current_user), false) AS create_role,
  COALESCE((SELECT r.rolcreatedb FROM pg_roles r WHERE r.rolname = current_user), false) AS create_db`;

/** What the PostgreSQL role of a connection may do beyond reading. */
export async function inspectPostgresqlPrivileges(run: RunStatement): Promise<PrivilegeReport> {
  const [row] = rowValues(await run(POSTGRESQL_PRIVILEGES_SQL));
  if (!row) return { status: 'unknown', findings: [], note: 'the catalog returned nothing' };
  const [role, superuser, readFiles, writeFiles, executeProgram, writable, examples, schemas, createInDb] = row;
  const [createRole, createDb] = row.slice(9);
  const findings: PrivilegeFinding[] = [];
  if (truthy(superuser)) {
    const detail = 'rolsuper is true: it can read server files, run programs and bypass every permission';
    findings.push({ risk: 'superuser', detail });
  }
  const fileRoles = [
    truthy(readFiles) && 'pg_read_server_files',
    truthy(writeFiles) && 'pg_write_server_files',
    truthy(executeProgram) && 'pg_execute_server_program',
  ].filter((r): r is string => Boolean(r));
  if (fileRoles.length && !truthy(superuser)) {
    findings.push({ risk: 'server_files', detail: `member of ${fileRoles.join(', ')}` });
  }
  const count = Number(writable ?? 0);
  if (count > 0) {
    const relations = `${count} relation${count === 1 ? '' : 's'} (e.g. ${String(examples)})`;
    findings.push({ risk: 'write', detail: `INSERT/UPDATE/DELETE/TRUNCATE on ${relations}` });
  }
  if (schemas) findings.push({ risk: 'write', detail: `CREATE on schema ${String(schemas)}` });
  if (truthy(createInDb)) findings.push({ risk: 'write', detail: 'CREATE on the database' });
  if (!truthy(superuser)) {
    // CREATEROLE may grant itself pg_read_server_files and friends (before PostgreSQL 16, any non-superuser role).
    if (truthy(createRole)) findings.push({ risk: 'superuser', detail: 'CREATEROLE: it can grant itself other roles' });
    if (truthy(createDb)) findings.push({ risk: 'write', detail: 'CREATEDB' });
  }
  return { role: String(role), status: 'checked', findings };
}
