import { RuntimeError } from '../errors.js';

/** Attempts of a write that keeps meeting a busy database, each after busy_timeout already waited. */
const ATTEMPTS = 8;
/** First back-off (ms), doubled per attempt, with jitter so competing processes do not retry in step. */
const FIRST_BACKOFF_MS = 20;

/** SQLITE_BUSY (and its extended codes, e.g. SQLITE_BUSY_SNAPSHOT) or SQLITE_LOCKED from better-sqlite3. */
export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** better-sqlite3 is synchronous, so its callers wait synchronously too (only ever under contention). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `fn`, retrying a bounded number of times while SQLite reports the database busy. busy_timeout
 * covers plain lock waits; this covers what it cannot: a transaction whose snapshot went stale
 * (SQLITE_BUSY_SNAPSHOT is returned at once, by design) and a database being created or migrated by
 * another process. The final failure is a RuntimeError with a hint instead of a bare "locked".
 */
export function withBusyRetry<T>(fn: () => T, what = 'the knowledge index'): T {
  for (let attempt = 1; ; attempt++) {
    try {
      return fn();
    } catch (error) {
      if (!isBusyError(error)) throw error;
      if (attempt >= ATTEMPTS) {
        const detail = (error as Error).message;
        throw new RuntimeError(`${what} stayed busy: another datachat process kept writing it (${detail}).`, {
          cause: error,
          hint: 'Run the command again; if it persists, look for a stuck datachat process using the index.',
        });
      }
      const backoff = FIRST_BACKOFF_MS * 2 ** (attempt - 1);
      sleepSync(backoff / 2 + Math.random() * backoff);
    }
  }
}
