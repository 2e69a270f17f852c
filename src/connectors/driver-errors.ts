import { inspect } from 'node:util';
import { DatachatError } from '../errors.js';
import { redactSecrets } from '../util/redact.js';

/**
 * Socket, DNS and HTTP-client codes meaning the server could not be reached, whichever driver reports
 * them (Node's net/dns, undici, the mysql2/pg sockets). Engines may add their own on top.
 */
export const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const NETWORK_IN_TEXT = new RegExp(`\\b(${[...NETWORK_CODES].join('|')})\\b`);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  errno?: unknown;
  sqlState?: unknown;
  sqlMessage?: unknown;
  message?: unknown;
  errors?: unknown;
  cause?: unknown;
}

/**
 * The network code of an error: its `code` or `errno`, one named in its message, or the same on its
 * `cause` chain (SDKs wrap the socket error), else undefined. `extra` matches engine-specific codes too.
 */
export function networkCode(error: unknown, extra?: RegExp, depth = 0): string | undefined {
  if (!error || typeof error !== 'object' || depth > 4) return undefined;
  const e = error as ErrorLike;
  for (const value of [e.code, e.errno]) {
    if (typeof value === 'string' && (NETWORK_CODES.has(value) || extra?.test(value))) return value;
  }
  const message = typeof e.message === 'string' ? e.message : '';
  const found = NETWORK_IN_TEXT.exec(message)?.[1] ?? (extra ? extra.exec(message)?.[1] : undefined);
  return found ?? networkCode(e.cause, extra, depth + 1);
}

/** The message of a driver error (its server message where the driver keeps one apart), or its text. */
export function driverMessage(error: unknown): string {
  const e = (error ?? {}) as ErrorLike;
  if (typeof e.sqlMessage === 'string') return e.sqlMessage;
  if (typeof e.message === 'string') return e.message;
  return String(error);
}

/**
 * The driver error to keep as `cause`, safe to log with --verbose. Errors of HTTP clients carry the
 * request (with its `Authorization` header) in `response`/`config`/`request`; those, and any error whose
 * printout shows a secret (a known value, a URL password, a `password=` parameter), are replaced by a
 * copy that keeps name, code, errno, SQL state, reasons, message and stack, all redacted. Others are
 * kept as they are, so drivers' own fields stay available to whoever inspects them.
 */
export function redactedCause(error: unknown, secrets: readonly (string | undefined)[]): unknown {
  if (!(error instanceof Error)) return typeof error === 'string' ? redactSecrets(error, secrets) : error;
  const carriesRequest = 'response' in error || 'config' in error || 'request' in error;
  if (!carriesRequest) {
    const printed = inspect(error, { depth: 6 });
    if (redactSecrets(printed, secrets) === printed) return error;
  }
  const e = error as Error & ErrorLike;
  const copy = new Error(redactSecrets(e.message, secrets)) as Error & ErrorLike;
  copy.name = e.name;
  copy.stack = redactSecrets(e.stack ?? '', secrets);
  for (const key of ['code', 'errno', 'sqlState'] as const) if (e[key] !== undefined) copy[key] = e[key];
  if (typeof e.sqlMessage === 'string') copy.sqlMessage = redactSecrets(e.sqlMessage, secrets);
  if (Array.isArray(e.errors)) {
    copy.errors = (e.errors as { reason?: string; message?: string }[]).map((x) => ({
      reason: x?.reason,
      message: redactSecrets(x?.message ?? '', secrets),
    }));
  }
  return copy;
}

/** What an engine's error mapping gets: the driver error and its safe forms. */
export interface DriverFailure {
  /** The driver error as thrown, for its codes and fields; never shown or kept. */
  error: unknown;
  /** Its message with secrets removed, fit for a user-facing message. */
  detail: string;
  /** What to keep as the wrapped error's `cause` (see `redactedCause`). */
  cause: unknown;
  /** A network code found on the error or its causes (see `networkCode`). */
  network: string | undefined;
}

/**
 * The one way connectors turn a driver error into a DatachatError: errors already ours pass unchanged;
 * otherwise `map` (the engine's own message and hint per cause) gets the error with its message
 * redacted, a cause safe to keep, and any network code. `secrets` are the connection's secret values
 * (password, tokens, key material); URL passwords and `password=` parameters are removed regardless.
 */
export function wrapDriverError<E extends DatachatError>(
  error: unknown,
  secrets: readonly (string | undefined)[],
  map: (failure: DriverFailure) => E,
  options: { networkExtra?: RegExp } = {},
): E | DatachatError {
  if (error instanceof DatachatError) return error;
  return map({
    error,
    detail: redactSecrets(driverMessage(error), secrets),
    cause: redactedCause(error, secrets),
    network: networkCode(error, options.networkExtra),
  });
}
