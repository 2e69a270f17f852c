import { describe, expect, it } from 'vitest';
import { cleanServerMessage, serverErrorCode, TsvResultDecoder, unescapeTsv } from './clickhouse-result.js';

function decode(lines: string[]) {
  const decoder = new TsvResultDecoder();
  const rows = lines.map((l) => decoder.push(l)).filter((r) => r !== undefined);
  return { columns: decoder.columns, rows };
}

describe('TsvResultDecoder', () => {
  it('reads names and types, then typed rows', () => {
    const { columns, rows } = decode([
      'id\tname\tbig\tprice\tscore\tok\tseen\ttags\tnote',
      "Int32\tString\tUInt64\tDecimal(10, 2)\tNullable(Float64)\tBool\tDateTime(\\'UTC\\')\tArray(String)\tNullable(String)",
      "1\tit\\'s\\ta\\\\b\\nc\t18446744073709551615\t10.50\tnan\ttrue\t2024-01-02 03:04:05\t['a','b']\t\\N",
      '2\t\t0\t0.00\t-inf\tfalse\t2024-01-02 03:04:05\t[]\t\\\\N',
    ]);
    expect(columns).toEqual([
      { name: 'id', type: 'Int32' },
      { name: 'name', type: 'String' },
      { name: 'big', type: 'UInt64' },
      { name: 'price', type: 'Decimal(10, 2)' },
      { name: 'score', type: 'Nullable(Float64)' },
      { name: 'ok', type: 'Bool' },
      { name: 'seen', type: "DateTime('UTC')" },
      { name: 'tags', type: 'Array(String)' },
      { name: 'note', type: 'Nullable(String)' },
    ]);
    // Values in column order (rows are arrays, so duplicate column names keep their values).
    expect(rows[0]).toEqual([
      1,
      "it's\ta\\b\nc",
      '18446744073709551615',
      '10.50',
      Number.NaN,
      true,
      '2024-01-02 03:04:05',
      "['a','b']",
      null,
    ]);
    expect(rows[1]).toEqual([2, '', '0', '0.00', Number.NEGATIVE_INFINITY, false, '2024-01-02 03:04:05', '[]', '\\N']);
  });

  it('reports columns for an empty result', () => {
    expect(decode(['x', 'UInt8'])).toEqual({ columns: [{ name: 'x', type: 'UInt8' }], rows: [] });
  });

  it('turns an exception appended mid-stream into an error', () => {
    const decoder = new TsvResultDecoder();
    decoder.push('n');
    decoder.push('UInt64');
    decoder.push('1');
    expect(() =>
      decoder.push(
        'Code: 159, e.displayText() = DB::Exception: Timeout exceeded: elapsed 1.0 seconds, e.what() = DB::Exception',
      ),
    ).toThrow(/Timeout exceeded/);
  });

  it('refuses a row whose field count does not match', () => {
    const decoder = new TsvResultDecoder();
    decoder.push('a\tb');
    decoder.push('UInt8\tUInt8');
    expect(() => decoder.push('1')).toThrow(/1 fields for 2 columns/);
  });
});

describe('server messages', () => {
  it.each([
    [
      "Code: 60, e.displayText() = DB::Exception: Table t1.nope doesn't exist., e.what() = DB::Exception\n",
      60,
      "Table t1.nope doesn't exist.",
    ],
    [
      'Code: 516. DB::Exception: default: Authentication failed. (AUTHENTICATION_FAILED) (version 23.8.1.1)',
      516,
      'default: Authentication failed. (AUTHENTICATION_FAILED)',
    ],
  ])('cleans %j', (raw, code, message) => {
    expect(serverErrorCode(raw)).toBe(code);
    expect(cleanServerMessage(raw)).toBe(message);
  });

  it('has no code for a network error', () => {
    expect(serverErrorCode('connect ECONNREFUSED 127.0.0.1:8123')).toBeUndefined();
  });

  it('unescapes every TabSeparated escape', () => {
    expect(unescapeTsv("a\\tb\\nc\\rd\\0e\\\\f\\'g\\bh\\fi")).toBe("a\tb\nc\rd\0e\\f'g\bh\fi");
  });
});
