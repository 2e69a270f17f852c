import { DialectBase } from '../dialect-base.js';
import { ANSI_LEX_PROFILE } from '../lex-profile.js';
import { MYSQL_FUNCTIONS } from './mysql-functions.js';
import type { TimeGrain } from '../dialect.js';

/** The two servers that speak the MySQL protocol; they differ in a few functions and system variables. */
export type MysqlFlavour = 'mysql' | 'mariadb';

/**
 * MySQL and MariaDB: backtick identifiers, `?` placeholders, backslash escapes in string literals,
 * no TABLESAMPLE. Every `dateTrunc` grain yields a DATE.
 */
export class MysqlDialect extends DialectBase {
  readonly engine = 'mysql' as const;
  readonly name = 'MySQL';
  /** node-sql-parser's name for the flavour; 'MySQL' unless the connection is known to be MariaDB. */
  readonly parserDatabase: 'MySQL' | 'MariaDB';
  /** node-sql-parser 5.4's MariaDB grammar lacks `NOT IN (...)`. */
  override readonly parserFallbacks = ['MySQL'];
  override readonly lexProfile = {
    ...ANSI_LEX_PROFILE,
    backslashEscapes: true,
    backslashSetting: true,
    doubleQuote: 'string' as const,
    backtick: true,
    hashComment: 'always' as const,
    dashDashNeedsSpace: true,
    executableComments: true,
  };
  readonly functions = MYSQL_FUNCTIONS;
  /** InnoDB/MariaDB answer MIN/MAX of a leading index column from the index ("Select tables optimized away"). */
  override readonly indexedMinMax = true;

  constructor(flavour: MysqlFlavour = 'mysql') {
    super();
    this.parserDatabase = flavour === 'mariadb' ? 'MariaDB' : 'MySQL';
  }

  override quoteIdentifier(identifier: string): string {
    return `\`${identifier.replace(/`/g, '``')}\``;
  }

  /**
   * Doubles quotes and escapes backslashes (and NUL, newlines, Ctrl-Z, the characters
   * mysql_real_escape_string escapes): with the default sql_mode a backslash starts an escape
   * sequence, so `'a\'` would leave the literal open.
   */
  override stringLiteral(value: string): string {
    const escaped = value.replace(/[\\'\0\n\r\x1a]/g, (c) => {
      switch (c) {
        case '\\':
          return '\\\\';
        case "'":
          return "''";
        case '\0':
          return '\\0';
        case '\n':
          return '\\n';
        case '\r':
          return '\\r';
        default:
          return '\\Z';
      }
    });
    return `'${escaped}'`;
  }

  /**
   * No TABLESAMPLE on either server. A RAND() pre-filter keeps about three times the wanted share of
   * rows (the catalog row count is only an estimate), then ORDER BY RAND() LIMIT picks exactly
   * `rows` of them: one scan, and the sort only sees the pre-filtered rows. MySQL requires an alias
   * on a derived table, hence `AS s`.
   */
  override sampleSource(qualifiedTable: string, rows: number, totalRows: number): string | undefined {
    const wanted = Math.max(0, Math.floor(rows));
    if (!(totalRows > wanted)) return undefined;
    const fraction = Math.min(1, (3 * wanted) / totalRows);
    const filter = fraction < 1 ? ` WHERE RAND() < ${fraction.toPrecision(6)}` : '';
    return `(SELECT * FROM ${qualifiedTable}${filter} ORDER BY RAND() LIMIT ${wanted}) AS s`;
  }

  override dateTrunc(grain: TimeGrain, expression: string): string {
    switch (grain) {
      case 'day':
        return `DATE(${expression})`;
      case 'week':
        // WEEKDAY() is 0 for Monday: ISO weeks, like date_trunc('week') elsewhere.
        return `DATE_SUB(DATE(${expression}), INTERVAL WEEKDAY(${expression}) DAY)`;
      case 'month':
        return `CAST(DATE_FORMAT(${expression}, '%Y-%m-01') AS DATE)`;
      case 'quarter':
        return `DATE_SUB(CAST(DATE_FORMAT(${expression}, '%Y-%m-01') AS DATE), INTERVAL (MONTH(${expression}) - 1) % 3 MONTH)`;
      case 'year':
        return `CAST(DATE_FORMAT(${expression}, '%Y-01-01') AS DATE)`;
    }
  }

  override now(): string {
    return 'NOW()';
  }

  override daysAgo(days: number): string {
    return `NOW() - INTERVAL ${Math.floor(days)} DAY`;
  }

  override castToText(expression: string): string {
    return `CAST(${expression} AS CHAR)`;
  }
}

/** The dialect for connections of unknown flavour (node-sql-parser's MySQL grammar). */
export const mysqlDialect = new MysqlDialect('mysql');
/** The dialect for `mariadb://` connections. */
export const mariadbDialect = new MysqlDialect('mariadb');
