import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local, scriptable OpenAI-compatible server for tests: `POST /v1/chat/completions`,
 * `POST /v1/embeddings` and `GET /v1/models` on 127.0.0.1 with an ephemeral port.
 *
 * Chat completions are answered from the queue (`enqueue`), then by `handler`, else with a 400 that
 * says nothing was scripted. Embeddings are deterministic vectors hashed from each input (honouring
 * `dimensions` and `encoding_format`), unless `enqueueEmbeddings` scripted something else.
 * Usage is realistic: prompt tokens ≈ characters of all messages / 4, completion tokens ≈ content / 4.
 */

/** An HTTP error answer, OpenAI-shaped by default: `{ error: { message, type, code } }`. */
export interface FakeStatusResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Answers after a delay (for client timeouts); the timer is dropped if the client goes away. */
export interface FakeDelayedResponse<R> {
  delayMs: number;
  then: R;
}

/** Destroys the socket without answering (a connection reset). */
export interface FakeDisconnect {
  disconnect: true;
}

/** A scripted chat completion. */
export type FakeChatResponse =
  /** The assistant content is `JSON.stringify(json)`. */
  | { json: unknown; finishReason?: string; usage?: FakeUsage }
  /** Raw assistant content, e.g. malformed or fenced JSON. */
  | { content: string; finishReason?: string; usage?: FakeUsage }
  | FakeStatusResponse
  | FakeDelayedResponse<FakeChatResponse>
  | FakeDisconnect;

/** A scripted embeddings answer: `{ deterministic: true }` is the default hashed-vector answer. */
export type FakeEmbeddingsResponse =
  | { deterministic: true }
  | { vectors: number[][] }
  | FakeStatusResponse
  | FakeDelayedResponse<FakeEmbeddingsResponse>
  | FakeDisconnect;

export interface FakeUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
}

export interface FakeChatMessage {
  role: string;
  content: string;
}

/** A request as received; `body` is the parsed JSON. */
export interface FakeOpenAIRequest {
  method: string;
  /** Path below the base URL's origin, e.g. /v1/chat/completions. */
  path: string;
  /** The Authorization header, if any. */
  authorization: string | undefined;
  body: Record<string, unknown>;
}

/** What a chat handler sees: the request plus its messages, system prompt and last user message. */
export interface FakeChatRequest extends FakeOpenAIRequest {
  messages: FakeChatMessage[];
  system: string;
  user: string;
}

export interface FakeOpenAIOptions {
  /** When set, requests without `Authorization: Bearer <apiKey>` get a 401 (whose text echoes the key received). */
  apiKey?: string;
  /** Ids listed by GET /v1/models. Default ['fake-model', 'fake-embedding']. */
  models?: string[];
}

export interface FakeOpenAI {
  /** Base URL ending in /v1 (pass as `llm.base_url`). */
  url: string;
  /** Every request received, in order (rejected and timed-out ones included). */
  requests: FakeOpenAIRequest[];
  /** Chat completion requests only. */
  readonly chatRequests: FakeChatRequest[];
  /** Embedding requests only. */
  readonly embeddingRequests: FakeOpenAIRequest[];
  /** Answers for the next chat completions, in order. */
  enqueue(...responses: FakeChatResponse[]): void;
  /** Answers for the next embedding requests, in order. */
  enqueueEmbeddings(...responses: FakeEmbeddingsResponse[]): void;
  /** Scripted chat answers not used yet. */
  readonly pending: number;
  /** Answers chat completions when the queue is empty (e.g. by inspecting `request.user`). */
  handler: ((request: FakeChatRequest) => FakeChatResponse | Promise<FakeChatResponse>) | undefined;
  /** Clears requests, queues and handler. */
  reset(): void;
  close(): Promise<void>;
}

/** Roughly how tokenizers count English: 4 characters a token. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The fake's vector for a text: deterministic, from SHA-256 of `index:text`, values in [-1, 1], not normalized. */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dimensions; block++) {
    const digest = createHash('sha256').update(`${block}:${text}`).digest();
    for (let i = 0; i + 1 < digest.length && values.length < dimensions; i += 2)
      values.push(digest.readUInt16BE(i) / 32767.5 - 1);
  }
  return values;
}

const DEFAULT_EMBEDDING_DIMENSIONS = 1536;

/** Starts the fake on 127.0.0.1 with an ephemeral port. */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const chatQueue: FakeChatResponse[] = [];
  const embeddingsQueue: FakeEmbeddingsResponse[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let completionCount = 0;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(status, {
      'content-type': 'application/json',
      'x-request-id': `req_fake_${++completionCount}`,
      ...headers,
    });
    res.end(JSON.stringify(body));
  };
  const error = (
    res: ServerResponse,
    status: number,
    message: string,
    type = 'invalid_request_error',
    code: string | null = null,
  ): void => send(res, status, { error: { message, type, param: null, code } });

  /** Unwraps delays and disconnects, then lets `answer` write the final response. */
  const play = async <R>(
    res: ServerResponse,
    response: R | FakeDelayedResponse<R> | FakeDisconnect | FakeStatusResponse,
    answer: (r: R) => void,
  ): Promise<void> => {
    if (typeof response === 'object' && response !== null && 'delayMs' in response) {
      const delayed = response as FakeDelayedResponse<R>;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, delayed.delayMs);
        timers.add(timer);
        res.once('close', () => {
          clearTimeout(timer);
          timers.delete(timer);
          resolve();
        });
      });
      if (res.destroyed) return;
      return play(res, delayed.then, answer);
    }
    if (typeof response === 'object' && response !== null && 'disconnect' in response) {
      res.socket?.destroy();
      return;
    }
    if (typeof response === 'object' && response !== null && 'status' in response) {
      const r = response as FakeStatusResponse;
      const body = r.body ?? {
        error: {
          message: `fake-openai scripted HTTP ${r.status}`,
          type: r.status >= 500 ? 'server_error' : 'invalid_request_error',
          param: null,
          code: null,
        },
      };
      send(res, r.status, body, r.headers);
      return;
    }
    answer(response as R);
  };

  const chat = async (request: FakeChatRequest, res: ServerResponse): Promise<void> => {
    const scripted = chatQueue.shift() ?? (await fake.handler?.(request));
    if (scripted === undefined) {
      error(
        res,
        400,
        `fake-openai: no scripted response for this chat completion (last user message: ${request.user.slice(0, 200)})`,
      );
      return;
    }
    await play(res, scripted, (r) => {
      const answer = r as { json?: unknown; content?: string; finishReason?: string; usage?: FakeUsage };
      const content = 'json' in answer ? JSON.stringify(answer.json) : (answer.content ?? '');
      const promptTokens =
        answer.usage?.prompt_tokens ?? estimateTokens(request.messages.map((m) => m.content).join('\n'));
      const completionTokens = answer.usage?.completion_tokens ?? estimateTokens(content);
      send(res, 200, {
        id: `chatcmpl-fake-${completionCount + 1}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: typeof request.body['model'] === 'string' ? request.body['model'] : 'fake-model',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content, refusal: null },
            finish_reason: answer.finishReason ?? 'stop',
            logprobs: null,
          },
        ],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
        },
      });
    });
  };

  const embeddings = async (request: FakeOpenAIRequest, res: ServerResponse): Promise<void> => {
    const rawInput = request.body['input'];
    const inputs = (Array.isArray(rawInput) ? rawInput : [rawInput]).map((i) =>
      typeof i === 'string' ? i : JSON.stringify(i),
    );
    if (inputs.length === 0 || inputs.some((i) => i === ''))
      return error(res, 400, "'$.input' is invalid: empty strings are not allowed.");
    const dims =
      typeof request.body['dimensions'] === 'number' ? request.body['dimensions'] : DEFAULT_EMBEDDING_DIMENSIONS;
    const scripted = embeddingsQueue.shift() ?? { deterministic: true as const };
    await play(res, scripted, (r) => {
      const vectors = 'vectors' in r ? r.vectors : inputs.map((text) => fakeEmbedding(text, dims));
      const base64 = request.body['encoding_format'] === 'base64';
      send(res, 200, {
        object: 'list',
        model: request.body['model'],
        data: vectors.map((v, index) => ({
          object: 'embedding',
          index,
          embedding: base64 ? Buffer.from(Float32Array.from(v).buffer).toString('base64') : v,
        })),
        usage: { prompt_tokens: estimateTokens(inputs.join(' ')), total_tokens: estimateTokens(inputs.join(' ')) },
      });
    });
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      return error(res, 400, 'fake-openai: the request body is not JSON');
    }
    const path = new URL(req.url ?? '/', 'http://fake').pathname.replace(/\/+$/, '');
    const request: FakeOpenAIRequest = {
      method: req.method ?? 'GET',
      path,
      authorization: req.headers.authorization,
      body,
    };
    fake.requests.push(request);

    if (options.apiKey !== undefined && request.authorization !== `Bearer ${options.apiKey}`) {
      const received = request.authorization?.replace(/^Bearer\s+/i, '') ?? '';
      return error(res, 401, `Incorrect API key provided: ${received}.`, 'invalid_request_error', 'invalid_api_key');
    }
    if (request.method === 'GET' && path === '/v1/models') {
      const ids = options.models ?? ['fake-model', 'fake-embedding'];
      return send(res, 200, {
        object: 'list',
        data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake-openai' })),
      });
    }
    if (request.method === 'POST' && path === '/v1/chat/completions') return chat(chatRequestOf(request), res);
    if (request.method === 'POST' && path === '/v1/embeddings') return embeddings(request, res);
    return error(res, 404, `fake-openai: no route ${request.method} ${path}`, 'invalid_request_error', 'unknown_url');
  };

  const server = createServer((req, res) => {
    route(req, res).catch((e: unknown) =>
      error(res, 500, `fake-openai: ${e instanceof Error ? e.message : String(e)}`, 'server_error'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeOpenAI = {
    url: `http://127.0.0.1:${port}/v1`,
    requests: [],
    get chatRequests() {
      return fake.requests.filter((r) => r.path === '/v1/chat/completions').map(chatRequestOf);
    },
    get embeddingRequests() {
      return fake.requests.filter((r) => r.path === '/v1/embeddings');
    },
    enqueue: (...responses) => void chatQueue.push(...responses),
    enqueueEmbeddings: (...responses) => void embeddingsQueue.push(...responses),
    get pending() {
      return chatQueue.length;
    },
    handler: undefined,
    reset() {
      fake.requests.length = 0;
      chatQueue.length = 0;
      embeddingsQueue.length = 0;
      fake.handler = undefined;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
  return fake;
}

function chatRequestOf(request: FakeOpenAIRequest): FakeChatRequest {
  const raw = Array.isArray(request.body['messages'])
    ? (request.body['messages'] as { role?: unknown; content?: unknown }[])
    : [];
  const messages = raw.map((m) => ({ role: String(m.role), content: contentText(m.content) }));
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  return {
    ...request,
    messages,
    system: messages.find((m) => m.role === 'system')?.content ?? '',
    user: lastUser?.content ?? '',
  };
}

/** Message content as text: a string, or the text parts of a content array. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content
      .map((p) => (typeof p === 'object' && p !== null && 'text' in p ? String((p as { text: unknown }).text) : ''))
      .join('');
  return '';
}
