/** How long close() waits for cancelled statements to stop before releasing connections anyway. */
export const CLOSE_WAIT_MS = 3000;

/**
 * The statements running on one connector, so that `close()` can cancel them (server-side, through
 * the same path as a caller's abort) and wait for them to stop instead of leaving them running on
 * the server or keeping the process alive. `serve` relies on this to shut down within seconds.
 */
export class RunningStatements {
  private controller = new AbortController();
  private readonly running = new Set<Promise<unknown>>();

  /** Runs `work` with a signal that fires on the caller's abort or on cancelAll(). */
  run<T>(callerSignal: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const own = this.controller.signal;
    const signal = callerSignal ? anySignal(callerSignal, own) : own;
    const running = work(signal);
    this.running.add(running);
    const forget = (): void => void this.running.delete(running);
    running.then(forget, forget);
    return running;
  }

  /** Cancels every running statement and waits up to `limitMs` for them to settle; later statements run normally. */
  async cancelAll(limitMs: number): Promise<void> {
    this.controller.abort();
    this.controller = new AbortController();
    if (this.running.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, limitMs);
      timer.unref();
    });
    await Promise.race([Promise.allSettled([...this.running]), deadline]);
    clearTimeout(timer);
  }
}

/** AbortSignal.any (Node ≥ 20.3), with a fallback for the Node 20 releases before it. */
function anySignal(a: AbortSignal, b: AbortSignal): AbortSignal {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([a, b]);
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  if (a.aborted || b.aborted) abort();
  a.addEventListener('abort', abort, { once: true });
  b.addEventListener('abort', abort, { once: true });
  return controller.signal;
}
