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

/** A report saying nothing could be learned (and why). */
export function unknownPrivileges(note: string, role?: string): PrivilegeReport {
  return { status: 'unknown', findings: [], note, ...(role ? { role } : {}) };
}

/** Human warnings for a report: one line per finding, naming the connection. */
export function privilegeWarnings(connectionId: string, report: PrivilegeReport | undefined): string[] {
  if (!report) return [];
  const who = report.role ? ` (role "${report.role}")` : '';
  const advice = 'datachat only reads, but a read-only role is the real guarantee; see "Least privilege" in the README.';
  return report.findings.map((f) => `Connection "${connectionId}"${who}: ${RISK_TEXT[f.risk]}: ${f.detail}. ${advice}`);
}

const RISK_TEXT: Record<PrivilegeRisk, string> = {
  superuser: 'the role is a superuser',
  write: 'the role can write',
  server_files: 'the role can read or write files on the server',
};
