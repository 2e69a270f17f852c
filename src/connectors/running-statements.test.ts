import { describe, expect, it } from 'vitest';
import { RunningStatements } from './running-statements.js';

/** A statement that runs until its signal fires. */
const untilAborted = (signal: AbortSignal): Promise<string> =>
  new Promise((_resolve, reject) =>
    signal.addEventListener('abort', () => reject(new Error('cancelled')), { once: true }),
  );

describe('RunningStatements', () => {
  it('cancelAll aborts every running statement and waits for them to settle', async () => {
    const statements = new RunningStatements();
    const a = statements.run(undefined, untilAborted).catch((e: Error) => e.message);
    const b = statements.run(new AbortController().signal, untilAborted).catch((e: Error) => e.message);
    await statements.cancelAll(1000);
    expect(await a).toBe('cancelled');
    expect(await b).toBe('cancelled');
    // Later statements get a fresh signal.
    expect(await statements.run(undefined, async (signal) => signal.aborted)).toBe(false);
  });

  it('passes the caller abort through, and gives up waiting after the limit', async () => {
    const statements = new RunningStatements();
    const caller = new AbortController();
    const running = statements.run(caller.signal, untilAborted).catch((e: Error) => e.message);
    caller.abort();
    expect(await running).toBe('cancelled');
    statements.run(undefined, () => new Promise<void>(() => undefined));
    const started = performance.now();
    await statements.cancelAll(200);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
