/**
 * How values leave a connector: binary values are never expanded (a 100 MB blob serialised as a
 * JSON array of numbers took gigabytes), and very long strings are cut. The same rules are mirrored
 * in the SQLite child's source (sqlite-child-source.ts), which cannot import this module.
 */

/** Strings longer than this many characters are cut to this prefix plus a marker. */
export const MAX_VALUE_CHARS = 65_536;
/** Bytes of a binary value shown in hex. */
export const BLOB_PREFIX_BYTES = 16;

/** `<blob 100000000 bytes: 00000000…>`: the size and a hex prefix, never the content. */
export function describeBlob(bytes: Uint8Array): string {
  const size = bytes.byteLength;
  if (size === 0) return '<blob 0 bytes>';
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(size, BLOB_PREFIX_BYTES)).toString('hex');
  return `<blob ${size} bytes: ${head}${size > BLOB_PREFIX_BYTES ? '…' : ''}>`;
}

/** The first MAX_VALUE_CHARS characters and `…[cut: N chars]`. */
export function cutString(text: string): string {
  return `${text.slice(0, MAX_VALUE_CHARS)}…[cut: ${text.length} chars]`;
}

/** A value ready to leave the connector (see above); arrays (e.g. PostgreSQL bytea[]) element by element. */
export function presentValue(value: unknown): unknown {
  if (typeof value === 'string') return value.length > MAX_VALUE_CHARS ? cutString(value) : value;
  if (value instanceof Uint8Array) return describeBlob(value);
  if (value instanceof ArrayBuffer) return describeBlob(new Uint8Array(value));
  if (Array.isArray(value)) return value.map(presentValue);
  return value;
}

/**
 * Approximate size of a value as received, counted against the byte budget: string length, byte
 * length, 8 for numbers and dates, the JSON length of objects (PostgreSQL json, ClickHouse maps).
 */
export function valueBytes(value: unknown): number {
  if (value === null || value === undefined) return 1;
  if (typeof value === 'string') return value.length;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return 8;
  if (value instanceof Date) return 8;
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + valueBytes(v), 2);
  try {
    return JSON.stringify(value)?.length ?? 8;
  } catch {
    return 8;
  }
}

/** Largest magnitude a double holds exactly as an integer (2^53 - 1): past it, exact values stay strings. */
const EXACT_LIMIT = Number.MAX_SAFE_INTEGER;

/**
 * Native type names of exact decimals as drivers report them (PostgreSQL `numeric`, MySQL/MariaDB
 * `newdecimal`/`decimal`, ClickHouse `Decimal(p,s)`, Snowflake `NUMBER`/`FIXED`, BigQuery
 * `BIGNUMERIC`). Drivers give these as strings to stay exact; answers want numbers.
 */
const DECIMAL_TYPE = /^(numeric|decimal|newdecimal|number|fixed|bignumeric|bigdecimal)\b/i;

export function isDecimalType(type: string | undefined): boolean {
  return type !== undefined && DECIMAL_TYPE.test(type.trim());
}

/**
 * A decimal's text as a number while its integer part is exact in a double (|value| ≤ 2^53 - 1),
 * else the text unchanged (exactness matters more than the type past that point). Anything that is
 * not a plain decimal (NaN, Infinity, empty) stays as it is.
 */
export function decimalValue(text: string): number | string {
  if (!/^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(text)) return text;
  const n = Number(text);
  return Number.isFinite(n) && Math.abs(n) <= EXACT_LIMIT ? n : text.trim();
}
