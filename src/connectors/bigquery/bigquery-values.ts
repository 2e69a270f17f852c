/**
 * Decoding of the REST API's row format (`{f: [{v}]}`, every scalar a string) into plain JSON-safe
 * values. Done here rather than by the SDK's parser, which returns wrapper objects (Big,
 * BigQueryTimestamp, BigQueryInt) that neither print nor serialize as users expect.
 */

/** The parts of a REST `TableFieldSchema` needed to decode a value. */
export interface RowField {
  name: string;
  type?: string;
  mode?: string;
  fields?: RowField[];
}

/** One REST row: a list of cells. */
export interface RestRow {
  f?: { v?: unknown }[];
}

/** Decodes one row into an object keyed by field name. */
export function decodeRow(fields: readonly RowField[], row: RestRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const cells = row.f ?? [];
  fields.forEach((field, i) => {
    out[field.name] = decodeField(field, cells[i]?.v);
  });
  return out;
}

/** One row's values in column order (what QueryResult.rows holds). */
export function decodeRowValues(fields: readonly RowField[], row: RestRow): unknown[] {
  const cells = row.f ?? [];
  return fields.map((field, i) => decodeField(field, cells[i]?.v));
}

function decodeField(field: RowField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if ((field.mode ?? '').toUpperCase() === 'REPEATED') {
    return Array.isArray(value) ? value.map((cell: { v?: unknown }) => decodeScalar(field, cell?.v)) : [];
  }
  return decodeScalar(field, value);
}

function decodeScalar(field: RowField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch ((field.type ?? '').toUpperCase()) {
    case 'INTEGER':
    case 'INT64': {
      // Integers past 2^53 stay strings rather than silently losing digits.
      const n = Number(value);
      return Number.isSafeInteger(n) ? n : String(value);
    }
    case 'FLOAT':
    case 'FLOAT64':
      return Number(value);
    case 'BOOLEAN':
    case 'BOOL':
      return String(value).toLowerCase() === 'true';
    case 'BYTES':
      return Buffer.from(String(value), 'base64');
    case 'TIMESTAMP':
      return decodeTimestamp(String(value));
    case 'RECORD':
    case 'STRUCT':
      return typeof value === 'object' ? decodeRow(field.fields ?? [], value as RestRow) : value;
    default:
      // NUMERIC/BIGNUMERIC stay strings (exact); DATE, DATETIME, TIME, JSON, GEOGRAPHY, INTERVAL are already text.
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

/**
 * TIMESTAMP cells are microseconds since the epoch when `formatOptions.useInt64Timestamp` is set
 * (the SDK sets it), otherwise float seconds. Returns an ISO string with microseconds when present.
 */
export function decodeTimestamp(value: string): string {
  if (/^-?\d+$/.test(value)) {
    const micros = BigInt(value);
    const millis = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n);
    const extra = Number(micros - millis * 1000n);
    const iso = new Date(Number(millis)).toISOString();
    return extra === 0 ? iso : iso.replace(/Z$/, `${String(extra).padStart(3, '0')}Z`);
  }
  const seconds = Number(value);
  return Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : value;
}

/**
 * Explicit parameter types, needed only when a value is null: the SDK cannot infer a type from null
 * and GoogleSQL needs one. Null parameters are sent as STRING (GoogleSQL coerces NULL freely).
 */
export function parameterTypes(params: readonly unknown[]): string[] | undefined {
  if (!params.some((p) => p === null || p === undefined)) return undefined;
  return params.map((p) => {
    if (typeof p === 'number') return Number.isInteger(p) ? 'INT64' : 'FLOAT64';
    if (typeof p === 'bigint') return 'INT64';
    if (typeof p === 'boolean') return 'BOOL';
    if (p instanceof Date) return 'TIMESTAMP';
    if (Buffer.isBuffer(p)) return 'BYTES';
    return 'STRING';
  });
}
