import { ConnectionError, type DatachatError, QueryError } from '../../errors.js';
import { NETWORK_CODES, wrapDriverError } from '../driver-errors.js';
import { redactSecrets } from '../../util/redact.js';
import type { ResolvedMysqlConfig } from './mysql-config.js';

/** What mysql2 puts on its errors (server errors carry errno/sqlState; socket errors only code). */
export interface MysqlDriverError extends Error {
  code?: string;
  errno?: number;
  sqlState?: string;
  sqlMessage?: string;
  fatal?: boolean;
}

/** The network codes, plus mysql2's own for a dropped connection and a server without TLS. */
const UNREACHABLE = new Set([...NETWORK_CODES, 'PROTOCOL_CONNECTION_LOST', 'HANDSHAKE_NO_SSL_SUPPORT']);
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
export function connectionFailure(error: unknown, config: ResolvedMysqlConfig): DatachatError {
  return wrapDriverError(error, [config.password], ({ detail, cause }) => {
    const e = error as MysqlDriverError | undefined;
    const where = `${config.host}:${config.port}`;
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
  });
}

/** A failed statement; `cancelled` is the reason we cancelled it ourselves (timeout or abort), if any. */
export function queryFailure(error: unknown, password: string | undefined, cancelled?: QueryError): DatachatError {
  if (cancelled && (isInterruption(error) || isFatal(error))) return cancelled;
  return wrapDriverError(error, [password], ({ detail, cause }) => {
    const e = error as MysqlDriverError | undefined;
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
      // The driver's message (a lost connection has no server message).
      const message = redactSecrets(e?.message ?? String(error), [password]);
      return new ConnectionError(`Lost the connection to MySQL: ${message}`, { cause, details: { code: e?.code } });
    }
    return new QueryError(`MySQL: ${detail}`, {
      cause,
      details: e?.code ? { code: e.code, errno: e.errno, sqlState: e.sqlState } : undefined,
    });
  });
}
