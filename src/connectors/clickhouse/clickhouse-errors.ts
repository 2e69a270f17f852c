import { ConnectionError, type DatachatError, QueryError } from '../../errors.js';
import { redactSecrets } from '../../util/redact.js';
import { NETWORK_CODES, wrapDriverError } from '../driver-errors.js';
import { cleanServerMessage, serverErrorCode } from './clickhouse-result.js';

/** What the error mapping may mention: never the password itself, only to scrub it. */
export interface ErrorContext {
  host: string;
  port: number;
  username: string;
  password: string;
  database?: string | undefined;
  /** 'connect' for test/introspect, 'query' for user statements. */
  phase: 'connect' | 'query';
  timeoutMs: number;
}

/** Server error codes: https://github.com/ClickHouse/ClickHouse/blob/master/src/Common/ErrorCodes.cpp */
const AUTH_CODES = new Set([192, 193, 194, 195, 516]); // UNKNOWN_USER, WRONG_PASSWORD, REQUIRED_PASSWORD, IP_ADDRESS_NOT_ALLOWED, AUTHENTICATION_FAILED
const UNKNOWN_DATABASE = 81;
const READONLY = 164;
const TIMEOUT_EXCEEDED = 159;
const QUERY_WAS_CANCELLED = 394;

/**
 * Wraps a @clickhouse/client or server error with a message and hint a user can act on, keeping the
 * original as `cause`. The client only parses the error format of newer servers, so the code is read
 * from the message text (18.x: `Code: 193, e.displayText() = DB::Exception: ...`).
 */
export function toClickhouseError(error: unknown, context: ErrorContext): DatachatError {
  // Errors already ours (a malformed row, a mid-stream exception) pass unchanged.
  return wrapDriverError(error, [context.password], ({ cause }) => mapClickhouseError(error, cause, context));
}

function mapClickhouseError(error: unknown, cause: unknown, context: ErrorContext): DatachatError {
  const raw = error instanceof Error ? error.message : String(error);
  const where = `${context.host}:${context.port}`;
  const errno = (error as { code?: unknown } | undefined)?.code;

  if (typeof errno === 'string' && NETWORK_CODES.has(errno)) {
    return new ConnectionError(`Cannot reach ClickHouse at ${where} (${errno}).`, {
      cause,
      hint:
        errno === 'ENOTFOUND' || errno === 'EAI_AGAIN'
          ? 'Check the host name.'
          : 'Check that the server is running and that host and port point at its HTTP interface (default 8123, 8443 with TLS).',
    });
  }
  if (typeof errno === 'string' && /CERT|SSL|TLS/.test(errno)) {
    return new ConnectionError(`TLS handshake with ClickHouse at ${where} failed (${errno}).`, {
      cause,
      hint: 'Check the `secure` setting and the server certificate.',
    });
  }

  const code = serverErrorCode(raw) ?? numericCode(errno);
  const message = redactSecrets(cleanServerMessage(raw), [context.password]);
  const details = code === undefined ? undefined : { code };
  if (code !== undefined && AUTH_CODES.has(code)) {
    return new ConnectionError(`ClickHouse refused the login of user "${context.username}" at ${where}: ${message}`, {
      cause,
      details,
      hint: 'Check the user name and password of this connection (and that the user may connect from this address).',
    });
  }
  if (
    code === UNKNOWN_DATABASE &&
    context.database &&
    (context.phase === 'connect' || namesDatabase(raw, context.database))
  ) {
    return new ConnectionError(`ClickHouse database "${context.database}" does not exist at ${where}.`, {
      cause,
      details,
      hint: 'Check the database name of this connection (SHOW DATABASES lists them).',
    });
  }
  if (code === TIMEOUT_EXCEEDED) {
    return new QueryError(`Query timed out after ${context.timeoutMs} ms (ClickHouse max_execution_time exceeded).`, {
      cause,
      details,
      hint: 'Narrow the question or raise the timeout.',
    });
  }
  if (code === QUERY_WAS_CANCELLED) return new QueryError('Query cancelled.', { cause, details });
  if (code === READONLY) {
    return new QueryError(`ClickHouse refused the statement in read-only mode: ${message}`, {
      cause,
      details,
      hint: /setting/i.test(raw)
        ? "This user's profile has readonly=1, which forbids the per-query limits datachat sets; give it readonly=2 instead."
        : 'datachat only runs read-only statements.',
    });
  }
  if (code !== undefined || context.phase === 'query') {
    return new QueryError(`ClickHouse: ${message}`, { cause, details });
  }
  return new ConnectionError(`ClickHouse at ${where} failed: ${message}`, { cause });
}

/** 18.x: "Database x doesn't exist"; newer: "Database `x` does not exist" (or "doesn't exist"). */
function namesDatabase(message: string, database: string): boolean {
  const escaped = database.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`Database \`?${escaped}\`? (doesn't|does not) exist`).test(message);
}

function numericCode(value: unknown): number | undefined {
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;
}
