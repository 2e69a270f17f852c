import { mapWithRules, type CanonicalType, type TypeRule } from '../canonical-type.js';

/**
 * SQLite declared types follow the affinity rules of https://www.sqlite.org/datatype3.html §3.1,
 * refined with the common names people declare (DATE, TIMESTAMP, BOOLEAN, JSON, UUID).
 */
const RULES: readonly TypeRule[] = [
  [/^bool/, 'boolean'],
  [/^(date)$/, 'date'],
  [/datetime|timestamp/, 'timestamp'],
  [/^time$/, 'time'],
  [/^json/, 'json'],
  [/^uuid/, 'uuid'],
  [/int/, 'integer'],
  [/^(decimal|numeric)\s*\(\s*\d+\s*,\s*[1-9]/, 'decimal'],
  [/^(decimal|numeric|money)/, 'decimal'],
  [/real|floa|doub/, 'float'],
  [/char|clob|text|string/, 'string'],
  [/blob|binary/, 'binary'],
];

export function mapSqliteType(nativeType: string | null | undefined): CanonicalType {
  return mapWithRules(RULES, nativeType);
}
