import type { Connector, QueryResult } from './connector.js';
import type { PrivilegeReport, PrivilegeRisk } from './privilege-report.js';

// The report types live in privilege-report.ts so connector.ts can name them without a cycle.
export type { PrivilegeFinding, PrivilegeReport, PrivilegeRisk } from './privilege-report.js';

/** A report saying nothing could be learned (and why). */
export function unknownPrivileges(note: string, role?: string): PrivilegeReport {
  return { status: 'unknown', findings: [], note, ...(role ? { role } : {}) };
}

/**
 * Human warnings for a report: one line per connection naming every risk with its evidence, or none
 * (unknown reports and `info` findings warn nothing).
 */
export function privilegeWarnings(connectionId: string, report: PrivilegeReport | undefined): string[] {
  const findings = (report?.findings ?? []).filter((f) => f.severity !== 'info');
  if (!findings.length) return [];
  const parts = (Object.keys(RISK_TEXT) as PrivilegeRisk[]).flatMap((risk) => {
    const details = findings.filter((f) => f.risk === risk).map((f) => f.detail);
    return details.length ? [`${RISK_TEXT[risk]} (${details.join('; ')})`] : [];
  });
  const who = report?.role ? ` (role "${report.role}")` : '';
  return [
    `Connection "${connectionId}"${who} ${parts.join(', ')}. ` +
      'datachat only reads, but a read-only role is the real guarantee: see "Least privilege" in the README.',
  ];
}

const RISK_TEXT: Record<PrivilegeRisk, string> = {
  superuser: 'is a superuser',
  server_files: 'can reach files on the server',
  write: 'can write',
};

/** Runs one catalog statement; the connector's own read-only `execute`. */
export type RunStatement = (sql: string) => Promise<QueryResult>;

/** Rows as arrays in column order, whether the connector returns objects or arrays. */
export function rowValues(result: QueryResult): unknown[][] {
  return result.rows.map((row: unknown) =>
    Array.isArray(row) ? row : result.columns.map((c) => (row as Record<string, unknown>)[c.name]),
  );
}

/** `true`, `1`, `'t'`, `'YES'`... as a boolean (drivers disagree on how booleans arrive). */
export function truthy(value: unknown): boolean {
  if (typeof value === 'string') return /^(t|true|1|y|yes|on)$/i.test(value.trim());
  if (typeof value === 'bigint') return value !== 0n;
  return Boolean(value);
}

/** One `GRANT <privileges> ON <object> TO ...` line of SHOW GRANTS (MySQL, MariaDB, ClickHouse). */
export interface GrantLine {
  /** Upper-cased privilege names, column lists removed: `SELECT`, `ALL PRIVILEGES`, `CREATE VIEW`. */
  privileges: string[];
  /** What they apply to, as written: `*.*`, `` `shop`.* ``. */
  on: string;
}

/** Parses a SHOW GRANTS line; undefined for role grants (`GRANT role TO user`) and anything else. */
export function parseGrantLine(line: string): GrantLine | undefined {
  const match = /^\s*GRANT\s+([\s\S]+?)\s+ON\s+(?:(?:TABLE|FUNCTION|PROCEDURE)\s+)?(\S+)\s+TO\s+/i.exec(line);
  if (!match) return undefined;
  const privileges = match[1]!
    .replace(/\([^)]*\)/g, '')
    .split(',')
    .map((p) => p.trim().replace(/\s+/g, ' ').toUpperCase())
    .filter(Boolean);
  return { privileges, on: match[2]! };
}

/** How long a privilege inspection may take before it is reported as unknown (ms). */
export const PRIVILEGE_CHECK_TIMEOUT_MS = 10_000;

/**
 * The connector's privilege report, never throwing: engines without `inspectPrivileges`, a failed
 * catalog query and a slow one all come back as `unknown` with a note (it is advice, not a gate).
 */
export async function inspectPrivilegesSafely(connector: Connector): Promise<PrivilegeReport> {
  if (!connector.inspectPrivileges) {
    return unknownPrivileges(`privileges of ${connector.engine} connections are not inspected`);
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<PrivilegeReport>((resolve) => {
    timer = setTimeout(() => resolve(unknownPrivileges('the privilege check timed out')), PRIVILEGE_CHECK_TIMEOUT_MS);
    timer.unref();
  });
  try {
    return await Promise.race([connector.inspectPrivileges(), timeout]);
  } catch (error) {
    return unknownPrivileges(`the privilege check failed: ${(error as Error).message ?? String(error)}`);
  } finally {
    clearTimeout(timer);
  }
}
