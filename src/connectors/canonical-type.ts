/**
 * The canonical type union every engine's native column types map onto. Profiling, generation and
 * the metric compiler reason about these, never about engine-specific type names.
 */
export const CANONICAL_TYPES = [
  'integer',
  'decimal',
  'float',
  'boolean',
  'string',
  'date',
  'timestamp',
  'time',
  'interval',
  'json',
  'uuid',
  'binary',
  'array',
  'struct',
  'geography',
  'unknown',
] as const;

export type CanonicalType = (typeof CANONICAL_TYPES)[number];

const NUMERIC: ReadonlySet<CanonicalType> = new Set(['integer', 'decimal', 'float']);
const TEMPORAL: ReadonlySet<CanonicalType> = new Set(['date', 'timestamp', 'time']);

export function isNumericType(type: CanonicalType): boolean {
  return NUMERIC.has(type);
}

export function isTemporalType(type: CanonicalType): boolean {
  return TEMPORAL.has(type);
}

/** One row of a table-driven type mapping: a pattern over the lower-cased native type name. */
export type TypeRule = readonly [pattern: RegExp, type: CanonicalType];

/**
 * Maps a native type with the first matching rule. Input is trimmed and lower-cased; anything
 * unmatched (or empty/malformed) maps to 'unknown' rather than throwing.
 */
export function mapWithRules(rules: readonly TypeRule[], nativeType: string | null | undefined): CanonicalType {
  const normalized = (nativeType ?? '').trim().toLowerCase();
  if (!normalized) return 'unknown';
  for (const [pattern, type] of rules) if (pattern.test(normalized)) return type;
  return 'unknown';
}
