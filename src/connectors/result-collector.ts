import type { QueryResult, ResultCap, ResultColumn } from './connector.js';
import { presentValue, valueBytes } from './result-values.js';

/**
 * Collects the rows of one result while it streams, under the row cap and the byte budget: `add`
 * says when to stop fetching. Values are presented (blobs described, long strings cut) as they
 * arrive, so the raw values are dropped at once.
 */
export class ResultCollector {
  readonly rows: unknown[][] = [];
  bytes = 0;
  truncatedBy: ResultCap | undefined;

  constructor(
    readonly maxRows: number,
    readonly maxBytes: number,
  ) {}

  /** Whether the caps allow another row (false once a cap was hit). */
  get open(): boolean {
    return this.truncatedBy === undefined;
  }

  /**
   * Offers one row (values in column order). Returns false when fetching should stop: the row cap
   * was already reached (the row is dropped and proves there were more), or the byte budget is spent
   * (a row that overflows it is dropped, except the first, which is always kept).
   */
  add(row: readonly unknown[]): boolean {
    if (!this.open) return false;
    if (this.rows.length >= this.maxRows) {
      this.truncatedBy = 'rows';
      return false;
    }
    let size = 0;
    for (const value of row) size += valueBytes(value);
    if (this.bytes + size > this.maxBytes && this.rows.length > 0) {
      this.truncatedBy = 'bytes';
      return false;
    }
    this.bytes += size;
    this.rows.push(row.map(presentValue));
    if (this.bytes >= this.maxBytes) {
      this.truncatedBy = 'bytes';
      return false;
    }
    return true;
  }

  /** Marks the result truncated by the row cap without a row in hand (the engine said more rows exist). */
  moreRows(): void {
    this.truncatedBy ??= 'rows';
  }

  /** Bytes left in the budget (for sizing the next fetch). */
  get bytesLeft(): number {
    return Math.max(0, this.maxBytes - this.bytes);
  }

  result(columns: ResultColumn[], started: number): QueryResult {
    const truncated = this.truncatedBy !== undefined;
    return {
      columns,
      rows: this.rows,
      rowCount: this.rows.length,
      truncated,
      ...(truncated ? { truncatedBy: this.truncatedBy } : {}),
      bytes: this.bytes,
      elapsedMs: performance.now() - started,
    };
  }
}
