import { describe, expect, it } from 'vitest';
import { isNullableClickhouseType, mapClickhouseType, unwrapClickhouseType } from './type-mapping.js';

describe('mapClickhouseType', () => {
  it.each([
    ['Int8', 'integer'],
    ['Int32', 'integer'],
    ['Int256', 'integer'],
    ['UInt8', 'integer'],
    ['UInt64', 'integer'],
    ['Float32', 'float'],
    ['Float64', 'float'],
    ['Decimal(10, 2)', 'decimal'],
    ['Decimal(9)', 'decimal'],
    ['Decimal64(4)', 'decimal'],
    ['String', 'string'],
    ['FixedString(2)', 'string'],
    ['UUID', 'uuid'],
    ['Date', 'date'],
    ['Date32', 'date'],
    ['DateTime', 'timestamp'],
    ["DateTime('UTC')", 'timestamp'],
    ['DateTime64(3)', 'timestamp'],
    ["DateTime64(6, 'Europe/Berlin')", 'timestamp'],
    ["Enum8('a' = 1, 'b' = 2)", 'string'],
    ["Enum16('x(' = 1)", 'string'],
    ['IPv4', 'string'],
    ['IPv6', 'string'],
    ['Bool', 'boolean'],
    ['Boolean', 'boolean'],
    ['Array(String)', 'array'],
    ['Array(Nullable(Int32))', 'array'],
    ['Tuple(String, UInt8)', 'struct'],
    ['Map(String, UInt64)', 'struct'],
    ['Nested(a String, b Int32)', 'struct'],
    ['JSON', 'json'],
    ["Object('json')", 'json'],
    ['IntervalDay', 'interval'],
    ['Point', 'geography'],
    ['Nullable(String)', 'string'],
    ['Nullable(Decimal(10, 2))', 'decimal'],
    ['LowCardinality(String)', 'string'],
    ['LowCardinality(Nullable(String))', 'string'],
    ['Nullable(LowCardinality(String))', 'string'],
    ['SimpleAggregateFunction(sum, UInt64)', 'integer'],
    ['nullable(datetime)', 'timestamp'],
    ['  Int32  ', 'integer'],
  ] as const)('%s → %s', (native, expected) => {
    expect(mapClickhouseType(native)).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'blank'],
    ['Nullable(', 'unclosed wrapper'],
    ['Nullable(String', 'unclosed wrapper with type'],
    ['Int32)', 'stray parenthesis'],
    ['Array(String', 'unclosed array'],
    ['Array()', 'empty array'],
    ['Decimal(10, 2', 'unclosed decimal'],
    ['Nothing', 'Nothing'],
    ['AggregateFunction(uniq, String)', 'aggregate state'],
    ['Int', 'no width'],
    ['Strings', 'near miss'],
    ['Nullable()', 'empty wrapper'],
  ])('%j (%s) → unknown', (native) => {
    expect(mapClickhouseType(native)).toBe('unknown');
  });

  it('maps null and undefined to unknown', () => {
    expect(mapClickhouseType(null)).toBe('unknown');
    expect(mapClickhouseType(undefined)).toBe('unknown');
  });
});

describe('unwrapClickhouseType / isNullableClickhouseType', () => {
  it.each([
    ['Nullable(String)', 'String', true],
    ['LowCardinality(Nullable(String))', 'String', true],
    ['Nullable(LowCardinality(String))', 'String', true],
    ['LowCardinality(String)', 'String', false],
    ['Array(Nullable(String))', 'Array(Nullable(String))', false],
    ['String', 'String', false],
    ['Nullable(', 'Nullable(', false],
  ] as const)('%s → %s (nullable %s)', (native, inner, nullable) => {
    expect(unwrapClickhouseType(native)).toBe(inner);
    expect(isNullableClickhouseType(native)).toBe(nullable);
  });
});
