import { describe, expect, it } from 'vitest';
import { AsyncMutex, Semaphore } from '../../../src/server/mutex.js';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('server mutex and semaphore', () => {
  it('AsyncMutex runs tasks one at a time in call order, and goes on after a failure', async () => {
    const mutex = new AsyncMutex();
    const log: string[] = [];
    const task = (name: string, fail = false) =>
      mutex.run(async () => {
        log.push(`start ${name}`);
        await tick();
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([task('a'), task('b', true), task('c')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(mutex.locked).toBe(false);
  });

  it('Semaphore bounds concurrency and admits waiters first come, first served', async () => {
    const slots = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        slots.run(async () => {
          started.push(i);
          running++;
          peak = Math.max(peak, running);
          await tick(i % 2 ? 2 : 6);
          running--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(slots.size).toBe(0);
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });

  it('a yielding Semaphore lets other work of the event loop run between queued tasks', async () => {
    for (const yieldBetween of [false, true]) {
      const slots = new Semaphore(1, yieldBetween);
      const log: string[] = [];
      // Cheap synchronous tasks: without yielding they all run before anything else gets a turn.
      const tasks = Array.from({ length: 3 }, (_, i) => slots.run(() => void log.push(`task ${i}`)));
      setImmediate(() => log.push('other'));
      await Promise.all(tasks);
      await new Promise((r) => setImmediate(r));
      expect(log, String(yieldBetween)).toEqual(
        yieldBetween ? ['task 0', 'other', 'task 1', 'task 2'] : ['task 0', 'task 1', 'task 2', 'other'],
      );
    }
  });
});
