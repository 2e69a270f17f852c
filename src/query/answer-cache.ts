import type { Answer } from './answer.js';

interface Entry {
  answer: Answer;
  generation: number;
  expires: number;
}

/**
 * Answers of deterministic paths, reused for the same question (same target options, no conversation
 * context) within a TTL in long-running processes. Entries die when the TTL passes or the knowledge
 * index changes (store generation), so an edited DataPoint or a new profile is never answered from
 * the cache. Bounded: the oldest entries go first.
 */
export class AnswerCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 500,
  ) {}

  static key(question: string, db: string | undefined, crossDatabase: boolean | undefined): string {
    return JSON.stringify([question.trim().toLowerCase().replace(/\s+/g, ' '), db ?? null, Boolean(crossDatabase)]);
  }

  get(key: string, generation: number, now: number): Answer | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.generation !== generation || entry.expires <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.answer;
  }

  set(key: string, answer: Answer, generation: number, now: number): void {
    if (this.ttlMs <= 0 || answer.method === 'llm') return;
    this.entries.delete(key);
    this.entries.set(key, { answer, generation, expires: now + this.ttlMs });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
