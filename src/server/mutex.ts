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
