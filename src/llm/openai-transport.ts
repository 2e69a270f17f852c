import type OpenAI from 'openai';
import { AbortedError, DatachatError, RuntimeError } from '../errors.js';
import { redactError, redactSecrets } from '../util/redact.js';

/** Where and how to reach an OpenAI-compatible server; shared by the chat provider and the embedder. */
export interface OpenAITransportOptions {
  /** Base URL, usually ending in /v1. Default https://api.openai.com/v1. */
  baseUrl?: string | undefined;
  /** Sent as `Authorization: Bearer`; never shown in messages. Local servers (Ollama, vLLM) need none. */
  apiKey?: string | undefined;
  /** Per-attempt timeout in milliseconds. Default 60 000. */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt on 429, 5xx, connection errors and timeouts. Default 3. */
  maxRetries?: number | undefined;
  /** First backoff delay in milliseconds, doubled per retry, with jitter. Default 500. */
  retryBaseDelayMs?: number | undefined;
  /** Cap on any one wait, including a server's `retry-after`, in milliseconds. Default 30 000. */
  retryMaxDelayMs?: number | undefined;
  /** Called before each retry wait (for --verbose logs and tests). */
  onRetry?: ((event: RetryEvent) => void) | undefined;
  /** Names the server in messages: "the LLM server", "the embeddings server". Default 'LLM'. */
  service?: 'LLM' | 'embeddings' | undefined;
  /** The .datachat.yml block named in hints. Default 'llm'. */
  configKey?: 'llm' | 'embeddings' | undefined;
  /** The model, named in 403/404 messages. */
  model?: string | undefined;
}

/** One retry about to happen. */
export interface RetryEvent {
  /** 1 for the first retry. */
  retry: number;
  delayMs: number;
  /** Why: `HTTP 429`, `HTTP 503`, `timeout`, `connection error`. */
  reason: string;
}

type OpenAIModule = typeof import('openai');
type RequestOptions = { signal?: AbortSignal | undefined; timeout: number; maxRetries: 0 };

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/**
 * Sends requests through the `openai` SDK (imported on first use, so importing datachat stays fast)
 * with its own retries disabled: this class retries 429, 5xx, connection errors and timeouts with
 * exponential backoff and jitter (honouring `retry-after`), so retries are counted and testable,
 * and turns every failure into a DatachatError that names the server's host but never the API key.
 */
export class OpenAITransport {
  readonly baseUrl: string;
  /** `host[:port]` of the base URL, for messages. */
  readonly host: string;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private clientPromise: Promise<{ sdk: OpenAIModule; client: OpenAI }> | undefined;

  constructor(private readonly options: OpenAITransportOptions) {
    this.baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
    this.host = hostOf(this.baseUrl);
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.maxRetries = options.maxRetries ?? 3;
    this.baseDelayMs = options.retryBaseDelayMs ?? 500;
    this.maxDelayMs = options.retryMaxDelayMs ?? 30_000;
  }

  /** Runs `call` with retries; rejects with a RuntimeError (or AbortedError when `signal` aborts). */
  async send<R>(call: (client: OpenAI, options: RequestOptions) => Promise<R>, signal?: AbortSignal): Promise<R> {
    const { sdk, client } = await this.client();
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw this.aborted(signal.reason);
      try {
        return await call(client, { signal, timeout: this.timeoutMs, maxRetries: 0 });
      } catch (error) {
        if (signal?.aborted || error instanceof sdk.APIUserAbortError) throw this.aborted(error);
        const reason = retryReason(sdk, error);
        if (reason === undefined || attempt > this.maxRetries) throw this.toError(sdk, error, attempt);
        const delayMs = this.delay(error, attempt, sdk);
        this.options.onRetry?.({ retry: attempt, delayMs, reason });
        await sleep(delayMs, signal, () => this.aborted(signal?.reason));
      }
    }
  }

  private client(): Promise<{ sdk: OpenAIModule; client: OpenAI }> {
    this.clientPromise ??= import('openai').then((sdk) => ({
      sdk,
      client: new sdk.OpenAI({
        baseURL: this.baseUrl,
        // The SDK insists on a key; local servers ignore it. Passing everything explicitly also keeps
        // the SDK from reading OPENAI_* variables: only the config layer reads the environment.
        apiKey: this.options.apiKey ?? 'not-configured',
        organization: null,
        project: null,
        webhookSecret: null,
        maxRetries: 0,
        timeout: this.timeoutMs,
        logLevel: 'off',
      }),
    }));
    return this.clientPromise;
  }

  /** The server's `retry-after-ms` / `retry-after` when present, else exponential backoff with jitter; capped. */
  private delay(error: unknown, attempt: number, sdk: OpenAIModule): number {
    const headers = error instanceof sdk.APIError ? error.headers : undefined;
    const afterMs = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
    if (Number.isFinite(afterMs) && afterMs >= 0) return Math.min(afterMs, this.maxDelayMs);
    const after = headers?.get('retry-after');
    if (after) {
      const seconds = Number.parseFloat(after);
      const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(after) - Date.now();
      if (Number.isFinite(ms) && ms >= 0) return Math.min(ms, this.maxDelayMs);
    }
    const exponential = Math.min(this.baseDelayMs * 2 ** (attempt - 1), this.maxDelayMs);
    return Math.round(exponential * (0.5 + Math.random() * 0.5));
  }

  private aborted(cause: unknown): AbortedError {
    return new AbortedError(`The ${this.options.service ?? 'LLM'} request was aborted.`, { cause });
  }

  private toError(sdk: OpenAIModule, error: unknown, attempts: number): DatachatError {
    if (error instanceof DatachatError) return error;
    const service = this.options.service ?? 'LLM';
    const key = this.options.configKey ?? 'llm';
    const server = `The ${service} server at ${this.host}`;
    const tries = attempts === 1 ? '' : ` (${attempts} attempts)`;
    const model = this.options.model ? `"${this.options.model}"` : 'the configured model';
    const fail = (message: string, hint: string | undefined, status?: number): RuntimeError =>
      new RuntimeError(this.redact(message), {
        cause: this.redactError(error),
        ...(hint ? { hint } : {}),
        details: { host: this.host, ...(status === undefined ? {} : { status }) },
      });

    if (error instanceof sdk.APIConnectionTimeoutError) {
      return fail(
        `The ${service} request to ${this.host} timed out after ${this.timeoutMs} ms${tries}.`,
        key === 'llm'
          ? 'Raise `llm.timeout_ms` in .datachat.yml, choose a faster model, or check the server load.'
          : 'Check the server load, or send fewer texts at a time.',
      );
    }
    if (error instanceof sdk.APIConnectionError) {
      return fail(
        `Could not reach the ${service} server at ${this.host}${tries}: ${rootCause(error)}.`,
        `Check \`${key}.base_url\` in .datachat.yml (now ${displayUrl(this.baseUrl)}) and that the server is running.`,
      );
    }
    if (!(error instanceof sdk.APIError) || error.status === undefined) {
      return fail(
        `The ${service} request to ${this.host} failed: ${error instanceof Error ? error.message : String(error)}`,
        undefined,
      );
    }
    const status = error.status;
    const said = serverMessage(error);
    if (status === 401) {
      const message = this.options.apiKey
        ? `${server} rejected the API key (HTTP 401); check \`${key}.api_key\`.`
        : `${server} requires an API key and none is configured (HTTP 401); set \`${key}.api_key\`.`;
      // The server's own text is left out on purpose: some servers echo the key they received.
      return fail(
        message,
        `Set \`${key}.api_key\` in .datachat.yml to a valid key for ${this.host}, e.g. \`api_key: \${OPENAI_API_KEY}\`.`,
        status,
      );
    }
    if (status === 403)
      return fail(
        `${server} refused the request (HTTP 403): ${said}`,
        `Check that the key in \`${key}.api_key\` may use ${model}.`,
        status,
      );
    if (status === 404) {
      return fail(
        `${server} has no model ${model} or no such endpoint (HTTP 404): ${said}`,
        `Check \`${key}.model\` and \`${key}.base_url\` (OpenAI-compatible servers usually end in /v1).`,
        status,
      );
    }
    if (status === 429)
      return fail(
        `${server} is rate-limiting requests (HTTP 429)${tries}: ${said}`,
        `Wait a moment and try again${key === 'llm' ? ', or raise `llm.max_retries`' : ''}.`,
        status,
      );
    if (status >= 500)
      return fail(
        `${server} failed with HTTP ${status}${tries}: ${said}`,
        'The server may be overloaded or restarting; try again later.',
        status,
      );
    return fail(`${server} rejected the request (HTTP ${status}): ${said}`, undefined, status);
  }

  private redact(text: string): string {
    return redactSecrets(text, [this.options.apiKey]);
  }

  /** The error itself, unless its message contains the key: then a copy without it. */
  private redactError(error: unknown): unknown {
    return redactError(error, [this.options.apiKey]);
  }
}

/** Why an error is worth retrying, or undefined when it is not. */
function retryReason(sdk: OpenAIModule, error: unknown): string | undefined {
  if (error instanceof sdk.APIConnectionTimeoutError) return 'timeout';
  if (error instanceof sdk.APIConnectionError) return 'connection error';
  if (
    error instanceof sdk.APIError &&
    error.status !== undefined &&
    (error.status === 429 || error.status === 408 || error.status >= 500)
  ) {
    return `HTTP ${error.status}`;
  }
  return undefined;
}

function serverMessage(error: InstanceType<OpenAIModule['APIError']>): string {
  const body = error.error as { message?: unknown } | undefined;
  const text = typeof body?.message === 'string' ? body.message : error.message.replace(/^\d{3}\s+/, '');
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

/** The innermost cause's code or message (`ECONNREFUSED`, `getaddrinfo ENOTFOUND example`). */
function rootCause(error: unknown): string {
  let current: unknown = error;
  let text = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (current.message && current.message !== 'fetch failed') text = current.message;
    current = current.cause;
  }
  return text.replace(/\.$/, '');
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

/** The base URL without user info or query (either may carry credentials). */
function displayUrl(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return hostOf(baseUrl);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined, aborted: () => Error): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(aborted());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
