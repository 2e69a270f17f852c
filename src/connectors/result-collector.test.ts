import { describe, expect, it } from 'vitest';
import { ResultCollector } from './result-collector.js';
import { MAX_VALUE_CHARS, presentValue, valueBytes } from './result-values.js';

describe('presentValue', () => {
  it.each([
    [Buffer.alloc(100_000_000), '<blob 100000000 bytes: 00000000000000000000000000000000…>'],
    [Buffer.from('png'), '<blob 3 bytes: 706e67>'],
    [Buffer.alloc(0), '<blob 0 bytes>'],
    [new Uint8Array([255, 1]), '<blob 2 bytes: ff01>'],
    [new Uint8Array([1, 2, 3]).buffer, '<blob 3 bytes: 010203>'],
    ['short', 'short'],
    [42, 42],
    [null, null],
    [
      [Buffer.from('a'), 'b'],
      ['<blob 1 bytes: 61>', 'b'],
    ],
  ])('%#: presents %s', (value, expected) => {
    expect(presentValue(value)).toEqual(expected);
  });

  it('cuts a string longer than the limit to a prefix with a marker', () => {
    const text = 'x'.repeat(MAX_VALUE_CHARS + 10);
    expect(presentValue(text)).toBe(`${'x'.repeat(MAX_VALUE_CHARS)}…[cut: ${MAX_VALUE_CHARS + 10} chars]`);
    expect(presentValue('y'.repeat(MAX_VALUE_CHARS))).toBe('y'.repeat(MAX_VALUE_CHARS));
  });

  it('sizes values as received', () => {
    expect(valueBytes('abc')).toBe(3);
    expect(valueBytes(Buffer.alloc(1000))).toBe(1000);
    expect(valueBytes(12)).toBe(8);
    expect(valueBytes(null)).toBe(1);
    expect(valueBytes({ a: 'xyz' })).toBe(JSON.stringify({ a: 'xyz' }).length);
  });
});

describe('ResultCollector', () => {
  it('stops at the row cap once a row past it shows that more exist', () => {
    const c = new ResultCollector(2, 1000);
    expect(c.add([1])).toBe(true);
    expect(c.add([2])).toBe(true);
    expect(c.add([3])).toBe(false);
    expect(c.result([{ name: 'n' }], performance.now())).toMatchObject({
      rows: [[1], [2]],
      rowCount: 2,
      truncated: true,
      truncatedBy: 'rows',
      bytes: 16,
    });
  });

  it('is not truncated when the rows end at the cap', () => {
    const c = new ResultCollector(2, 1000);
    c.add([1]);
    c.add([2]);
    const result = c.result([{ name: 'n' }], performance.now());
    expect(result.truncated).toBe(false);
    expect(result).not.toHaveProperty('truncatedBy');
  });

  it('stops at the byte budget, dropping the row that would overflow it', () => {
    const c = new ResultCollector(100, 10);
    expect(c.add(['aaaa'])).toBe(true);
    expect(c.add(['bbbb'])).toBe(true);
    expect(c.add(['cccc'])).toBe(false);
    expect(c.result([{ name: 's' }], performance.now())).toMatchObject({
      rows: [['aaaa'], ['bbbb']],
      truncated: true,
      truncatedBy: 'bytes',
      bytes: 8,
    });
  });

  it('keeps a first row larger than the budget, presented, and stops', () => {
    const c = new ResultCollector(100, 1024);
    expect(c.add([1, Buffer.alloc(100_000_000)])).toBe(false);
    expect(c.add([2, Buffer.alloc(1)])).toBe(false);
    expect(c.result([{ name: 'id' }, { name: 'b' }], performance.now())).toMatchObject({
      rows: [[1, '<blob 100000000 bytes: 00000000000000000000000000000000…>']],
      truncatedBy: 'bytes',
      bytes: 100_000_008,
    });
  });

  it('marks more rows reported by the engine without a row in hand', () => {
    const c = new ResultCollector(1, 1000);
    c.add([1]);
    c.moreRows();
    expect(c.result([{ name: 'n' }], performance.now())).toMatchObject({ truncated: true, truncatedBy: 'rows' });
  });
});
