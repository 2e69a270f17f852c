import { ConnectionError, type DatachatError, QueryError } from '../../errors.js';
import { wrapDriverError } from '../driver-errors.js';

/** What the connector was doing when an error happened; decides ConnectionError vs QueryError. */
export type SnowflakePhase = 'connect' | 'catalog' | 'query';

export interface SnowflakeErrorContext {
  phase: SnowflakePhase;
  /** Account identifier or access URL host, shown in "cannot reach" messages (never credentials). */
  endpoint: string;
  user?: string;
  database?: string;
  /** Secret values (password, key material) removed from any message that might echo them. */
  secrets: readonly string[];
}

interface SdkErrorLike {
  name?: string;
  code?: unknown;
  sqlState?: unknown;
  message?: string;
  cause?: unknown;
  response?: { statusCode?: number; status?: number };
}

/** TLS failures, which the SDK reports like network ones (besides the shared network codes). */
const TLS_CODES = /\b(CERT_\w+|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\b/;
/** Snowflake GS codes for a refused login: wrong password, bad JWT (key pair), locked or disabled user. */
const AUTH_CODES = new Set([
  '390100',
  '390101',
  '390102',
  '390103',
  '390106',
  '390113',
  '390144',
  '390145',
  '390190',
  '390191',
]);
/** Session has no current database/schema: the configured one does not exist or the role cannot see it. */
const NO_DATABASE_CODES = new Set(['090105', '090106']);

/**
 * Wraps a snowflake-sdk error with context and a hint, keeping it as `cause`. Server errors carry
 * Snowflake's code (e.g. 390100, 002003) and SQL state; driver errors carry 4xxxxx codes and, for
 * network failures, the socket error as their cause.
 */
export function wrapSnowflakeError(error: unknown, context: SnowflakeErrorContext): DatachatError {
  return wrapDriverError(
    error,
    context.secrets,
    ({ detail, cause, network }) => mapSnowflakeError(error, detail, cause, network, context),
    { networkExtra: TLS_CODES },
  );
}

function mapSnowflakeError(
  error: unknown,
  detail: string,
  cause: unknown,
  network: string | undefined,
  context: SnowflakeErrorContext,
): DatachatError {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as SdkErrorLike;
  const code = e.code === undefined || e.code === null ? '' : String(e.code);
  const details = { ...(code ? { code } : {}), ...(typeof e.sqlState === 'string' ? { sqlState: e.sqlState } : {}) };
  const user = context.user ? ` as user "${context.user}"` : '';

  if (AUTH_CODES.has(code)) {
    return new ConnectionError(`Snowflake authentication failed${user} at ${context.endpoint}: ${detail}`, {
      cause,
      details,
      hint: 'Check the username and password (or the key pair and its passphrase) of this connection; the account locks users after repeated failures.',
    });
  }
  if (network || e.name === 'NetworkError') {
    return new ConnectionError(`Cannot reach Snowflake at ${context.endpoint}${network ? ` (${network})` : ''}.`, {
      cause,
      details,
      hint: 'Check the account identifier (orgname-accountname), `accessUrl` if set, and the network (proxy, firewall, PrivateLink DNS).',
    });
  }
  if (e.name === 'RequestFailedError') {
    const status = e.response?.statusCode ?? e.response?.status;
    return new ConnectionError(`Snowflake at ${context.endpoint} answered HTTP ${status ?? 'error'}: ${detail}`, {
      cause,
      details,
      hint: 'A 403/404 usually means a wrong account identifier or region in the account name.',
    });
  }
  if (NO_DATABASE_CODES.has(code)) {
    const what = code === '090106' ? 'schema' : 'database';
    return new ConnectionError(
      `The session has no current ${what}${context.database ? ` (configured database "${context.database}")` : ''}: ${detail}`,
      {
        cause,
        details,
        hint: `The ${what} does not exist, is misspelled (quoted names are case-sensitive), or the role lacks USAGE on it.`,
      },
    );
  }
  if (code.startsWith('39') || (context.phase === 'connect' && /^4\d{5}$/.test(code))) {
    return new ConnectionError(`Snowflake refused the connection${user}: ${detail}`, {
      cause,
      details,
      hint: 'Check the account, warehouse, database and role names in the connection settings.',
    });
  }
  if (code === '000630') {
    return new QueryError(`Query timed out (Snowflake statement timeout) and was cancelled: ${detail}`, {
      cause,
      details,
      hint: 'Narrow the question or raise the timeout.',
    });
  }
  if (code === '000604') return new QueryError(`Query cancelled: ${detail}`, { cause, details });
  if (code === '002003' || code === '002043' || code === '000904') {
    return new QueryError(`Snowflake: ${detail}`, {
      cause,
      details,
      hint: 'Quoted identifiers are case-sensitive in Snowflake: use names exactly as introspection reports them (unquoted names are upper-case).',
    });
  }
  if (code === '003001' || code === '003011') {
    return new QueryError(`Snowflake refused the statement (insufficient privileges): ${detail}`, {
      cause,
      details,
    });
  }
  return new QueryError(`Snowflake: ${detail}`, {
    cause,
    details: Object.keys(details).length ? details : undefined,
  });
}
