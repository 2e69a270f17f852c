import { describe, expect, it } from 'vitest';
import { mapSqliteType } from './type-mapping.js';

describe('mapSqliteType', () => {
  it.each([
    ['INTEGER', 'integer'],
    ['int', 'integer'],
    ['BIGINT', 'integer'],
    ['UNSIGNED BIG INT', 'integer'],
    ['DECIMAL(10,2)', 'decimal'],
    ['NUMERIC', 'decimal'],
    ['REAL', 'float'],
    ['DOUBLE PRECISION', 'float'],
    ['FLOAT', 'float'],
    ['VARCHAR(255)', 'string'],
    ['NVARCHAR(10)', 'string'],
    ['TEXT', 'string'],
    ['CLOB', 'string'],
    ['BOOLEAN', 'boolean'],
    ['DATE', 'date'],
    ['DATETIME', 'timestamp'],
    ['TIMESTAMP', 'timestamp'],
    ['TIME', 'time'],
    ['JSON', 'json'],
    ['UUID', 'uuid'],
    ['BLOB', 'binary'],
    ['', 'unknown'],
    ['   ', 'unknown'],
    ['((', 'unknown'],
    [null, 'unknown'],
    [undefined, 'unknown'],
  ] as const)('%s → %s', (native, expected) => {
    expect(mapSqliteType(native)).toBe(expected);
  });
});
