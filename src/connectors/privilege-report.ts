/** One way a connection's role can do more than read. */
export type PrivilegeRisk =
  /** Superuser, SUPER, ALL PRIVILEGES, ACCOUNTADMIN...: may do anything, including bypassing read-only sessions. */
  | 'superuser'
  /** May change data or schema (INSERT, UPDATE, DELETE, CREATE, DROP...). */
  | 'write'
  /** May read or write files on the database server, or run programs there (FILE, pg_read_server_files...). */
  | 'server_files';

export interface PrivilegeFinding {
  risk: PrivilegeRisk;
  /**
   * `warning` (default): printed by `db add`, `db test` and `check`. `info`: reported in --json only,
   * for what datachat neutralises itself (a writable SQLite file that it opens read-only).
   */
  severity?: 'warning' | 'info';
  /** What was found, for people: `role "postgres" is a superuser`, `GRANT FILE ON *.*`. */
  detail: string;
}

/**
 * What the role of a connection may do beyond reading, from the engine's catalog. datachat runs
 * every statement read-only regardless; this report is advice (a read-only role is the real
 * guarantee), so callers warn and never fail on it.
 */
export interface PrivilegeReport {
  /** The role / user the connection logs in as, when the engine says. */
  role?: string;
  /** `checked`: the findings are complete; `unknown`: the engine (or the role) would not say. */
  status: 'checked' | 'unknown';
  findings: PrivilegeFinding[];
  /** Why the status is unknown, or what the check could not see. */
  note?: string;
}
