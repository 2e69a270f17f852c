/** The REST API (/api/v1) from the browser: JSON in and out, the token (if any) from sessionStorage. */

const PREFIX = '/api/v1';
const TOKEN_KEY = 'datachat.token';

/** An error body of the API (`{error, message, hint?, details?}`) with the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
    readonly details?: Record<string, unknown>,
    readonly body?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function getToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** Listeners told when the API answers 401 (the UI then asks for the token). */
const unauthorizedListeners = new Set<() => void>();
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export interface ApiResponse<T> {
  data: T;
  total: number | undefined;
}

/** Calls the API; throws ApiError for any status >= 400. */
export async function call<T>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  // A bodiless write says it is deliberate (the server refuses cross-site "simple" requests).
  else if (method !== 'GET') headers['x-datachat-request'] = '1';
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = JSON.stringify(body);
  if (signal) init.signal = signal;
  const response = await fetch(`${PREFIX}${path}`, init);
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  if (!response.ok) {
    const e = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
    if (response.status === 401) for (const l of unauthorizedListeners) l();
    throw new ApiError(
      response.status,
      String(e.error ?? `http_${response.status}`),
      String(e.message ?? response.statusText),
      typeof e.hint === 'string' ? e.hint : undefined,
      (e.details as Record<string, unknown> | undefined) ?? undefined,
      e,
    );
  }
  const total = response.headers.get('x-total-count');
  return { data: json as T, total: total === null ? undefined : Number(total) };
}

export const get = async <T>(path: string, signal?: AbortSignal): Promise<T> =>
  (await call<T>('GET', path, undefined, signal)).data;
export const post = async <T>(path: string, body?: unknown): Promise<T> => (await call<T>('POST', path, body)).data;
export const put = async <T>(path: string, body?: unknown): Promise<T> => (await call<T>('PUT', path, body)).data;
export const del = async <T>(path: string): Promise<T> => (await call<T>('DELETE', path)).data;

/** `sample/revenue` → `sample/revenue` with each segment encoded (for the unencoded-key routes). */
export function keyPath(key: string): string {
  return key
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

/** Polls a job until it leaves `running`, reporting each progress message. */
export async function waitForJob(statusUrl: string, onProgress: (job: Job) => void, intervalMs = 300): Promise<Job> {
  const path = statusUrl.startsWith(PREFIX) ? statusUrl.slice(PREFIX.length) : statusUrl;
  for (;;) {
    const job = await get<Job>(path);
    onProgress(job);
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

// ─── response types (the subset the UI reads; see /api/v1/openapi.json) ───

export interface Job {
  job_id: string;
  kind: string;
  status: 'running' | 'completed' | 'failed' | 'interrupted';
  progress: { message: string; steps_done: number; updated_at: string };
  result?: Record<string, unknown>;
  error?: { error: string; message: string; hint?: string; status: number };
}

export interface JobAccepted {
  job_id: string;
  status: 'running';
  status_url: string;
}

export interface InitStatus {
  is_initialized: boolean;
  has_databases: boolean;
  has_datapoints: boolean;
  setup_required: boolean;
  missing_steps: string[];
  next_commands: string[];
  datapoint_count: number;
  connections: string[];
  connections_not_ready: string[];
  pending_review: number;
}

export interface Connection {
  connection_id: string;
  name: string;
  database_type: string;
  database_url: string | null;
  is_active: boolean;
  is_default: boolean;
  tags: string[];
  description: string | null;
  datapoint_count: number;
  last_profiled: string | null;
}

export interface ConnectionTest {
  connection_id: string;
  ok: boolean;
  latency_ms: number;
  server_version?: string;
  message?: string;
  warnings?: string[];
}

export interface EngineField {
  key: string;
  label: string;
  description: string | null;
  secret: boolean;
  kind: 'text' | 'number' | 'boolean' | 'choice' | 'list';
  choices: string[];
}

export interface Engine {
  id: string;
  label: string;
  url_schemes: string[];
  fields: EngineField[];
}

export interface AnswerPart {
  answer: string;
  sql: string | null;
  columns: string[];
  data: Record<string, unknown>[];
  database_used: string;
  method: string;
  sources: string[];
  metrics: { latency_ms: number; llm_calls: number };
  truncated: boolean;
  grains?: Record<string, string>;
}

export interface Answer extends AnswerPart {
  routing: { targets: string[]; reason: string; confidence: number; method: string };
  conversation_id: string;
  parts?: AnswerPart[];
  failures?: { database: string; error: string; message: string }[];
}

export interface DataPointItem {
  id: string;
  connection: string;
  type: string;
  name: string;
  file: string;
  datapoint: Record<string, unknown>;
  yaml?: string;
}

export interface PendingItem {
  id: string;
  datapoint: Record<string, unknown>;
  confidence: number | null;
  source: string;
  type: string;
  name: string;
  connection: string;
  replaces_approved: boolean;
  file: string;
  diff: string;
  yaml: string;
}

export interface SearchResult {
  routing: { targets: string[]; reason: string };
  datapoints: { connection: string; id: string; type: string; name: string; score: number }[];
}

export interface FileIssue {
  line?: number;
  path?: string;
  message: string;
}

/** The located issues of a 400 `datapoint_invalid` (empty for any other error). */
export function issuesOf(error: unknown): FileIssue[] {
  if (!(error instanceof ApiError) || error.code !== 'datapoint_invalid') return [];
  const issues = error.details?.issues;
  return Array.isArray(issues) ? (issues as FileIssue[]) : [];
}
