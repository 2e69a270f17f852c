import { ConnectionError, QueryError } from '../../errors.js';
import type { ResolvedMysqlConfig } from './mysql-config.js';
import { redactSecrets } from '../../util/redact.js';

/** What mysql2 puts on its errors (server errors carry errno/sqlState; socket errors only code). */
export interface MysqlDriverError extends Error {
  code?: string;
  errno?: number;
  sqlState?: string;
  sqlMessage?: string;
  fatal?: boolean;
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'HANDSHAKE_NO_SSL_SUPPORT',
]);
/** Server error numbers (https://mariadb.com/kb/en/mariadb-error-codes/). */
const ER_DBACCESS_DENIED = 1044;
const ER_ACCESS_DENIED = 1045;
const ER_BAD_DB = 1049;
const ER_QUERY_INTERRUPTED = 1317;
const ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION = 1792;
/** MariaDB's max_statement_time and MySQL's max_execution_time. */
const ER_STATEMENT_TIMEOUT = 1969;
const ER_QUERY_TIMEOUT = 3024;

/** True for a server-side statement timeout (either flavour) or a KILL QUERY we sent. */
export function isInterruption(error: unknown): boolean {
  const errno = (error as MysqlDriverError | undefined)?.errno;
  return errno === ER_QUERY_INTERRUPTED || errno === ER_STATEMENT_TIMEOUT || errno === ER_QUERY_TIMEOUT;
}

/** True when the error left the connection unusable (it must be destroyed, not returned to the pool). */
export function isFatal(error: unknown): boolean {
  const e = error as MysqlDriverError | undefined;
  return Boolean(e?.fatal) || UNREACHABLE.has(e?.code ?? '');
}

/** A failure to open a connection, with a message and hint per cause (auth, network, database). */
export function connectionFailure(error: unknown, config: ResolvedMysqlConfig): ConnectionError {
  const e = error as MysqlDriverError;
  const where = `${config.host}:${config.port}`;
  const detail = redactSecrets(e?.sqlMessage ?? e?.message ?? String(error), [config.password]);
  const cause = sanitized(e, config.password);
  if (e?.errno === ER_ACCESS_DENIED) {
    return new ConnectionError(`MySQL authentication failed for user "${config.user}" at ${where}.`, {
      cause,
      hint: 'Check the user name and password of this connection (`datachat db show`), and that the account may log in from this host.',
      details: { code: e.code },
    });
  }
  if (e?.errno === ER_BAD_DB) {
    return new ConnectionError(`MySQL database "${config.database ?? ''}" does not exist on ${where}.`, {
      cause,
      hint: 'Check the database name in the connection URL (the path after the host), or list them with SHOW DATABASES.',
      details: { code: e.code },
    });
  }
  if (e?.errno === ER_DBACCESS_DENIED) {
    return new ConnectionError(
      `MySQL user "${config.user}" may not access database "${config.database ?? ''}" on ${where}.`,
      {
        cause,
        hint: 'Grant the account SELECT on that database, or connect to one it can read.',
        details: { code: e.code },
      },
    );
  }
  if (UNREACHABLE.has(e?.code ?? '') || /connect|timeout/i.test(e?.message ?? '')) {
    return new ConnectionError(`Cannot reach the MySQL server at ${where} (${e?.code ?? detail}).`, {
      cause,
      hint: 'Check that the server is running and the host and port are right, and that no firewall blocks the port.',
      details: { code: e?.code },
    });
  }
  return new ConnectionError(`Cannot connect to MySQL at ${where}: ${detail}`, { cause, details: { code: e?.code } });
}

/** A failed statement; `cancelled` is the reason we cancelled it ourselves (timeout or abort), if any. */
export function queryFailure(
  error: unknown,
  password: string | undefined,
  cancelled?: QueryError,
): QueryError | ConnectionError {
  const e = error as MysqlDriverError;
  const cause = sanitized(e, password);
  if (cancelled && (isInterruption(e) || isFatal(e))) return cancelled;
  if (e?.errno === ER_STATEMENT_TIMEOUT || e?.errno === ER_QUERY_TIMEOUT) {
    return new QueryError('Query timed out on the server and was cancelled.', {
      cause,
      hint: 'Narrow the question or raise the timeout.',
      details: { code: e.code },
    });
  }
  if (e?.errno === ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION) {
    return new QueryError(
      'The database refused the statement: datachat runs every statement in a read-only transaction.',
      { cause, details: { code: e.code } },
    );
  }
  if (isFatal(e)) {
    return new ConnectionError(
      `Lost the connection to MySQL: ${redactSecrets(e?.message ?? String(error), [password])}`,
      { cause, details: { code: e?.code } },
    );
  }
  const message = redactSecrets(e?.sqlMessage ?? e?.message ?? String(error), [password]);
  return new QueryError(`MySQL: ${message}`, {
    cause,
    details: e?.code ? { code: e.code, errno: e.errno, sqlState: e.sqlState } : undefined,
  });
}

/**
 * The driver error to keep as `cause`, with the password taken out of its message (mysql2 errors
 * do not include it, but a cause gets logged with --verbose, so we do not rely on that).
 */
function sanitized(error: MysqlDriverError, password: string | undefined): unknown {
  if (!(error instanceof Error) || !password) return error;
  const message = redactSecrets(error.message, [password]);
  if (message !== error.message) error.message = message;
  if (error.sqlMessage) error.sqlMessage = redactSecrets(error.sqlMessage, [password]);
  return error;
}
