import { describe, expect, it } from 'vitest';
import { decodeRow, decodeTimestamp, parameterTypes } from './bigquery-values.js';

describe('decodeRow', () => {
  it('turns REST cells into plain values', () => {
    const fields = [
      { name: 'i', type: 'INT64' },
      { name: 'big', type: 'INTEGER' },
      { name: 'f', type: 'FLOAT64' },
      { name: 'nan', type: 'FLOAT' },
      { name: 'n', type: 'NUMERIC' },
      { name: 'b', type: 'BOOL' },
      { name: 'ts', type: 'TIMESTAMP' },
      { name: 'd', type: 'DATE' },
      { name: 'bytes', type: 'BYTES' },
      { name: 'arr', type: 'INT64', mode: 'REPEATED' },
      {
        name: 'rec',
        type: 'RECORD',
        fields: [
          { name: 'x', type: 'STRING' },
          { name: 'y', type: 'BOOL' },
        ],
      },
      { name: 'missing', type: 'STRING' },
    ];
    const row = {
      f: [
        { v: '42' },
        { v: '9007199254740993' },
        { v: '1.5' },
        { v: 'NaN' },
        { v: '20.250000001' },
        { v: 'false' },
        { v: '1704164645000000' },
        { v: '2024-03-01' },
        { v: Buffer.from('hi').toString('base64') },
        { v: [{ v: '1' }, { v: '2' }] },
        { v: { f: [{ v: 'a' }, { v: 'true' }] } },
        { v: null },
      ],
    };
    const decoded = decodeRow(fields, row);
    expect(decoded).toMatchObject({
      i: 42,
      big: '9007199254740993',
      f: 1.5,
      n: '20.250000001',
      b: false,
      ts: '2024-01-02T03:04:05.000Z',
      d: '2024-03-01',
      arr: [1, 2],
      rec: { x: 'a', y: true },
      missing: null,
    });
    expect(Number.isNaN(decoded.nan)).toBe(true);
    expect((decoded.bytes as Buffer).toString()).toBe('hi');
  });

  it('tolerates short rows', () => {
    expect(decodeRow([{ name: 'a', type: 'STRING' }], {})).toEqual({ a: null });
  });
});

describe('decodeTimestamp', () => {
  it.each([
    ['1704164645000000', '2024-01-02T03:04:05.000Z'],
    ['1704164645123456', '2024-01-02T03:04:05.123456Z'],
    ['-1500', '1969-12-31T23:59:59.998500Z'],
    ['1704164645.5', '2024-01-02T03:04:05.500Z'],
    ['garbage', 'garbage'],
  ])('%s → %s', (raw, iso) => {
    expect(decodeTimestamp(raw)).toBe(iso);
  });
});

describe('parameterTypes', () => {
  it('is only needed when a value is null', () => {
    expect(parameterTypes([1, 'a'])).toBeUndefined();
    expect(parameterTypes([null, 1, 1.5, 'a', true, new Date(0), Buffer.from('x'), 2n])).toEqual([
      'STRING',
      'INT64',
      'FLOAT64',
      'STRING',
      'BOOL',
      'TIMESTAMP',
      'BYTES',
      'INT64',
    ]);
  });
});
