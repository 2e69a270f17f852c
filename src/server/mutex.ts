/**
 * A FIFO async mutex: `run(fn)` starts `fn` once every earlier `run` has settled. The server puts
 * every write to the project (YAML files, .datachat.yml, secrets, the knowledge index) behind one,
 * so two requests never interleave their file writes and syncs; reads do not take it.
 */
export class AsyncMutex {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  /** True while a task runs or waits. */
  get locked(): boolean {
    return this.pending > 0;
  }

  run<T>(fn: () => T | Promise<T>): Promise<T> {
    this.pending++;
    const result = this.tail.then(fn);
    // The chain must continue whether `fn` resolved or threw.
    this.tail = result.then(
      () => this.pending--,
      () => this.pending--,
    );
    return result;
  }

  /** Resolves once every task queued so far has settled. */
  async idle(): Promise<void> {
    await this.tail;
  }
}

/**
 * A FIFO counting semaphore: at most `limit` tasks run at once; the others wait their turn in
 * arrival order. The server bounds the CPU-bound chat pipeline with one, so that under load
 * requests queue fairly instead of all progressing slowly at once (which stretches the tail).
 */
export class Semaphore {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly limit: number,
    /**
     * Hand a freed slot to the next waiter on a later turn of the event loop (setImmediate) instead
     * of at once: a long queue of cheap tasks then lets I/O (other requests) in between them.
     */
    private readonly yieldBetween = false,
  ) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`Semaphore limit must be a positive integer, got ${limit}`);
  }

  /** Tasks running plus waiting. */
  get size(): number {
    return this.running + this.waiting.length;
  }

  async run<T>(fn: () => T | Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await fn();
    } finally {
      // Hand the slot straight to the next waiter (running stays the same), or free it.
      const next = this.waiting.shift();
      if (next) {
        if (this.yieldBetween) setImmediate(next);
        else next();
      } else this.running--;
    }
  }
}
