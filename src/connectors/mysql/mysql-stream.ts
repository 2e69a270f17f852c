import type { FieldPacket, PoolConnection, QueryValues } from 'mysql2';
import { QueryError } from '../../errors.js';
import type { ResultColumn } from '../connector.js';
import { ResultCollector } from '../result-collector.js';
import { isFatal, isInterruption, queryFailure } from './mysql-errors.js';
import { mysqlWireTypeName } from './type-mapping.js';

export interface StreamRequest {
  sql: string;
  params: readonly unknown[];
  maxRows: number;
  maxBytes: number;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  /** Redacted from driver messages. */
  password: string | undefined;
  /** Sends KILL QUERY for a thread id from another connection; never rejects. */
  killQuery(threadId: number): Promise<void>;
}

export interface StreamOutcome {
  columns: ResultColumn[];
  /** Rows kept under the caps, and which cap (if any) stopped the result. */
  collector: ResultCollector;
  error?: Error;
  /** False when the connection was destroyed or broke and must not go back to the pool. */
  reusable: boolean;
}

/** The client-side timer fires this long after the server's own timeout, whose error is more precise. */
const CLIENT_TIMER_GRACE_MS = 250;
/**
 * Past the row cap, rows already in flight are read and dropped; a result that keeps coming for
 * this many more rows, or this long, is stopped with KILL QUERY. Small results end on their own.
 */
const DISCARD_BEFORE_KILL_ROWS = 1000;
const DISCARD_BEFORE_KILL_MS = 50;
/** A statement told to stop that has not ended by then has its connection destroyed. */
const STOP_DEADLINE_MS = 3_000;

const timedOut = (timeoutMs: number): QueryError =>
  new QueryError(`Query timed out after ${timeoutMs} ms and was cancelled.`, {
    hint: 'Narrow the question or raise the timeout.',
  });

/**
 * Runs one statement on `conn` with mysql2's row events, keeping at most `maxRows` rows of the
 * first result set. Always resolves; a failure comes back in `error`. The statement is stopped
 * (KILL QUERY, then the connection is destroyed if it still runs) on timeout, abort or once the
 * rest of a capped result would take long to drain.
 */
export function streamRows(conn: PoolConnection, request: StreamRequest): Promise<StreamOutcome> {
  const { timeoutMs, signal } = request;
  return new Promise<StreamOutcome>((resolve) => {
    const collector = new ResultCollector(request.maxRows, request.maxBytes);
    let columns: ResultColumn[] = [];
    let sawFields = false;
    let isRowResult = false;
    let truncated = false;
    let discarded = 0;
    let failure: unknown;
    let cancelled: QueryError | undefined;
    let stopping: Promise<void> | undefined;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const started = performance.now();

    const settle = (destroyed: boolean): void => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      let error: Error | undefined;
      if (cancelled) error = cancelled;
      // Past the row cap we stopped the statement ourselves; its interruption is expected.
      else if (failure !== undefined && !(truncated && (isInterruption(failure) || destroyed)))
        error = queryFailure(failure, request.password);
      // An interrupted SLEEP() or BENCHMARK() returns a value instead of failing (MySQL's SLEEP
      // returns 1, MariaDB's BENCHMARK 0): a statement that outlived its timeout did not succeed.
      else if (failure === undefined && !truncated && performance.now() - started >= timeoutMs)
        error = timedOut(timeoutMs);
      resolve({ columns, collector, error, reusable: !destroyed && !isFatal(failure) });
    };
    // Pause reading while the KILL travels (parsing rows we would drop only slows it down), and give
    // the connection back only after the KILL completed, so it can never hit the next statement.
    const stop = (): void => {
      if (stopping || settled) return;
      conn.pause();
      stopping = request.killQuery(conn.threadId).finally(() => conn.resume());
      timers.push(
        setTimeout(() => {
          conn.destroy();
          settle(true);
        }, STOP_DEADLINE_MS),
      );
    };
    const cancel = (reason: QueryError): void => {
      if (settled || cancelled) return;
      cancelled = reason;
      stop();
    };
    const onAbort = (): void => cancel(new QueryError('Query cancelled.'));

    if (signal?.aborted) {
      cancelled = new QueryError('Query cancelled.');
      return settle(false);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    timers.push(setTimeout(() => cancel(timedOut(timeoutMs)), timeoutMs + CLIENT_TIMER_GRACE_MS));

    // Rows as arrays: objects keyed by name would collapse duplicate column names.
    const query = conn.query({ sql: request.sql, values: request.params as QueryValues, rowsAsArray: true });
    query.on('fields', (fields: FieldPacket[] | undefined) => {
      // Only the first result set counts; `undefined` fields mean it carried no rows (an OK packet).
      if (sawFields) return;
      sawFields = true;
      if (!fields) return;
      isRowResult = true;
      columns = fields.map(toResultColumn);
    });
    query.on('result', (row: unknown[], index: number | undefined) => {
      if (!isRowResult || (index ?? 0) !== 0) return;
      if (!truncated && collector.add(row)) return;
      if (!truncated) {
        truncated = true;
        timers.push(setTimeout(stop, DISCARD_BEFORE_KILL_MS));
      }
      if (++discarded === DISCARD_BEFORE_KILL_ROWS) stop();
    });
    query.on('error', (error: Error) => {
      failure ??= error;
    });
    query.on('end', () => {
      void (stopping ?? Promise.resolve()).then(() => settle(false));
    });
  });
}

function toResultColumn(field: FieldPacket): ResultColumn {
  // MariaDB 10.5+ reports JSON and its own types (uuid, inet6) in extended metadata.
  const type =
    field.extendedFormat ??
    field.extendedTypeName ??
    mysqlWireTypeName(field.columnType ?? field.type ?? -1, field.characterSet);
  return type ? { name: field.name, type } : { name: field.name };
}
