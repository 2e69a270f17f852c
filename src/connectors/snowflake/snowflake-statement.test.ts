import { describe, expect, it } from 'vitest';
import { QueryError } from '../../errors.js';
import { cancellable, isSelectStatementType, statementTypeLabel, toBinds, toRow } from './snowflake-statement.js';

describe('statement types', () => {
  it.each([
    [0x1000, true],
    [0x1fff, true],
    [0x0000, false],
    [0x3100, false],
    [0x3300, false],
    [0x4100, false],
    [0x6000, false],
  ])('type %i is a SELECT: %s', (type, select) => {
    expect(isSelectStatementType(type)).toBe(select);
  });

  it('labels types with their hex id', () => {
    expect(statementTypeLabel(0x3300)).toBe('a DELETE (DML) (statement type 0x3300)');
    expect(statementTypeLabel(0x6000)).toBe('a DDL statement (statement type 0x6000)');
    expect(statementTypeLabel(undefined)).toMatch(/unknown/);
  });
});

describe('toBinds', () => {
  it('keeps scalars and turns the rest into strings the SDK can send', () => {
    expect(
      toBinds([
        1,
        'a',
        true,
        null,
        undefined,
        12n,
        new Date('2024-01-02T03:04:05Z'),
        new Uint8Array([1, 255]),
        { a: 1 },
      ]),
    ).toEqual([1, 'a', true, null, null, '12', '2024-01-02T03:04:05.000Z', '01ff', '{"a":1}']);
    expect(toBinds(undefined)).toEqual([]);
  });
});

describe('toRow', () => {
  it('turns SfDate into plain Dates and SfTime into text', () => {
    const sfDate = Object.assign(new Date('2024-01-02T00:00:00Z'), {
      getFormat: () => 'YYYY-MM-DD',
      toJSON: () => '2024-01-02',
    });
    const sfTime = { getMidnightSeconds: () => 3600, toJSON: () => '01:00:00' };
    const row = toRow({ d: sfDate, t: sfTime, n: 1, s: 'x', j: { a: 1 } });
    expect(row).toEqual({ d: new Date('2024-01-02T00:00:00Z'), t: '01:00:00', n: 1, s: 'x', j: { a: 1 } });
    expect(Object.getPrototypeOf(row.d)).toBe(Date.prototype);
    expect(JSON.stringify(row.d)).toBe('"2024-01-02T00:00:00.000Z"');
  });
});

describe('cancellable', () => {
  it('rejects on the deadline and cancels the statement', async () => {
    let cancelled = 0;
    const pending = cancellable<number>({ deadline: Date.now() + 50, timeoutMs: 50 }, () => ({
      cancel: () => void cancelled++,
    }));
    await expect(pending).rejects.toThrow(QueryError);
    await expect(pending).rejects.toThrow(/timed out after 50 ms/);
    expect(cancelled).toBe(1);
  });

  it('rejects on abort, runs cleanups once and ignores late results', async () => {
    const controller = new AbortController();
    let cleanups = 0;
    let late: ((value: number) => void) | undefined;
    const pending = cancellable<number>(
      { deadline: Date.now() + 10_000, timeoutMs: 10_000, signal: controller.signal },
      (settle) => {
        settle.onSettled(() => cleanups++);
        late = settle.resolve;
        return { cancel: () => undefined };
      },
    );
    controller.abort();
    await expect(pending).rejects.toThrow(/cancelled/);
    late?.(1);
    expect(cleanups).toBe(1);
  });

  it('resolves with the statement result', async () => {
    await expect(
      cancellable<number>(
        { deadline: Date.now() + 1000, timeoutMs: 1000 },
        (settle) => (setTimeout(() => settle.resolve(7), 5), { cancel: () => undefined }),
      ),
    ).resolves.toBe(7);
  });
});
