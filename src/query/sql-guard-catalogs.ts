/**
 * System catalogs that hold secrets (password hashes, user-mapping credentials, connection strings,
 * other sessions' query texts, raw column statistics) are refused even on a superuser connection:
 * the guard cannot rely on the connection's role being least-privileged.
 */
const SECRET_TABLES: Record<string, string> = {
  pg_authid: 'holds password hashes',
  pg_shadow: 'holds password hashes',
  pg_user_mapping: 'holds credentials for foreign servers',
  pg_user_mappings: 'holds credentials for foreign servers',
  pg_file_settings: 'exposes the server configuration files',
  pg_hba_file_rules: 'exposes the server authentication rules',
  pg_ident_file_mappings: 'exposes the server authentication rules',
  pg_db_role_setting: 'holds per-role settings, which may include secrets',
  pg_subscription: 'holds replication connection strings with passwords',
  pg_statistic: 'holds raw values sampled from every column, including tables the role cannot read',
  pg_statistic_ext_data: 'holds raw values sampled from every column',
  pg_largeobject: 'holds large-object contents',
  pg_stat_activity: "shows other sessions' query texts, which may contain secrets",
  pg_stat_statements: "shows other sessions' query texts, which may contain secrets",
};
/** Schemas (MySQL/MariaDB) whose every table is a credential, privilege or statement-history store. */
const SECRET_SCHEMAS: Record<string, string> = {
  mysql: 'is the MySQL/MariaDB system schema (user accounts, password hashes, privileges, server credentials)',
  performance_schema: "holds statement histories with other sessions' query texts",
  account_usage: "holds the account's query and login history",
  sys: "is the MySQL sys schema, whose views expose other sessions' statements",
};
/** Columns of system catalogs that hold credentials, wherever they are read from (views over the catalogs). */
const SECRET_COLUMNS: Record<string, string> = {
  rolpassword: 'holds password hashes',
  authentication_string: 'holds password hashes',
  umoptions: 'holds credentials for foreign servers',
  subconninfo: 'holds replication connection strings with passwords',
};
/** `information_schema.<table>` and ClickHouse `system.<table>` views with credentials or query texts. */
const SECRET_VIEWS: Record<string, Set<string>> = {
  information_schema: new Set([
    'user_privileges',
    'processlist',
    'users',
    'user_attributes',
    'jobs',
    'jobs_by_user',
    'jobs_by_project',
    'jobs_by_folder',
    'jobs_by_organization',
  ]),
  system: new Set([
    'users',
    'grants',
    'role_grants',
    'query_log',
    'processes',
    'named_collections',
    'quotas',
    'settings_profiles',
  ]),
};

/** Why the table (name parts as written, any case) may not be read, or undefined when it may. */
export function secretCatalog(parts: string[]): string | undefined {
  const lower = parts.flatMap((part) => part.split('.')).map((part) => part.toLowerCase());
  const table = lower.at(-1) ?? '';
  const qualifiers = lower.slice(0, -1);
  if (SECRET_TABLES[table]) return SECRET_TABLES[table];
  for (const qualifier of qualifiers) if (SECRET_SCHEMAS[qualifier]) return SECRET_SCHEMAS[qualifier];
  const view = qualifiers.at(-1);
  if (view && SECRET_VIEWS[view]?.has(table)) return "holds credentials, privileges or other sessions' query texts";
  return undefined;
}

const SECRET_WORD = new RegExp(`(?<![\\w$])"?(${Object.keys(SECRET_TABLES).join('|')})"?(?![\\w$])`, 'i');
const SECRET_COLUMN = new RegExp(`(?<![\\w$])"?(${Object.keys(SECRET_COLUMNS).join('|')})"?(?![\\w$])`, 'i');
const SCHEMA_NAMES = Object.keys(SECRET_SCHEMAS).join('|');
const VIEW_SCHEMAS = Object.keys(SECRET_VIEWS).join('|');
const SECRET_QUALIFIED = new RegExp(
  `(?<![\\w$])"?(${SCHEMA_NAMES})"?\\s*\\.|(?<![\\w$])"?(${VIEW_SCHEMAS})"?\\s*\\.\\s*"?([\\w$]+)"?`,
  'gi',
);

/**
 * The same rule over lexed code (strings and comments removed, quoted identifiers as `"name"`), so a
 * catalog named in a construct the grammar does not show as a table (`TABLE pg_authid`) is caught too.
 */
export function secretCatalogInCode(code: string): { name: string; why: string } | undefined {
  const word = SECRET_WORD.exec(code);
  if (word) return { name: word[1]!, why: SECRET_TABLES[word[1]!.toLowerCase()]! };
  const column = SECRET_COLUMN.exec(code);
  if (column) return { name: `the column ${column[1]!}`, why: SECRET_COLUMNS[column[1]!.toLowerCase()]! };
  for (const match of code.matchAll(SECRET_QUALIFIED)) {
    if (match[1]) return { name: `${match[1]}.*`, why: SECRET_SCHEMAS[match[1].toLowerCase()]! };
    const why = secretCatalog([match[2]!, match[3]!]);
    if (why) return { name: `${match[2]}.${match[3]}`, why };
  }
  return undefined;
}
