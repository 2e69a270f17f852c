/**
 * Token accounting for LLM and embedding calls, so every command can report what it spent
 * (the `metrics {llm_calls, prompt_tokens, completion_tokens}` of an answer, docs/architecture.md).
 */
export interface LlmUsage {
  /** HTTP calls that returned a completion (repair calls included; failed attempts that were retried are not). */
  calls: number;
  /** Input tokens as the server reported them. */
  promptTokens: number;
  /** Output tokens as the server reported them (0 for embeddings). */
  completionTokens: number;
}

/** A fresh zero usage (a new object each time, safe to mutate). */
export function emptyUsage(): LlmUsage {
  return { calls: 0, promptTokens: 0, completionTokens: 0 };
}

/** The sum of two usages. */
export function addUsage(a: LlmUsage, b: LlmUsage): LlmUsage {
  return {
    calls: a.calls + b.calls,
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
  };
}

/** What was spent between two snapshots of the same accumulator: `later - earlier`. */
export function usageSince(earlier: LlmUsage, later: LlmUsage): LlmUsage {
  return {
    calls: later.calls - earlier.calls,
    promptTokens: later.promptTokens - earlier.promptTokens,
    completionTokens: later.completionTokens - earlier.completionTokens,
  };
}

/**
 * A running total shared by everything that uses one provider or embedder. A command takes a
 * `snapshot()` before and after its work (or `reset()`s first) and reports the difference.
 */
export class UsageAccumulator {
  private total: LlmUsage = emptyUsage();

  /** Adds one call's (or several calls') usage. */
  add(usage: LlmUsage): void {
    this.total = addUsage(this.total, usage);
  }

  /** A copy of the running total; later calls do not change it. */
  snapshot(): LlmUsage {
    return { ...this.total };
  }

  /** Back to zero. */
  reset(): void {
    this.total = emptyUsage();
  }
}
