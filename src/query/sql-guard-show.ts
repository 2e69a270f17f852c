import type { Dialect } from '../connectors/dialect.js';
import { violation, type GuardViolation } from './sql-guard-rules.js';

/** SHOW forms that only list or describe schema objects. */
const CATALOG_SHOW = new RegExp(
  '^show\\s+(?:(?:full\\s+|terse\\s+)?(?:tables|columns|fields|views|objects|schemas|databases)\\b' +
    '|(?:index|indexes|keys)\\b|create\\s+(?:table|view)\\b|table\\s+status\\b)',
  'i',
);
/** PostgreSQL `SHOW <setting>`, except settings that may hold credentials or commands. */
const POSTGRES_SETTING = /^show\s+"?[a-z_][\w.]*"?\s*$/i;
const SECRET_SETTING = /conninfo|command|passphrase|password|secret|\bshow\s+"?all"?\s*$/i;

/**
 * SHOW is allowed only where it lists schema objects (and, on PostgreSQL, reads a setting): other forms
 * (`SHOW GRANTS`, `SHOW CREATE USER`, `SHOW PROCESSLIST`, `SHOW BINLOG EVENTS`, `SHOW USERS`, `SHOW ALL`)
 * reveal password hashes, other sessions' statements or server internals, even to a superuser.
 */
export function showViolation(code: string, dialect: Pick<Dialect, 'showsSettings'>): GuardViolation | undefined {
  const body = code.trim().replace(/[\s;]+$/, '');
  if (!/^show\b/i.test(body)) return undefined;
  if (CATALOG_SHOW.test(body)) return undefined;
  if (dialect.showsSettings && POSTGRES_SETTING.test(body) && !SECRET_SETTING.test(body)) return undefined;
  const shown = body.split(/\s+/).slice(0, 3).join(' ').toUpperCase();
  return violation(
    'secret_catalog',
    `${shown} is not allowed: only SHOW forms that list tables, columns, indexes or schemas ` +
      '(and PostgreSQL settings) can run.',
  );
}
