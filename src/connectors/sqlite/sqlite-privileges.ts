import { accessSync, constants } from 'node:fs';
import type { PrivilegeReport } from '../privileges.js';

/**
 * SQLite has no roles: what matters is whether this process could write the file. datachat opens it
 * read-only either way, so a writable file is reported as information, not a warning.
 */
export async function inspectSqlitePrivileges(file: string): Promise<PrivilegeReport> {
  let writable = false;
  try {
    accessSync(file, constants.W_OK);
    writable = true;
  } catch {
    writable = false;
  }
  return {
    status: 'checked',
    findings: writable ? [{ risk: 'write', severity: 'info', detail: `${file} is writable by this process` }] : [],
  };
}
