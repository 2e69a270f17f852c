import { DialectBase } from '../dialect-base.js';
import { ANSI_LEX_PROFILE } from '../lex-profile.js';
import { SQLITE_FUNCTIONS } from './sqlite-functions.js';
import type { TimeGrain } from '../dialect.js';

const GRAIN_FORMATS: Record<Exclude<TimeGrain, 'week' | 'quarter'>, string> = {
  day: '%Y-%m-%d',
  month: '%Y-%m-01',
  year: '%Y-01-01',
};

export class SqliteDialect extends DialectBase {
  readonly engine = 'sqlite' as const;
  readonly name = 'SQLite';
  readonly parserDatabase = 'Sqlite';
  /** node-sql-parser 5.4's SQLite grammar lacks INTERSECT/EXCEPT and window frames. */
  override readonly parserFallbacks = ['PostgresQL'];
  override readonly lexProfile = { ...ANSI_LEX_PROFILE, backtick: true, brackets: true };
  readonly functions = SQLITE_FUNCTIONS;
  /** SQLite's min/max optimization reads one end of the index (or of the rowid B-tree). */
  override readonly indexedMinMax = true;
  /**
   * SQLite has window functions, but over a `(SELECT ... LIMIT n)` source (the sample) it applies the LIMIT
   * after the window's partition sort (seen on 3.40): `COUNT(x) OVER (PARTITION BY x)` then sees the first n
   * rows in x order. The profiler falls back to one GROUP BY per column, which is correct.
   */
  override readonly supportsWindowFunctions = false;

  /**
   * SQLite has no TABLESAMPLE: a systematic sample (every k-th rowid) spreads over the whole table
   * and, unlike ORDER BY random(), gives the same rows every run, so regenerated DataPoints are stable.
   */
  override sampleSource(qualifiedTable: string, rows: number, totalRows: number): string | undefined {
    if (totalRows <= rows) return undefined;
    const step = Math.max(1, Math.floor(totalRows / rows));
    return `(SELECT * FROM ${qualifiedTable} WHERE rowid % ${step} = 0 LIMIT ${Math.floor(rows)})`;
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
