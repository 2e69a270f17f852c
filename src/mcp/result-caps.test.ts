import { describe, expect, it } from 'vitest';
import { capRows, jsonText, MCP_MAX_BYTES, MCP_MAX_ROWS, plainJson, resultLimits } from './result-caps.js';

describe('tool result caps', () => {
  it('takes the lower of the MCP caps and the project defaults', () => {
    expect(resultLimits({ max_rows: 1000, max_result_bytes: 16 * 1024 * 1024 })).toEqual({
      maxRows: MCP_MAX_ROWS,
      maxBytes: MCP_MAX_BYTES,
    });
    expect(resultLimits({ max_rows: 50, max_result_bytes: 1000 })).toEqual({ maxRows: 50, maxBytes: 1000 });
  });

  it.each([
    ['under both caps', 3, 10, 1000, 3, undefined],
    ['exactly the row cap', 10, 10, 1000, 10, undefined],
    ['over the row cap', 11, 10, 1000, 10, 'rows'],
    ['over the byte cap', 10, 100, 60, 2, 'bytes'],
  ] as const)('%s', (_name, count, maxRows, maxBytes, kept, cap) => {
    // Each row is {"v":"xxxxxxxxxxxxxxxxxxxx"}: 28 bytes of JSON, plus a comma.
    const rows = Array.from({ length: count }, () => ({ v: 'x'.repeat(20) }));
    const capped = capRows(rows, { maxRows, maxBytes });
    expect(capped.data).toHaveLength(kept);
    expect(capped.truncatedBy).toBe(cap);
    if (cap === 'bytes') expect(jsonText(capped.data).length).toBeLessThanOrEqual(maxBytes);
  });

  it('never cuts a row: one row over the byte cap leaves none', () => {
    expect(capRows([{ v: 'x'.repeat(100) }], { maxRows: 10, maxBytes: 50 })).toEqual({
      data: [],
      truncatedBy: 'bytes',
    });
  });

  it('makes driver values plain JSON: bigints as numbers when exact, else as text', () => {
    expect(plainJson({ a: 12n, b: 2n ** 70n, c: new Date(0) })).toEqual({
      a: 12,
      b: '1180591620717411303424',
      c: '1970-01-01T00:00:00.000Z',
    });
  });
});
