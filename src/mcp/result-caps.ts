import type { ResultCap } from '../connectors/connector.js';

/**
 * Rows one tool result hands an assistant: its context window is the scarce resource, and a
 * question needing more rows than this wants an aggregate, not a dump. The project's own
 * `defaults.max_rows` applies too when it is lower.
 */
export const MCP_MAX_ROWS = 200;

/**
 * Bytes of row data (as JSON) in one tool result: 256 KiB, about 64K tokens. The project's
 * `defaults.max_result_bytes` applies too when it is lower.
 */
export const MCP_MAX_BYTES = 256 * 1024;

/** Row and byte caps of a tool result, the lower of the MCP caps and the project's defaults. */
export interface ResultLimits {
  maxRows: number;
  maxBytes: number;
}

export function resultLimits(defaults: { max_rows: number; max_result_bytes: number }): ResultLimits {
  return {
    maxRows: Math.min(MCP_MAX_ROWS, defaults.max_rows),
    maxBytes: Math.min(MCP_MAX_BYTES, defaults.max_result_bytes),
  };
}

export interface CappedRows<T> {
  data: T[];
  /** Which cap cut the rows; absent when every row fits. */
  truncatedBy?: ResultCap;
}

/** The leading rows that fit both caps (a row's size is its JSON); a row is never cut in half. */
export function capRows<T>(rows: readonly T[], limits: ResultLimits): CappedRows<T> {
  let bytes = 2; // the brackets of the array
  const kept: T[] = [];
  for (const row of rows) {
    if (kept.length >= limits.maxRows) return { data: kept, truncatedBy: 'rows' };
    const size = Buffer.byteLength(jsonText(row)) + 1;
    if (bytes + size > limits.maxBytes) return { data: kept, truncatedBy: 'bytes' };
    bytes += size;
    kept.push(row);
  }
  return { data: kept };
}

/** JSON of a value as tool results carry it: a bigint (a driver's big integer) as a number when exact, else text. */
export function jsonText(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v !== 'bigint') return v;
      return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
    }) ?? 'null'
  );
}

/** A value made plain JSON data (bigints, Dates, Buffers as JSON.stringify writes them). */
export function plainJson<T>(value: T): T {
  return JSON.parse(jsonText(value)) as T;
}
