import { describe, expect, it } from 'vitest';
import { mapSnowflakeType } from './type-mapping.js';

describe('mapSnowflakeType', () => {
  it.each([
    ['NUMBER(38,0)', 'integer'],
    ['number(10, 0)', 'integer'],
    ['NUMBER(10)', 'integer'],
    ['INT', 'integer'],
    ['INTEGER', 'integer'],
    ['BIGINT', 'integer'],
    ['SMALLINT', 'integer'],
    ['TINYINT', 'integer'],
    ['BYTEINT', 'integer'],
    ['NUMBER(10,2)', 'decimal'],
    ['DECIMAL(12, 4)', 'decimal'],
    ['NUMERIC(38,9)', 'decimal'],
    ['DECIMAL', 'decimal'],
    ['NUMERIC', 'decimal'],
    ['NUMBER', 'decimal'],
    ['fixed', 'decimal'],
    ['FLOAT', 'float'],
    ['FLOAT8', 'float'],
    ['DOUBLE', 'float'],
    ['DOUBLE PRECISION', 'float'],
    ['REAL', 'float'],
    ['BOOLEAN', 'boolean'],
    ['VARCHAR', 'string'],
    ['VARCHAR(255)', 'string'],
    ['TEXT', 'string'],
    ['STRING', 'string'],
    ['CHAR(2)', 'string'],
    ['CHARACTER', 'string'],
    ['NVARCHAR(10)', 'string'],
    ['BINARY', 'binary'],
    ['VARBINARY(100)', 'binary'],
    ['DATE', 'date'],
    ['TIMESTAMP_NTZ', 'timestamp'],
    ['TIMESTAMP_NTZ(9)', 'timestamp'],
    ['TIMESTAMP_LTZ', 'timestamp'],
    ['TIMESTAMP_TZ(3)', 'timestamp'],
    ['TIMESTAMP', 'timestamp'],
    ['DATETIME', 'timestamp'],
    ['TIME', 'time'],
    ['TIME(9)', 'time'],
    ['VARIANT', 'json'],
    ['OBJECT', 'struct'],
    ['OBJECT(a INT, b VARCHAR)', 'struct'],
    ['MAP(VARCHAR, NUMBER)', 'struct'],
    ['ARRAY', 'array'],
    ['ARRAY(NUMBER)', 'array'],
    ['VECTOR(FLOAT, 256)', 'array'],
    ['GEOGRAPHY', 'geography'],
    ['GEOMETRY', 'geography'],
    ['  timestamp_ntz  ', 'timestamp'],
  ] as const)('%s → %s', (native, canonical) => {
    expect(mapSnowflakeType(native)).toBe(canonical);
  });

  it.each([[''], ['   '], [null], [undefined], ['NUMBER('], ['NUMBER(10,'], ['VARCHAR(abc)'], ['TIMESTAMPX'], ['DATE TIME'], ['no such type'], ['(38,0)']])(
    'maps malformed or unknown %j to unknown',
    (native) => {
      expect(mapSnowflakeType(native)).toBe('unknown');
    },
  );
});
