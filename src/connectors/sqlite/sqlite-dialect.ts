import { DialectBase } from '../dialect-base.js';
import type { TimeGrain } from '../dialect.js';

const GRAIN_FORMATS: Record<Exclude<TimeGrain, 'week' | 'quarter'>, string> = {
  day: '%Y-%m-%d',
  month: '%Y-%m-01',
  year: '%Y-01-01',
};

export class SqliteDialect extends DialectBase {
  readonly engine = 'sqlite' as const;
  readonly parserDatabase = 'Sqlite';

  /** SQLite has no TABLESAMPLE: a bounded random sample over rowids reads the table once. */
  override sampleSource(qualifiedTable: string, rows: number, totalRows: number): string | undefined {
    if (totalRows <= rows) return undefined;
    return `(SELECT * FROM ${qualifiedTable} WHERE rowid IN (SELECT rowid FROM ${qualifiedTable} ORDER BY random() LIMIT ${Math.floor(rows)}))`;
  }

  override dateTrunc(grain: TimeGrain, expression: string): string {
    if (grain === 'week') return `date(${expression}, 'weekday 0', '-6 days')`;
    if (grain === 'quarter') {
      return `printf('%04d-%02d-01', CAST(strftime('%Y', ${expression}) AS INTEGER), ((CAST(strftime('%m', ${expression}) AS INTEGER) - 1) / 3) * 3 + 1)`;
    }
    return `strftime('${GRAIN_FORMATS[grain]}', ${expression})`;
  }

  override now(): string {
    return "datetime('now')";
  }

  override daysAgo(days: number): string {
    return `datetime('now', '-${Math.floor(days)} days')`;
  }

  override castToText(expression: string): string {
    return `CAST(${expression} AS TEXT)`;
  }
}

export const sqliteDialect = new SqliteDialect();
