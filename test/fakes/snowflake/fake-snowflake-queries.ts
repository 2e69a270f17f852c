import { randomUUID } from 'node:crypto';

type Body = { success: boolean; code: string | null; [key: string]: unknown };

/** One statement the fake received, from submission until its response is final. */
export interface RunningQuery {
  id: string;
  requestId: string;
  sql: string;
  state: 'running' | 'done';
  /** How it ended: `cancelled` by an abort request, `timeout` by STATEMENT_TIMEOUT_IN_SECONDS. */
  outcome?: 'success' | 'failed' | 'cancelled' | 'timeout';
  response?: Body;
  /** Rows served at /fake-chunks/{id}/{n}. */
  chunks?: (string | null)[][][];
}

interface StartOptions {
  /** How long the statement runs before it is evaluated (SYSTEM$WAIT); 0 runs it now. */
  waitMs: number;
  /** Server-side statement timeout; 0 for none. */
  timeoutMs: number;
  run: () => Body;
  timedOut: () => Body;
  cancelled: () => Body;
}

/** The fake's query history: lifecycle, long-poll waiters, aborts and timeouts of every statement. */
export class QueryRegistry {
  private readonly queries = new Map<string, RunningQuery>();
  private readonly timers = new Map<string, NodeJS.Timeout[]>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly onCancel = new Map<string, () => Body>();

  create(requestId: string, sql: string): RunningQuery {
    // Snowflake query ids are UUID-shaped (the SDK validates them before monitoring calls).
    const query: RunningQuery = { id: randomUUID(), requestId, sql, state: 'running' };
    this.queries.set(query.id, query);
    return query;
  }

  get(id: string): RunningQuery | undefined {
    return this.queries.get(id);
  }

  byRequestId(requestId: string): RunningQuery | undefined {
    return [...this.queries.values()].reverse().find((q) => q.requestId === requestId);
  }

  start(query: RunningQuery, options: StartOptions): void {
    if (options.waitMs <= 0) {
      this.finish(query, options.run());
      return;
    }
    const timers = [setTimeout(() => this.finish(query, options.run()), options.waitMs)];
    if (options.timeoutMs > 0 && options.timeoutMs < options.waitMs) {
      timers.push(setTimeout(() => this.finish(query, options.timedOut(), 'timeout'), options.timeoutMs));
    }
    this.timers.set(query.id, timers);
    this.onCancel.set(query.id, options.cancelled);
  }

  /** Resolves when the statement is done or after `ms`, whichever comes first (a long poll). */
  waitFor(query: RunningQuery, ms: number): Promise<void> {
    if (query.state === 'done') return Promise.resolve();
    return new Promise((resolve) => {
      const set = this.waiters.get(query.id) ?? new Set();
      this.waiters.set(query.id, set);
      const wake = (): void => {
        clearTimeout(timer);
        set.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      set.add(wake);
    });
  }

  /** Aborts a running statement; false when it already finished. */
  cancel(id: string): boolean {
    const query = this.queries.get(id);
    const cancelled = this.onCancel.get(id);
    if (query?.state !== 'running' || !cancelled) return false;
    this.finish(query, cancelled(), 'cancelled');
    return true;
  }

  status(query: RunningQuery): string {
    if (query.state === 'running') return 'RUNNING';
    if (query.outcome === 'cancelled') return 'ABORTED';
    return query.outcome === 'success' ? 'SUCCESS' : 'FAILED_WITH_ERROR';
  }

  clear(): void {
    for (const id of [...this.timers.keys()]) this.clearTimers(id);
    for (const set of this.waiters.values()) for (const wake of [...set]) wake();
  }

  /** Records the final response of a statement and wakes its long polls. */
  finish(query: RunningQuery, response: Body, outcome?: RunningQuery['outcome']): void {
    if (query.state === 'done') return;
    query.state = 'done';
    query.response = response;
    query.outcome = outcome ?? (response.success ? 'success' : 'failed');
    this.clearTimers(query.id);
    for (const wake of [...(this.waiters.get(query.id) ?? [])]) wake();
  }

  private clearTimers(id: string): void {
    for (const timer of this.timers.get(id) ?? []) clearTimeout(timer);
    this.timers.delete(id);
    this.onCancel.delete(id);
  }
}
