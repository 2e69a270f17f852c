import { ConflictError, type DatachatError, DataPointValidationError, toDatachatError } from '../errors.js';
import { DataPointConflictError } from '../services/datapoint-service.js';
import { redactSecrets } from '../util/redact.js';
import { SETUP_DOC_PATH } from './setup-docs.js';

/** The JSON body of every error response. */
export interface ErrorBody {
  /** Stable code: a DatachatError code, or validation_error, unauthorized, forbidden, payload_too_large, ... */
  error: string;
  message: string;
  hint?: string;
  /** The offending request field (`sample_size`, `columns.0.name`), when one is to blame. */
  field?: string;
  /** Where that field is: body, query or path. */
  in?: 'body' | 'query' | 'path';
  details?: Record<string, unknown>;
}

/**
 * The 503 body of docs/rest-api.md: chat (and anything else needing setup) before initialization. `documentation`
 * is the setup guide this server serves (a page that always exists).
 */
export const NOT_INITIALIZED_BODY = {
  error: 'system_not_initialized',
  message: 'DataChat requires setup. Please initialize the system first.',
  setup_url: '/api/v1/system/initialize',
  documentation: `/api/v1${SETUP_DOC_PATH}`,
} as const;

/** An error raised by the HTTP layer itself (validation, auth), already shaped for the client. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
  }
}

/**
 * HTTP status of a DatachatError (docs/cli-contract.md: exit codes → HTTP):
 * - exit 2: not_found → 404; conflict (a connection name taken) and a DataPoint id already taken → 409;
 *   usage, config, datapoint_invalid → 400;
 * - exit 3: system_not_initialized → 503 with the not-initialized body;
 * - exit 4: sql_rejected → 422;
 * - exit 5: llm_required → 501 Not Implemented. Not 503: clients treat 503 as "run the setup" (the
 *   not-initialized contract) or "retry later"; neither helps here. The server works, it lacks an optional
 *   capability until `llm:` is configured, so 501 tells the client to stop retrying;
 * - exit 1: connection_failed and query_failed (the database failed us) → 502; anything else → 500.
 */
export function statusOf(error: DatachatError): number {
  if (error instanceof DataPointConflictError) return 409;
  switch (error.code) {
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'usage_error':
    case 'config_error':
    case 'datapoint_invalid':
      return 400;
    case 'system_not_initialized':
      return 503;
    case 'sql_rejected':
      return 422;
    case 'llm_required':
      return 501;
    case 'connection_failed':
    case 'query_failed':
      return 502;
    default:
      return 500;
  }
}

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

/** Errors fastify raises before a handler runs (bad JSON, body too large, wrong content type). */
function fromFastify(error: FastifyLikeError): { status: number; body: ErrorBody } | undefined {
  if (typeof error.code !== 'string' || !error.code.startsWith('FST_') || !error.statusCode || error.statusCode >= 500)
    return undefined;
  const codes: Record<number, string> = {
    400: 'invalid_request',
    404: 'not_found',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
  };
  const code =
    error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
      ? 'invalid_json'
      : (codes[error.statusCode] ?? 'invalid_request');
  const hint = error.statusCode === 415 ? 'Send JSON with `Content-Type: application/json`.' : undefined;
  return { status: error.statusCode, body: { error: code, message: error.message ?? code, ...(hint ? { hint } : {}) } };
}

/** Any thrown value → HTTP status and body, with every known secret and URL password removed. */
export function toHttpError(
  error: unknown,
  secrets: readonly string[],
): { status: number; body: Record<string, unknown> } {
  if (error instanceof HttpError)
    return { status: error.status, body: redactDeep(error.body, secrets) as Record<string, unknown> };
  const fastify = fromFastify(error as FastifyLikeError);
  if (fastify) return { status: fastify.status, body: redactDeep(fastify.body, secrets) as Record<string, unknown> };
  const e = toDatachatError(error);
  const status = statusOf(e);
  if (e.code === 'system_not_initialized') return { status, body: { ...NOT_INITIALIZED_BODY } };
  const body: ErrorBody = { error: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) };
  if (e instanceof DataPointValidationError) {
    const path = e.issues.find((i) => i.path)?.path;
    if (path) Object.assign(body, { field: path, in: 'body' });
  }
  if (e instanceof ConflictError && e.field) Object.assign(body, { field: e.field, in: 'body' });
  if (e.details) body.details = e.details;
  return { status, body: redactDeep(body, secrets) as Record<string, unknown> };
}

/** A copy of `value` with redactSecrets applied to every string in it. */
export function redactDeep(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, secrets)]));
  return value;
}
