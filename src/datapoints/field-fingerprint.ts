import { createHash } from 'node:crypto';

/** Hex characters kept of a SHA-256: 32 bits, plenty to tell a person's edit from the generator's value. */
const FINGERPRINT_LENGTH = 8;

/** Absent, empty text and empty lists are the same thing: serialization drops all three. */
export function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** JSON with sorted keys and empty values dropped, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => !isEmptyValue(v))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, canonical(v)] as const);
    return Object.fromEntries(entries);
  }
  return value;
}

/** Short hash of a value; undefined for an empty value (nothing to own). */
export function fingerprint(value: unknown): string | undefined {
  if (isEmptyValue(value)) return undefined;
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, FINGERPRINT_LENGTH);
}

/** Fingerprint of each element of a list, in order. */
export function elementFingerprints(values: readonly unknown[]): string[] {
  return values.map((v) => fingerprint(v) ?? '0'.repeat(FINGERPRINT_LENGTH));
}

/** A list's fingerprint as written in the `generated:` block: element hashes joined by spaces. */
export function listFingerprint(values: readonly unknown[] | undefined): string | undefined {
  return values?.length ? elementFingerprints(values).join(' ') : undefined;
}

/** Same values in the same order. */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a ?? null) === canonicalJson(b ?? null) || (isEmptyValue(a) && isEmptyValue(b));
}
