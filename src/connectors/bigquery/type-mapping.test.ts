import { describe, expect, it } from 'vitest';
import { bigQueryFieldTypeName, mapBigQueryField, mapBigQueryType } from './type-mapping.js';

describe('mapBigQueryType', () => {
  it.each([
    ['INT64', 'integer'],
    ['INTEGER', 'integer'],
    ['int64', 'integer'],
    ['BYTEINT', 'integer'],
    ['NUMERIC', 'decimal'],
    ['NUMERIC(10, 2)', 'decimal'],
    ['BIGNUMERIC', 'decimal'],
    ['DECIMAL', 'decimal'],
    ['BIGDECIMAL(40,5)', 'decimal'],
    ['FLOAT64', 'float'],
    ['FLOAT', 'float'],
    ['BOOL', 'boolean'],
    ['BOOLEAN', 'boolean'],
    ['STRING', 'string'],
    ['STRING(255)', 'string'],
    ['BYTES', 'binary'],
    ['BYTES(16)', 'binary'],
    ['DATE', 'date'],
    ['DATETIME', 'timestamp'],
    ['TIMESTAMP', 'timestamp'],
    ['TIME', 'time'],
    ['INTERVAL', 'interval'],
    ['JSON', 'json'],
    ['GEOGRAPHY', 'geography'],
    ['RECORD', 'struct'],
    ['STRUCT', 'struct'],
    ['STRUCT<a INT64, b STRING>', 'struct'],
    ['ARRAY<INT64>', 'array'],
    ['  timestamp  ', 'timestamp'],
    ['', 'unknown'],
    ['   ', 'unknown'],
    [null, 'unknown'],
    [undefined, 'unknown'],
    ['RANGE<DATE>', 'unknown'],
    ['NUMERIC(', 'unknown'],
    ['STRINGS', 'unknown'],
    ['not a type', 'unknown'],
  ] as const)('%s → %s', (native, canonical) => {
    expect(mapBigQueryType(native)).toBe(canonical);
  });
});

describe('mapBigQueryField', () => {
  it.each([
    [{ type: 'INT64', mode: 'REPEATED' }, 'array'],
    [{ type: 'RECORD', mode: 'REPEATED' }, 'array'],
    [{ type: 'RECORD', mode: 'NULLABLE' }, 'struct'],
    [{ type: 'STRING', mode: 'REQUIRED' }, 'string'],
    [{ type: 'TIMESTAMP' }, 'timestamp'],
    [{ type: null, mode: null }, 'unknown'],
    [{}, 'unknown'],
  ] as const)('%j → %s', (field, canonical) => {
    expect(mapBigQueryField(field)).toBe(canonical);
  });

  it('spells nested and repeated fields as DDL does', () => {
    expect(bigQueryFieldTypeName({ type: 'INT64', mode: 'REPEATED' })).toBe('ARRAY<INT64>');
    expect(
      bigQueryFieldTypeName({
        type: 'RECORD',
        mode: 'REPEATED',
        fields: [
          { name: 'a', type: 'STRING' },
          { name: 'b', type: 'INT64', mode: 'REPEATED' },
        ],
      }),
    ).toBe('ARRAY<STRUCT<a STRING, b ARRAY<INT64>>>');
    expect(bigQueryFieldTypeName({ type: 'numeric' })).toBe('NUMERIC');
  });
});
