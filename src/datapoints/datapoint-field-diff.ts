import type { DataPoint } from './datapoint-model.js';

/** One field whose value differs; `before`/`after` are undefined when the field is absent on that side. */
export interface FieldChange {
  /** Dotted path as in messages elsewhere: `columns[3].stats.distinct_count`. */
  path: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Field-level differences between two DataPoints (or any plain values), as dotted paths. Absent,
 * undefined, empty strings and empty lists are the same thing (they serialize alike), so only changes
 * that would show in the YAML are listed. Objects are compared key by key, lists of objects element
 * by element (`columns[3].name`), and lists of plain values as a whole (`synonyms`), which reads better
 * than per-index noise when a value is inserted. `status` is ignored: pending vs approved is not a change; so is
 * the `generated:` fingerprint block, which is bookkeeping about the other fields.
 */
export function diffFields(before: DataPoint | undefined, after: DataPoint | undefined): FieldChange[] {
  const strip = (d: DataPoint | undefined): unknown => {
    if (!d) return undefined;
    const { status: _status, generated: _generated, ...rest } = d;
    return rest;
  };
  const out: FieldChange[] = [];
  walk(normalize(strip(before)), normalize(strip(after)), '', out);
  return out;
}

function walk(a: unknown, b: unknown, path: string, out: FieldChange[]): void {
  if (equal(a, b)) return;
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const key of keys) walk(a[key], b[key], path ? `${path}.${key}` : key, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && (a.some(isObject) || b.some(isObject))) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  out.push({
    path: path || '(root)',
    ...(a === undefined ? {} : { before: a }),
    ...(b === undefined ? {} : { after: b }),
  });
}

/** Drops what serialization drops (undefined, '', []), recursively; keeps key order. */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (isObject(value)) {
    const entries = Object.entries(value)
      .map(([k, v]) => [k, normalize(v)] as const)
      .filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0));
    return Object.fromEntries(entries);
  }
  return value;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => equal(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => equal(a[k], b[k]));
  }
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Characters a value takes in a one-line message before it is cut. */
const FIELD_VALUE_WIDTH = 80;

/** A value for a one-line message: strings quoted, lists and objects as compact JSON, absent as `(none)`. */
export function formatFieldValue(value: unknown, maxLength = FIELD_VALUE_WIDTH): string {
  if (value === undefined) return '(none)';
  const text =
    typeof value === 'number' || typeof value === 'boolean' || value === null ? String(value) : JSON.stringify(value);
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/**
 * `columns[3].stats.distinct_count: 12 → 13`; lists of plain values too long to show whole show the
 * elements added and removed instead (`dimensions: + "orders.channel" - "orders.region"`).
 */
export function formatFieldChange(change: FieldChange): string {
  const { before, after } = change;
  const plain = (v: unknown): boolean => typeof v !== 'object' || v === null;
  const width = (v: unknown): number => (JSON.stringify(v) ?? '').length;
  const long = width(before) > FIELD_VALUE_WIDTH || width(after) > FIELD_VALUE_WIDTH;
  if (long && Array.isArray(before) && Array.isArray(after) && [...before, ...after].every(plain)) {
    const key = (v: unknown) => JSON.stringify(v);
    const had = new Set(before.map(key));
    const has = new Set(after.map(key));
    const added = after.filter((v) => !had.has(key(v))).map((v) => `+ ${formatFieldValue(v)}`);
    const removed = before.filter((v) => !has.has(key(v))).map((v) => `- ${formatFieldValue(v)}`);
    const parts = [...added, ...removed];
    return `${change.path}: ${parts.length ? parts.join(' ') : '(reordered)'}`;
  }
  return `${change.path}: ${formatFieldValue(before)} → ${formatFieldValue(after)}`;
}
