import { mapWithRules, type CanonicalType, type TypeRule } from '../canonical-type.js';

/**
 * Snowflake data types (https://docs.snowflake.com/en/sql-reference/intro-summary-data-types) and the
 * names the result metadata uses (`fixed`, `real`, `text`). NUMBER's scale decides integer vs decimal;
 * the introspector always passes `NUMBER(p,s)` from INFORMATION_SCHEMA, so a bare NUMBER/DECIMAL
 * (scale unknown) maps to decimal rather than claiming integer.
 */
const RULES: readonly TypeRule[] = [
  [/^(number|decimal|numeric|fixed)\s*\(\s*\d+\s*(,\s*0+\s*)?\)$/, 'integer'],
  [/^(number|decimal|numeric|fixed)\s*\(\s*\d+\s*,\s*\d+\s*\)$/, 'decimal'],
  [/^(number|decimal|numeric|fixed)$/, 'decimal'],
  [/^(int|integer|bigint|smallint|tinyint|byteint)$/, 'integer'],
  [/^(float|float4|float8|double|double precision|real)$/, 'float'],
  [/^boolean$/, 'boolean'],
  [
    /^(varchar|char|character|nchar|nvarchar|nvarchar2|text|string|char varying|nchar varying)(\s*\(\s*\d+\s*\))?$/,
    'string',
  ],
  [/^(binary|varbinary)(\s*\(\s*\d+\s*\))?$/, 'binary'],
  [/^date$/, 'date'],
  [
    /^(datetime|timestamp|timestamp_ntz|timestamp_ltz|timestamp_tz|timestampntz|timestampltz|timestamptz)(\s*\(\s*\d\s*\))?$/,
    'timestamp',
  ],
  [/^time(\s*\(\s*\d\s*\))?$/, 'time'],
  [/^(variant|json)$/, 'json'],
  // OBJECT is semi-structured JSON unless typed (structured OBJECT(a INT, ...)); either way a record.
  [/^(object|map)(\s*\(.*\))?$/, 'struct'],
  [/^(array|vector)(\s*\(.*\))?$/, 'array'],
  [/^(geography|geometry)$/, 'geography'],
];

/** Canonical type of a Snowflake native type name (case-insensitive); 'unknown' when unrecognised. */
export function mapSnowflakeType(nativeType: string | null | undefined): CanonicalType {
  return mapWithRules(RULES, nativeType);
}
