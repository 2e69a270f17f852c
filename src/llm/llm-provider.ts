import type { z } from 'zod';
import type { LlmUsage, UsageAccumulator } from './usage.js';

/** One earlier turn of a conversation, placed between the system prompt and the final `user` message. */
export interface LlmTurn {
  role: 'user' | 'assistant';
  content: string;
}

/** What every completion request carries. */
export interface LlmTextRequest {
  /** The system prompt (instructions, context). */
  system: string;
  /** The final user message. */
  user: string;
  /** Earlier turns (conversation follow-ups, a previous answer plus the error it caused). Default none. */
  history?: readonly LlmTurn[];
  /** Cap on output tokens (`max_tokens`). Default: the server's own. */
  maxTokens?: number;
  /** Overrides `llm.temperature` (default 0) for this request. */
  temperature?: number;
  /** Aborts the request (and any retry wait); the call then rejects with an AbortedError (exit 130). */
  signal?: AbortSignal;
}

/** A request for a JSON object that must validate against a zod schema. */
export interface LlmJsonRequest<T> extends LlmTextRequest {
  /** Validates (and may transform) the answer. Its JSON Schema (input side) is shown to the model. */
  schema: z.ZodType<T>;
  /** A short name for the schema, used in the prompt and in error messages (e.g. `sql_answer`). */
  schemaName: string;
}

export interface LlmJsonResult<T> {
  /** The validated (parsed) value. */
  value: T;
  /** What this request cost, the repair call included. */
  usage: LlmUsage;
  /** The assistant's content that validated, as received. */
  raw: string;
}

export interface LlmTextResult {
  text: string;
  /** What this request cost. */
  usage: LlmUsage;
}

/**
 * A chat model behind an OpenAI-compatible API. Implementations retry transient failures
 * (429, 5xx, connection errors, timeouts) themselves and throw only DatachatErrors:
 * RuntimeError for server and validation failures, AbortedError when `signal` aborts.
 */
export interface LlmProvider {
  /** The model name sent with each request (`llm.model`). */
  readonly model: string;
  /** Running total over every request this provider made. */
  readonly usage: UsageAccumulator;
  /**
   * Asks for a JSON object matching `schema`. Accepts JSON wrapped in ```json fences. On malformed
   * JSON or a schema mismatch makes exactly one repair call (sending the answer and the errors back);
   * if that answer is invalid too, throws a RuntimeError.
   */
  completeJson<T>(request: LlmJsonRequest<T>): Promise<LlmJsonResult<T>>;
  /** Asks for free text (explanations, summaries). */
  completeText(request: LlmTextRequest): Promise<LlmTextResult>;
}
