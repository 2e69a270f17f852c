/**
 * The small piece of Snowflake SQL semantics the fake server needs: statement type ids, the JSON
 * result encoding (`rowtype` + string `rowset`), and Snowflake-shaped errors for SQLite failures.
 */

/** Statement type ids as Snowflake reports them in `statementTypeId` (see SFStatementType in snowflake-jdbc). */
export const STATEMENT_TYPE = {
  UNKNOWN: 0x0000,
  SELECT: 0x1000,
  INSERT: 0x3100,
  UPDATE: 0x3200,
  DELETE: 0x3300,
  MERGE: 0x3400,
  COPY: 0x3600,
  ALTER_SESSION: 0x4100,
  USE: 0x4300,
  SHOW: 0x4400,
  DESCRIBE: 0x4500,
  TCL: 0x5000,
  DDL: 0x6000,
} as const;

const LEADING_KEYWORD_TYPES: Record<string, number> = {
  SELECT: STATEMENT_TYPE.SELECT,
  WITH: STATEMENT_TYPE.SELECT,
  INSERT: STATEMENT_TYPE.INSERT,
  UPDATE: STATEMENT_TYPE.UPDATE,
  DELETE: STATEMENT_TYPE.DELETE,
  MERGE: STATEMENT_TYPE.MERGE,
  COPY: STATEMENT_TYPE.COPY,
  USE: STATEMENT_TYPE.USE,
  SHOW: STATEMENT_TYPE.SHOW,
  DESCRIBE: STATEMENT_TYPE.DESCRIBE,
  DESC: STATEMENT_TYPE.DESCRIBE,
  BEGIN: STATEMENT_TYPE.TCL,
  START: STATEMENT_TYPE.TCL,
  COMMIT: STATEMENT_TYPE.TCL,
  ROLLBACK: STATEMENT_TYPE.TCL,
  CREATE: STATEMENT_TYPE.DDL,
  DROP: STATEMENT_TYPE.DDL,
  ALTER: STATEMENT_TYPE.DDL,
  TRUNCATE: STATEMENT_TYPE.DDL,
  GRANT: STATEMENT_TYPE.DDL,
  REVOKE: STATEMENT_TYPE.DDL,
  UNDROP: STATEMENT_TYPE.DDL,
  COMMENT: STATEMENT_TYPE.DDL,
  // Stored procedures may write; the fake reports them as UNKNOWN so clients cannot mistake them for queries.
  CALL: STATEMENT_TYPE.UNKNOWN,
};

/** A failure reported the way Snowflake's query-request does: code, SQL state and message. */
export class FakeSnowflakeSqlError extends Error {
  constructor(
    readonly code: string,
    readonly sqlState: string,
    message: string,
  ) {
    super(message);
  }
}

/** Strips comments and leading parentheses, returning the first keyword upper-cased. */
export function leadingKeyword(sql: string): string {
  const stripped = sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/^[\s(]+/, '');
  return (/^[A-Za-z_]+/.exec(stripped)?.[0] ?? '').toUpperCase();
}

/** Statement type of `sql`, or undefined for text the fake (and Snowflake) cannot parse, such as PRAGMA or ATTACH. */
export function classifyStatement(sql: string): number | undefined {
  const keyword = leadingKeyword(sql);
  if (keyword === 'ALTER' && /^\s*alter\s+session\b/i.test(sql)) return STATEMENT_TYPE.ALTER_SESSION;
  return LEADING_KEYWORD_TYPES[keyword];
}

export function isSelectType(statementTypeId: number): boolean {
  return statementTypeId >= 0x1000 && statementTypeId < 0x2000;
}

/** One entry of a Snowflake JSON result's `rowtype`. */
export interface RowType {
  name: string;
  database: string;
  schema: string;
  table: string;
  type: 'fixed' | 'real' | 'text' | 'boolean' | 'date' | 'time' | 'timestamp_ntz' | 'binary' | 'variant';
  precision: number | null;
  scale: number | null;
  length: number | null;
  byteLength: number | null;
  nullable: boolean;
  collation: null;
}

/** The Snowflake column type a declared (Snowflake DDL) type stands for. */
export function rowTypeOfDeclared(
  declared: string | null,
): Pick<RowType, 'type' | 'precision' | 'scale' | 'length'> | undefined {
  if (!declared) return undefined;
  const d = declared.trim().toUpperCase();
  const args = /\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)/.exec(d);
  const p = args ? Number(args[1]) : undefined;
  const s = args?.[2] !== undefined ? Number(args[2]) : undefined;
  if (/^(NUMBER|DECIMAL|NUMERIC)/.test(d)) return { type: 'fixed', precision: p ?? 38, scale: s ?? 0, length: null };
  if (/^(INT|INTEGER|BIGINT|SMALLINT|TINYINT|BYTEINT)$/.test(d))
    return { type: 'fixed', precision: 38, scale: 0, length: null };
  if (/^(FLOAT|DOUBLE|REAL)/.test(d)) return { type: 'real', precision: null, scale: null, length: null };
  if (d === 'BOOLEAN') return { type: 'boolean', precision: null, scale: null, length: null };
  if (d === 'DATE') return { type: 'date', precision: null, scale: null, length: null };
  if (/^TIME(\(|$)/.test(d)) return { type: 'time', precision: null, scale: 9, length: null };
  if (/^(TIMESTAMP|DATETIME)/.test(d)) return { type: 'timestamp_ntz', precision: null, scale: 9, length: null };
  if (/^(VARCHAR|CHAR|CHARACTER|TEXT|STRING|NCHAR|NVARCHAR)/.test(d))
    return { type: 'text', precision: null, scale: null, length: p ?? 16_777_216 };
  if (/^(BINARY|VARBINARY)/.test(d)) return { type: 'binary', precision: null, scale: null, length: p ?? 8_388_608 };
  if (/^(VARIANT|OBJECT|ARRAY)/.test(d)) return { type: 'variant', precision: null, scale: null, length: null };
  return undefined;
}

/** Guesses the type of an expression column (SQLite has no declared type for it) from its values. */
export function rowTypeOfValues(values: readonly unknown[]): Pick<RowType, 'type' | 'precision' | 'scale' | 'length'> {
  const sample = values.find((v) => v !== null && v !== undefined);
  if (typeof sample === 'number' || typeof sample === 'bigint') {
    const allIntegers = values.every((v) => v === null || typeof v === 'bigint' || Number.isInteger(v));
    return allIntegers
      ? { type: 'fixed', precision: 38, scale: 0, length: null }
      : { type: 'real', precision: null, scale: null, length: null };
  }
  return { type: 'text', precision: null, scale: null, length: 16_777_216 };
}

const MS_PER_DAY = 86_400_000;

/** Encodes one SQLite value the way Snowflake's JSON result format carries it (always a string, or null). */
export function encodeValue(value: unknown, column: Pick<RowType, 'type' | 'scale'>): string | null {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'fixed': {
      const n = Number(value);
      if (!Number.isFinite(n)) return String(value);
      return column.scale
        ? n.toFixed(column.scale)
        : typeof value === 'bigint'
          ? value.toString()
          : String(Math.trunc(n));
    }
    case 'boolean':
      return value === true || value === 1 || /^(1|true)$/i.test(String(value)) ? '1' : '0';
    case 'date': {
      const ms = Date.parse(`${String(value).slice(0, 10)}T00:00:00Z`);
      return Number.isNaN(ms) ? String(value) : String(Math.round(ms / MS_PER_DAY));
    }
    case 'timestamp_ntz': {
      // Snowflake sends epoch seconds with nine fractional digits; the fixture stores ISO-like text.
      const ms = Date.parse(
        `${String(value).replace(' ', 'T')}${/[zZ]|[+-]\d\d:?\d\d$/.test(String(value)) ? '' : 'Z'}`,
      );
      return Number.isNaN(ms) ? String(value) : (ms / 1000).toFixed(9);
    }
    case 'binary':
      return Buffer.isBuffer(value) ? value.toString('hex') : String(value);
    default:
      return Buffer.isBuffer(value) ? value.toString('hex') : String(value);
  }
}

/** Maps a SQLite error onto the Snowflake error a real account would return for the same mistake. */
export function toSnowflakeError(error: unknown): FakeSnowflakeSqlError {
  if (error instanceof FakeSnowflakeSqlError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code ?? '';
  let match: RegExpExecArray | null;
  if ((match = /no such table: (\S+)/.exec(message))) {
    return new FakeSnowflakeSqlError(
      '002003',
      '42S02',
      `SQL compilation error:\nObject '${match[1]}' does not exist or not authorized.`,
    );
  }
  if ((match = /no such column: (\S+)/.exec(message))) {
    return new FakeSnowflakeSqlError(
      '000904',
      '42000',
      `SQL compilation error: error line 1 at position 0\ninvalid identifier '${match[1]}'`,
    );
  }
  if (/readonly|read-only|query_only/i.test(message) || code === 'SQLITE_READONLY') {
    return new FakeSnowflakeSqlError(
      '003001',
      '42501',
      'SQL access control error:\nInsufficient privileges to operate on this object (the fake account is read-only).',
    );
  }
  if (/more than one statement/i.test(message)) {
    return new FakeSnowflakeSqlError(
      '000008',
      '0A000',
      'Actual statement count 2 did not match the desired statement count 1.',
    );
  }
  if (/syntax error|incomplete input|unrecognized token/i.test(message)) {
    return new FakeSnowflakeSqlError(
      '001003',
      '42000',
      `SQL compilation error:\nsyntax error line 1 at position 0 (${message}).`,
    );
  }
  return new FakeSnowflakeSqlError('100000', 'P0000', `Execution error in the fake Snowflake engine: ${message}`);
}
