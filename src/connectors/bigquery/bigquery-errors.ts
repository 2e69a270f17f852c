import { ConnectionError, type DatachatError, QueryError } from '../../errors.js';
import { wrapDriverError } from '../driver-errors.js';

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

interface ApiErrorLike {
  code?: unknown;
  message?: string;
  errors?: { reason?: string; message?: string }[];
}

/**
 * Wraps an SDK or HTTP error with context and a hint, keeping it as `cause`. BigQuery reports
 * problems as an HTTP status plus `errors[].reason` (https://cloud.google.com/bigquery/docs/error-messages).
 */
export function wrapBigQueryError(error: unknown, context: BigQueryErrorContext): DatachatError {
  // HTTP-layer errors carry the request (with its `Authorization: Bearer` header): the cause kept is a
  // redacted copy of them (see redactedCause).
  return wrapDriverError(error, context.secrets, ({ detail, cause, network }) =>
    mapBigQueryError(error, detail, cause, network, context),
  );
}

function mapBigQueryError(
  raw: unknown,
  detail: string,
  cause: unknown,
  network: string | undefined,
  context: BigQueryErrorContext,
): DatachatError {
  const e = (typeof raw === 'object' && raw !== null ? raw : { message: String(raw) }) as ApiErrorLike;
  const status = typeof e.code === 'number' ? e.code : undefined;
  const reasons = new Set((e.errors ?? []).map((x) => x.reason ?? ''));
  const project = `project "${context.projectId}"`;
  if (network) {
    return new ConnectionError(`Cannot reach BigQuery at ${context.endpoint} (${network}).`, {
      cause,
      hint: 'Check the network (proxy, firewall) and, if set, `apiEndpoint` in the connection settings.',
    });
  }
  if (
    status === 401 ||
    reasons.has('authError') ||
    /default credentials|invalid_grant|invalid_client|unauthenticated|DECODER routines|private key/i.test(detail)
  ) {
    return new ConnectionError(`BigQuery rejected the credentials for ${project}: ${detail}`, {
      cause,
      hint: 'Run `gcloud auth application-default login`, or set `keyFilename`/`credentials` to a valid service-account key (an `accessToken` expires after an hour).',
    });
  }
  if (status === 404 || reasons.has('notFound')) {
    const missingContainer = /\b(project|dataset)\b/i.test(detail) && !/\btable\b/i.test(detail);
    if (missingContainer || context.phase !== 'query') {
      return new ConnectionError(`BigQuery ${project}: dataset or project not found: ${detail}`, {
        cause,
        hint: 'Check `projectId`, the dataset name and `location` (a dataset is only visible from its own location).',
      });
    }
    return new QueryError(`BigQuery: ${detail}`, {
      cause,
      hint: 'Qualify tables as `dataset.table`, or set the default dataset in the connection URL.',
    });
  }
  if (status === 403 || reasons.has('accessDenied')) {
    const Wrapper = context.phase === 'query' ? QueryError : ConnectionError;
    return new Wrapper(`BigQuery denied access in ${project}: ${detail}`, {
      cause,
      hint: 'The account needs roles/bigquery.jobUser on the project and roles/bigquery.dataViewer on the datasets.',
    });
  }
  if (reasons.has('bytesBilledLimitExceeded')) {
    return new QueryError(`BigQuery refused to run the query: ${detail}`, {
      cause,
      hint: 'Filter on partition columns or select fewer columns, or raise `maximumBytesBilled`.',
    });
  }
  if (reasons.has('timeout') || reasons.has('stopped')) {
    return new QueryError(`BigQuery job timed out or was cancelled: ${detail}`, {
      cause,
      hint: 'Narrow the question or raise the timeout.',
    });
  }
  if (context.phase === 'query') return new QueryError(`BigQuery: ${detail}`, { cause });
  return new ConnectionError(`BigQuery ${project}: ${detail}`, { cause });
}
