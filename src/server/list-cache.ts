import { toJson } from './json.js';

/** Distinct lists (filters) kept; beyond that the cache starts over (filters are few in practice). */
const MAX_ENTRIES = 64;

interface Entry {
  stamp: string;
  items: Promise<string[]>;
}

/**
 * Serialised (and redacted) list items, kept until their `stamp` changes (e.g. the knowledge index
 * generation and the config in force). A flood of list requests then costs one build and a slice
 * each instead of a read, parse, serialise and redact each, so it cannot starve other routes.
 * Concurrent requests for a missing entry share one build.
 */
export class ListCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    /** Applied to each item's JSON before caching (secret redaction). */
    private readonly finish: (json: string) => string = (json) => json,
  ) {}

  async get(key: string, stamp: string, build: () => Promise<readonly unknown[]>): Promise<string[]> {
    const cached = this.entries.get(key);
    if (cached?.stamp === stamp) return cached.items;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const items = build().then((rows) => rows.map((row) => this.finish(toJson(row))));
    const entry = { stamp, items };
    this.entries.set(key, entry);
    // A failed build is not cached: the next request tries again.
    items.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return items;
  }
}
