import { mapWithRules, type CanonicalType, type TypeRule } from '../canonical-type.js';

/**
 * PostgreSQL types as `format_type()` / information_schema spell them (`character varying(255)`,
 * `timestamp(3) with time zone`, `integer[]`), plus the internal short names (`int4`, `timestamptz`,
 * `_int4`) drivers and pg_type report. Arrays are checked first so `integer[]` is an array, not an integer.
 * https://www.postgresql.org/docs/current/datatype.html
 */
const RULES: readonly TypeRule[] = [
  [/\[\s*\d*\s*\]$|^array$|^_[a-z]/, 'array'],
  [/^(smallint|integer|bigint|int|int2|int4|int8|smallserial|serial|bigserial|serial2|serial4|serial8)$/, 'integer'],
  [/^(numeric|decimal)(\s*\(\s*\d+\s*(,\s*-?\d+\s*)?\))?$/, 'decimal'],
  [/^money$/, 'decimal'],
  [/^(real|double precision|float4|float8|float(\s*\(\s*\d+\s*\))?)$/, 'float'],
  [/^bool(ean)?$/, 'boolean'],
  [/^date$/, 'date'],
  [/^(timestamp(\s*\(\s*\d\s*\))?( with(out)? time zone)?|timestamptz)$/, 'timestamp'],
  [/^(time(\s*\(\s*\d\s*\))?( with(out)? time zone)?|timetz)$/, 'time'],
  [/^interval\b/, 'interval'],
  [/^jsonb?$/, 'json'],
  [/^uuid$/, 'uuid'],
  [/^bytea$/, 'binary'],
  [/^(point|line|lseg|box|path|polygon|circle|geometry|geography)(\s*\(.*\))?$/, 'geography'],
  [
    /^(text|citext|name|bpchar|"char"|char|character|varchar|character varying|bit|bit varying|varbit|xml|inet|cidr|macaddr8?)(\s*\(\s*\d+\s*\))?$/,
    'string',
  ],
  // information_schema's data_type for enums and other user-defined types.
  [/^user-defined$/, 'string'],
];

/** Maps a PostgreSQL native type name to the canonical type ('unknown' when unmatched or empty). */
export function mapPostgresType(nativeType: string | null | undefined): CanonicalType {
  return mapWithRules(RULES, nativeType);
}

/** What the catalog says about a column's type beyond its formatted name. */
export interface PgTypeFacts {
  /** `format_type(atttypid, atttypmod)`. */
  formatted: string;
  /** `pg_type.typtype`: b base, c composite, d domain, e enum, p pseudo, r range, m multirange. */
  typtype?: string;
  /** For a domain, `format_type` of its base type. */
  baseType?: string | null;
}

/**
 * Canonical type of a catalog column: enums read as strings, domains as their base type (strings when
 * the base is unknown too), composite types as structs.
 */
export function mapPostgresColumnType(facts: PgTypeFacts): CanonicalType {
  if (facts.typtype === 'e') return 'string';
  if (facts.typtype === 'c') return 'struct';
  if (facts.typtype === 'd') {
    const base = mapPostgresType(facts.baseType);
    return base === 'unknown' ? 'string' : base;
  }
  return mapPostgresType(facts.formatted);
}
