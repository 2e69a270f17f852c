import { inspect } from 'node:util';
import { ConnectionError, DatachatError, QueryError } from '../../errors.js';
import { redactSecrets } from '../../util/redact.js';

/** What the connector was doing when an error happened; decides ConnectionError vs QueryError. */
export type BigQueryPhase = 'connect' | 'introspect' | 'query';

export interface BigQueryErrorContext {
  phase: BigQueryPhase;
  projectId: string;
  /** Shown in "cannot reach" messages: the API endpoint never carries credentials. */
  endpoint: string;
  /** Secret values (tokens, key material) removed from any message that might echo them. */
  secrets: readonly string[];
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

interface ApiErrorLike {
  code?: unknown;
  errno?: unknown;
  message?: string;
  errors?: { reason?: string; message?: string }[];
  cause?: unknown;
}

function networkCode(error: ApiErrorLike | undefined, depth = 0): string | undefined {
  if (!error || depth > 4) return undefined;
  if (typeof error.code === 'string' && NETWORK_CODES.has(error.code)) return error.code;
  if (typeof error.errno === 'string' && NETWORK_CODES.has(error.errno)) return error.errno;
  const match = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH)\b/.exec(
    error.message ?? '',
  );
  if (match) return match[1];
  return networkCode(error.cause as ApiErrorLike | undefined, depth + 1);
}

/**
 * The driver error to keep as `cause`. HTTP-layer errors carry the request (with its
 * `Authorization: Bearer` header) in `response`/`config`; those, and any error whose printout
 * contains a secret, are replaced by a copy that keeps name, code, reasons, message and stack only.
 */
export function safeCause(error: unknown, secrets: readonly string[]): unknown {
  if (!(error instanceof Error)) return error;
  const carriesRequest = 'response' in error || 'config' in error || 'request' in error;
  const printed = carriesRequest ? '' : inspect(error, { depth: 6 });
  if (!carriesRequest && !secrets.some((s) => s.length >= 4 && printed.includes(s))) return error;
  const e = error as Error & ApiErrorLike;
  const copy = new Error(redactSecrets(e.message, secrets)) as Error & ApiErrorLike;
  copy.name = e.name;
  copy.stack = redactSecrets(e.stack ?? '', secrets);
  if (e.code !== undefined) copy.code = e.code;
  if (e.errno !== undefined) copy.errno = e.errno;
  if (Array.isArray(e.errors))
    copy.errors = e.errors.map((x) => ({ reason: x.reason, message: redactSecrets(x.message ?? '', secrets) }));
  return copy;
}

/**
 * Wraps an SDK or HTTP error with context and a hint, keeping it as `cause`. BigQuery reports
 * problems as an HTTP status plus `errors[].reason` (https://cloud.google.com/bigquery/docs/error-messages).
 */
export function wrapBigQueryError(error: unknown, context: BigQueryErrorContext): DatachatError {
  if (error instanceof DatachatError) return error;
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ApiErrorLike;
  const status = typeof e.code === 'number' ? e.code : undefined;
  const reasons = new Set((e.errors ?? []).map((x) => x.reason ?? ''));
  const detail = redactSecrets(e.message ?? String(error), context.secrets);
  const project = `project "${context.projectId}"`;
  error = safeCause(error, context.secrets);

  const network = networkCode(e);
  if (network) {
    return new ConnectionError(`Cannot reach BigQuery at ${context.endpoint} (${network}).`, {
      cause: error,
      hint: 'Check the network (proxy, firewall) and, if set, `apiEndpoint` in the connection settings.',
    });
  }
  if (
    status === 401 ||
    reasons.has('authError') ||
    /default credentials|invalid_grant|invalid_client|unauthenticated|DECODER routines|private key/i.test(detail)
  ) {
    return new ConnectionError(`BigQuery rejected the credentials for ${project}: ${detail}`, {
      cause: error,
      hint: 'Run `gcloud auth application-default login`, or set `keyFilename`/`credentials` to a valid service-account key (an `accessToken` expires after an hour).',
    });
  }
  if (status === 404 || reasons.has('notFound')) {
    const missingContainer = /\b(project|dataset)\b/i.test(detail) && !/\btable\b/i.test(detail);
    if (missingContainer || context.phase !== 'query') {
      return new ConnectionError(`BigQuery ${project}: dataset or project not found: ${detail}`, {
        cause: error,
        hint: 'Check `projectId`, the dataset name and `location` (a dataset is only visible from its own location).',
      });
    }
    return new QueryError(`BigQuery: ${detail}`, {
      cause: error,
      hint: 'Qualify tables as `dataset.table`, or set the default dataset in the connection URL.',
    });
  }
  if (status === 403 || reasons.has('accessDenied')) {
    const Wrapper = context.phase === 'query' ? QueryError : ConnectionError;
    return new Wrapper(`BigQuery denied access in ${project}: ${detail}`, {
      cause: error,
      hint: 'The account needs roles/bigquery.jobUser on the project and roles/bigquery.dataViewer on the datasets.',
    });
  }
  if (reasons.has('bytesBilledLimitExceeded')) {
    return new QueryError(`BigQuery refused to run the query: ${detail}`, {
      cause: error,
      hint: 'Filter on partition columns or select fewer columns, or raise `maximumBytesBilled`.',
    });
  }
  if (reasons.has('timeout') || reasons.has('stopped')) {
    return new QueryError(`BigQuery job timed out or was cancelled: ${detail}`, {
      cause: error,
      hint: 'Narrow the question or raise the timeout.',
    });
  }
  if (context.phase === 'query') return new QueryError(`BigQuery: ${detail}`, { cause: error });
  return new ConnectionError(`BigQuery ${project}: ${detail}`, { cause: error });
}
