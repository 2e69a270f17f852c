import { z } from 'zod';
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { LlmConfig } from '../config/config-schema.js';
import { RuntimeError } from '../errors.js';
import type { LlmJsonRequest, LlmJsonResult, LlmProvider, LlmTextRequest, LlmTextResult } from './llm-provider.js';
import { OpenAITransport, type OpenAITransportOptions } from './openai-transport.js';
import { UsageAccumulator, addUsage, type LlmUsage } from './usage.js';

/** Options of {@link OpenAIProvider}; see {@link OpenAITransportOptions} for server, timeout and retry settings. */
export interface OpenAIProviderOptions extends Omit<OpenAITransportOptions, 'service' | 'configKey'> {
  /** The chat model name (`llm.model`). */
  model: string;
  /** Default sampling temperature; a request may override it. Default 0. */
  temperature?: number;
}

/** Request parameters some servers refuse; after a 400 naming one, it is adapted and remembered. */
type Quirk = 'response_format' | 'max_tokens' | 'temperature';

interface ChatOutcome {
  content: string;
  finishReason: string | undefined;
  usage: LlmUsage;
}

type Checked<T> = { ok: true; value: T } | { ok: false; errors: string };

const MAX_ERROR_TEXT = 1_500;

/**
 * An {@link LlmProvider} over any OpenAI-compatible `/chat/completions` endpoint (OpenAI, Azure,
 * Ollama, vLLM, LM Studio, OpenRouter). Structured output uses `response_format: json_object` (the
 * widest-supported mode) with the JSON Schema stated in the system prompt, validated with zod, with
 * one repair round. The `openai` SDK is imported on the first request only.
 */
export class OpenAIProvider implements LlmProvider {
  readonly model: string;
  readonly usage = new UsageAccumulator();
  private readonly transport: OpenAITransport;
  private readonly temperature: number;
  private readonly quirks = new Set<Quirk>();
  private readonly schemaTexts = new WeakMap<object, string>();

  constructor(options: OpenAIProviderOptions) {
    this.model = options.model;
    this.temperature = options.temperature ?? 0;
    this.transport = new OpenAITransport({ ...options, service: 'LLM', configKey: 'llm' });
  }

  /** A provider from the `llm:` block of .datachat.yml; `overrides` are for tests (tiny retry delays). */
  static fromConfig(config: LlmConfig, overrides: Partial<OpenAIProviderOptions> = {}): OpenAIProvider {
    return new OpenAIProvider({
      baseUrl: config.base_url,
      apiKey: config.api_key,
      model: config.model,
      timeoutMs: config.timeout_ms,
      maxRetries: config.max_retries,
      temperature: config.temperature,
      ...overrides,
    });
  }

  async completeText(request: LlmTextRequest): Promise<LlmTextResult> {
    const outcome = await this.chat(request, this.messages(request.system, request), false);
    return { text: stripThinking(outcome.content).trim(), usage: outcome.usage };
  }

  async completeJson<T>(request: LlmJsonRequest<T>): Promise<LlmJsonResult<T>> {
    const messages = this.messages(`${request.system}\n\n${this.jsonInstructions(request)}`, request);
    const first = await this.chat(request, messages, true);
    const firstCheck = check(first, request.schema);
    if (firstCheck.ok) return { value: firstCheck.value, usage: first.usage, raw: first.content };

    // One repair round: the model sees its own answer and exactly what was wrong with it.
    const repair: ChatCompletionMessageParam[] = [
      ...messages,
      { role: 'assistant', content: first.content },
      {
        role: 'user',
        content:
          `Your previous answer is not valid:\n${firstCheck.errors}\n\n` +
          `Reply with the corrected JSON object only (no prose, no code fences), conforming to the JSON Schema "${request.schemaName}" given above.`,
      },
    ];
    const second = await this.chat(request, repair, true);
    const usage = addUsage(first.usage, second.usage);
    const secondCheck = check(second, request.schema);
    if (secondCheck.ok) return { value: secondCheck.value, usage, raw: second.content };
    throw new RuntimeError(
      `The LLM (${this.model}) did not return a valid "${request.schemaName}" JSON object, even after one repair attempt:\n${truncate(secondCheck.errors, MAX_ERROR_TEXT)}`,
      {
        hint: 'Run the command again, or configure a more capable model under `llm.model` in .datachat.yml.',
        details: { model: this.model, schema: request.schemaName, answer: truncate(second.content, MAX_ERROR_TEXT) },
      },
    );
  }

  private messages(system: string, request: LlmTextRequest): ChatCompletionMessageParam[] {
    return [
      { role: 'system', content: system },
      ...(request.history ?? []).map(
        (turn): ChatCompletionMessageParam => ({ role: turn.role, content: turn.content }),
      ),
      { role: 'user', content: request.user },
    ];
  }

  private jsonInstructions(request: LlmJsonRequest<unknown>): string {
    let text = this.schemaTexts.get(request.schema);
    if (text === undefined) {
      // io: 'input' describes what the model must send (before defaults and transforms apply).
      const { $schema: _ignored, ...schema } = z.toJSONSchema(request.schema, { io: 'input', unrepresentable: 'any' });
      text = JSON.stringify(schema);
      this.schemaTexts.set(request.schema, text);
    }
    return (
      `Answer with a single JSON object only (no prose before or after it, no code fences) ` +
      `that conforms to this JSON Schema, named "${request.schemaName}":\n${text}`
    );
  }

  /** One completion, retried by the transport; adapts once per refused parameter (see {@link Quirk}). */
  private async chat(
    request: LlmTextRequest,
    messages: ChatCompletionMessageParam[],
    json: boolean,
  ): Promise<ChatOutcome> {
    for (;;) {
      const body = this.body(request, messages, json);
      try {
        const response = await this.transport.send<ChatCompletion>(
          (client, options) => client.chat.completions.create(body, options),
          request.signal,
        );
        const usage: LlmUsage = {
          calls: 1,
          promptTokens: response.usage?.prompt_tokens ?? 0,
          completionTokens: response.usage?.completion_tokens ?? 0,
        };
        this.usage.add(usage);
        const choice = response.choices?.[0];
        return { content: choice?.message?.content ?? '', finishReason: choice?.finish_reason ?? undefined, usage };
      } catch (error) {
        const quirk = refusedParameter(error, body);
        if (quirk === undefined || this.quirks.has(quirk)) throw error;
        this.quirks.add(quirk);
      }
    }
  }

  private body(
    request: LlmTextRequest,
    messages: ChatCompletionMessageParam[],
    json: boolean,
  ): ChatCompletionCreateParamsNonStreaming {
    const body: ChatCompletionCreateParamsNonStreaming = { model: this.model, messages };
    // Reasoning models (o-series, gpt-5) refuse a temperature other than the default; we then omit it.
    if (!this.quirks.has('temperature')) body.temperature = request.temperature ?? this.temperature;
    if (request.maxTokens !== undefined) {
      if (this.quirks.has('max_tokens')) body.max_completion_tokens = request.maxTokens;
      else body.max_tokens = request.maxTokens;
    }
    if (json && !this.quirks.has('response_format')) body.response_format = { type: 'json_object' };
    return body;
  }
}

/** Which parameter a 400 complains about, if we sent it and know how to do without it. */
function refusedParameter(error: unknown, body: ChatCompletionCreateParamsNonStreaming): Quirk | undefined {
  if (!(error instanceof RuntimeError) || error.details?.['status'] !== 400) return undefined;
  const message = error.message;
  // Only a refusal of the parameter itself, not e.g. vLLM's "'max_tokens' is too large" (context length).
  if (
    !/unsupported|not supported|does not support|unrecognized|unknown|not allowed|not permitted|extra (?:fields|inputs)/i.test(
      message,
    )
  )
    return undefined;
  if (body.response_format !== undefined && /response_format|json_object/i.test(message)) return 'response_format';
  if (body.max_tokens !== undefined && /max_tokens/i.test(message)) return 'max_tokens';
  if (body.temperature !== undefined && /temperature/i.test(message)) return 'temperature';
  return undefined;
}

/** Parses the content as JSON (see {@link extractJson}) and validates it; the error text is what the repair prompt shows. */
function check<T>(outcome: ChatOutcome, schema: z.ZodType<T>): Checked<T> {
  const cutOff =
    outcome.finishReason === 'length'
      ? '\n(The answer was cut off at the output token limit; answer more briefly.)'
      : '';
  const parsed = extractJson(outcome.content);
  if (!parsed.ok) return { ok: false, errors: `It is not valid JSON: ${parsed.error}${cutOff}` };
  const result = schema.safeParse(parsed.value);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: `It does not match the schema:\n${z.prettifyError(result.error)}${cutOff}` };
}

/**
 * The JSON value in a model's answer: the whole content, the inside of a ```json fence, or the
 * outermost `{...}` when a model wrapped it in prose. `<think>` blocks of reasoning models are ignored.
 */
export function extractJson(content: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const text = stripThinking(content).trim();
  if (text === '') return { ok: false, error: 'the answer was empty' };
  const fenced = /```[a-zA-Z]*[ \t]*\r?\n?([\s\S]*?)```/.exec(text)?.[1];
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  const braced = start >= 0 && end > start ? text.slice(start, end + 1) : undefined;
  let firstError: string | undefined;
  for (const candidate of [text, fenced, braced]) {
    if (candidate === undefined) continue;
    try {
      return { ok: true, value: JSON.parse(candidate) };
    } catch (error) {
      firstError ??= error instanceof Error ? error.message : String(error);
    }
  }
  return { ok: false, error: firstError ?? 'no JSON found' };
}

function stripThinking(content: string): string {
  return content.replace(/^\s*<think>[\s\S]*?<\/think>/, '');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}
