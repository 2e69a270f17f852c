import { createRequire } from 'node:module';
import type { Bind } from 'snowflake-sdk';
import { QueryError } from '../../errors.js';

/**
 * Statement type ids Snowflake reports for a statement (`statementTypeId`; the ranges follow
 * SFStatementType in snowflake-jdbc). Only the SELECT range (0x1000–0x1FFF) may run.
 */
const TYPE_RANGES: readonly [from: number, to: number, label: string][] = [
  [0x1000, 0x2000, 'a SELECT'],
  [0x3100, 0x3200, 'an INSERT (DML)'],
  [0x3200, 0x3300, 'an UPDATE (DML)'],
  [0x3300, 0x3400, 'a DELETE (DML)'],
  [0x3400, 0x3500, 'a MERGE (DML)'],
  [0x3000, 0x4000, 'a DML statement'],
  [0x4000, 0x5000, 'a session/system command (ALTER SESSION, USE, SHOW, DESCRIBE...)'],
  [0x5000, 0x6000, 'a transaction command'],
  [0x6000, 0x7000, 'a DDL statement'],
  [0x7000, 0x8000, 'a file transfer (PUT/GET)'],
];

export function isSelectStatementType(type: number): boolean {
  return type >= 0x1000 && type < 0x2000;
}

/** Human label with the hex id, e.g. `a DELETE (DML) (statement type 0x3300)`. */
export function statementTypeLabel(type: number | undefined): string {
  if (type === undefined) return 'an unknown statement type (none reported)';
  const label = TYPE_RANGES.find(([from, to]) => type >= from && type < to)?.[2] ?? 'an unrecognised statement';
  return `${label} (statement type 0x${type.toString(16)})`;
}

const TYPE_OF_COLUMNS = new WeakMap<object, number>();
const PATCHED = Symbol.for('datachat.snowflake.statementTypeId');

/**
 * snowflake-sdk keeps the `statementTypeId` of each result on its Result object (`_statementTypeId`,
 * used for its own DML row counts) but has no public getter. The one public path to a Result is
 * `statement.getColumns()`, which returns the Result's column array; this wraps Result#getColumns to
 * remember the type id of the array it returns, so `statementTypeOf(statement)` can read it.
 * The wrapper returns exactly what the original returns. If the SDK's internals move, the type stays
 * unknown and every statement is refused (fails closed; the connector tests catch it).
 */
export function exposeStatementTypes(): void {
  try {
    const Result = createRequire(import.meta.url)('snowflake-sdk/dist/lib/connection/result/result.js') as {
      prototype: Record<PropertyKey, unknown>;
    };
    const proto = Result.prototype;
    if (proto[PATCHED] || typeof proto.getColumns !== 'function') return;
    const original = proto.getColumns as (this: { _statementTypeId?: unknown }) => unknown;
    proto.getColumns = function (this: { _statementTypeId?: unknown }) {
      const columns = original.call(this);
      if (columns && typeof columns === 'object' && typeof this._statementTypeId === 'number')
        TYPE_OF_COLUMNS.set(columns, this._statementTypeId);
      return columns;
    };
    proto[PATCHED] = true;
  } catch {
    // Leaves statement types unknown: execute() then refuses everything rather than run unchecked.
  }
}

/** The statement type id Snowflake reported for a finished (e.g. describe-only) statement, if known. */
export function statementTypeOf(statement: { getColumns(): unknown }): number | undefined {
  const columns = statement.getColumns();
  return columns && typeof columns === 'object' ? TYPE_OF_COLUMNS.get(columns) : undefined;
}

/** Converts bound parameters to what the SDK sends as typed string binds. */
export function toBinds(params: readonly unknown[] | undefined): Bind[] {
  return (params ?? []).map((value): Bind => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
    if (typeof value === 'bigint') return value.toString();
    if (value instanceof Date) return value.toISOString();
    if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
    return JSON.stringify(value);
  });
}

/**
 * The SDK returns SfDate objects (Dates with formatting helpers) for DATE/TIMESTAMP columns and
 * SfTime objects for TIME; rows leave the connector with plain Dates and TIME as its text.
 */
export function toRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = toValue(value);
  return out;
}

/** The same for a row fetched with `rowMode: 'array'` (values in column order). */
export function toRowValues(row: readonly unknown[]): unknown[] {
  return row.map(toValue);
}

function toValue(value: unknown): unknown {
  if (value instanceof Date) return new Date(value.getTime());
  if (
    value &&
    typeof value === 'object' &&
    typeof (value as { getMidnightSeconds?: unknown }).getMidnightSeconds === 'function'
  ) {
    return String((value as { toJSON(): unknown }).toJSON());
  }
  return value;
}

export interface Settle<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
  readonly settled: boolean;
  /** Runs once when the call settles, however it settles (used to destroy row streams). */
  onSettled(fn: () => void): void;
}

export interface CancelControl {
  /** Epoch ms by which the whole execute() must finish. */
  deadline: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Runs one SDK statement under the caller's deadline and abort signal. On timeout or abort it
 * rejects at once and asks Snowflake to cancel the statement (`statement.cancel()` → abort-request),
 * so nothing keeps running on the warehouse.
 */
export function cancellable<T>(
  control: CancelControl,
  start: (settle: Settle<T>) => { cancel(callback?: (err: unknown) => void): void },
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let statement: { cancel(callback?: (err: unknown) => void): void } | undefined;
    const cleanups: (() => void)[] = [];
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      control.signal?.removeEventListener('abort', onAbort);
      for (const cleanup of cleanups) cleanup();
      fn();
    };
    const cancel = (error: QueryError): void => {
      finish(() => reject(error));
      try {
        statement?.cancel(() => undefined);
      } catch {
        // Nothing left to cancel (the statement finished in between).
      }
    };
    const onAbort = (): void => cancel(new QueryError('Query cancelled.'));
    const timer = setTimeout(
      () =>
        cancel(
          new QueryError(`Query timed out after ${control.timeoutMs} ms and was cancelled.`, {
            hint: 'Narrow the question or raise the timeout.',
          }),
        ),
      Math.max(0, control.deadline - Date.now()),
    );
    control.signal?.addEventListener('abort', onAbort, { once: true });
    const settle: Settle<T> = {
      resolve: (value) => finish(() => resolve(value)),
      reject: (error) => finish(() => reject(error)),
      get settled() {
        return settled;
      },
      onSettled: (fn) => {
        if (settled) fn();
        else cleanups.push(fn);
      },
    };
    try {
      statement = start(settle);
    } catch (error) {
      settle.reject(error);
    }
  });
}
