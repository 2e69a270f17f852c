import { mapWithRules, type CanonicalType, type TypeRule } from '../canonical-type.js';

/**
 * Removes the `Nullable(...)`, `LowCardinality(...)` and `SimpleAggregateFunction(f, ...)` wrappers,
 * in any nesting order, so `LowCardinality(Nullable(String))` becomes `String`. A wrapper whose
 * parentheses do not balance is left as is (and then maps to 'unknown').
 */
export function unwrapClickhouseType(nativeType: string): string {
  let current = nativeType.trim();
  for (;;) {
    const simple = /^(nullable|lowcardinality)\((.*)\)$/is.exec(current);
    const aggregate = /^simpleaggregatefunction\(\s*[\w]+\s*,(.*)\)$/is.exec(current);
    const inner = simple?.[2] ?? aggregate?.[1];
    if (inner === undefined || !balanced(inner)) return current;
    current = inner.trim();
  }
}

/** True when the type is `Nullable(...)`, possibly inside `LowCardinality(...)`. */
export function isNullableClickhouseType(nativeType: string): boolean {
  let current = nativeType.trim();
  for (;;) {
    if (/^nullable\(.*\)$/is.test(current)) return true;
    const low = /^lowcardinality\((.*)\)$/is.exec(current);
    if (!low) return false;
    current = low[1]!.trim();
  }
}

/** Parentheses balance outside quoted enum labels and timezone names (`Enum8('x(' = 1)`). */
function balanced(text: string): boolean {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === "'") quoted = false;
    } else if (ch === "'") quoted = true;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0 && !quoted;
}

/**
 * ClickHouse type names (https://clickhouse.com/docs/en/sql-reference/data-types), matched after the
 * wrappers are removed. ClickHouse 18.x has no `Bool`: booleans there are `UInt8`, which stays
 * 'integer' because nothing in the catalog says a UInt8 holds only 0/1.
 */
const RULES: readonly TypeRule[] = [
  [/^bool(ean)?$/, 'boolean'],
  [/^u?int(8|16|32|64|128|256)$/, 'integer'],
  [/^float(32|64)$/, 'float'],
  [/^decimal(32|64|128|256)?\(\s*\d+\s*(,\s*\d+\s*)?\)$/, 'decimal'],
  [/^(string|fixedstring\(\s*\d+\s*\))$/, 'string'],
  [/^uuid$/, 'uuid'],
  [/^date(32)?$/, 'date'],
  [/^datetime(\(\s*'[^']*'\s*\))?$/, 'timestamp'],
  [/^datetime64\(\s*\d+\s*(,\s*'[^']*'\s*)?\)$/, 'timestamp'],
  [/^enum(8|16)?\(.*\)$/s, 'string'],
  [/^ipv[46]$/, 'string'],
  [/^array\(.+\)$/s, 'array'],
  [/^(tuple|map|nested)\(.+\)$/s, 'struct'],
  [/^(json|object\(\s*'json'\s*\))$/, 'json'],
  [/^interval(nanosecond|microsecond|millisecond|second|minute|hour|day|week|month|quarter|year)$/, 'interval'],
  [/^(point|ring|linestring|multilinestring|polygon|multipolygon)$/, 'geography'],
];

/** Maps a ClickHouse column type (as `system.columns.type` spells it) to the canonical union. */
export function mapClickhouseType(nativeType: string | null | undefined): CanonicalType {
  if (nativeType === null || nativeType === undefined) return 'unknown';
  // Unbalanced parentheses ("Array(String", "Int32)") are malformed, whatever the prefix says.
  if (!balanced(nativeType)) return 'unknown';
  return mapWithRules(RULES, unwrapClickhouseType(nativeType));
}
