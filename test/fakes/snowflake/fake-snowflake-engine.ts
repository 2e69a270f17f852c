import Database from 'better-sqlite3';
import {
  FakeSnowflakeSqlError,
  STATEMENT_TYPE,
  classifyStatement,
  encodeValue,
  isSelectType,
  rowTypeOfDeclared,
  rowTypeOfValues,
  toSnowflakeError,
  type RowType,
} from './fake-snowflake-sql.js';

export interface FakeSnowflakeEngineOptions {
  /** Database (catalog) name the fixture lives in, as the catalog reports it. */
  database: string;
  /** The one schema the fixture lives in. */
  schema: string;
  /** Seed DDL + inserts, in the subset of Snowflake DDL that SQLite also accepts (quoted identifiers, NUMBER(p,s), TIMESTAMP_NTZ...). */
  seedSql: string;
  /** COMMENT values for the catalog: `table` or `table.column` → comment. */
  comments?: Record<string, string>;
  /** What CURRENT_VERSION() returns. */
  version: string;
}

/** Result of one statement, already encoded as Snowflake's JSON result format. */
export interface EngineResult {
  statementTypeId: number;
  rowtype: RowType[];
  rows: (string | null)[][];
}

/** Bind as the SDK sends it: `{ "1": { type: "FIXED", value: "2" } }`. */
export type SnowflakeBindings = Record<string, { type: string; value: unknown }> | undefined;

const INFORMATION_SCHEMA_DDL = `
  CREATE TABLE information_schema.SCHEMATA (CATALOG_NAME VARCHAR, SCHEMA_NAME VARCHAR, SCHEMA_OWNER VARCHAR, COMMENT VARCHAR);
  CREATE TABLE information_schema.TABLES (TABLE_CATALOG VARCHAR, TABLE_SCHEMA VARCHAR, TABLE_NAME VARCHAR, TABLE_OWNER VARCHAR,
    TABLE_TYPE VARCHAR, IS_TRANSIENT VARCHAR, ROW_COUNT NUMBER(38,0), BYTES NUMBER(38,0), COMMENT VARCHAR);
  CREATE TABLE information_schema.COLUMNS (TABLE_CATALOG VARCHAR, TABLE_SCHEMA VARCHAR, TABLE_NAME VARCHAR, COLUMN_NAME VARCHAR,
    ORDINAL_POSITION NUMBER(38,0), COLUMN_DEFAULT VARCHAR, IS_NULLABLE VARCHAR, DATA_TYPE VARCHAR, CHARACTER_MAXIMUM_LENGTH NUMBER(38,0),
    NUMERIC_PRECISION NUMBER(38,0), NUMERIC_SCALE NUMBER(38,0), DATETIME_PRECISION NUMBER(38,0), COMMENT VARCHAR);
  -- Backing tables of SHOW PRIMARY KEYS / SHOW IMPORTED KEYS (their column names are SHOW's, lower-case).
  CREATE TABLE information_schema.SF_SHOW_PRIMARY_KEYS ("created_on" TIMESTAMP_NTZ, "database_name" VARCHAR, "schema_name" VARCHAR,
    "table_name" VARCHAR, "column_name" VARCHAR, "key_sequence" NUMBER(38,0), "constraint_name" VARCHAR, "rely" VARCHAR, "comment" VARCHAR);
  CREATE TABLE information_schema.SF_SHOW_IMPORTED_KEYS ("created_on" TIMESTAMP_NTZ, "pk_database_name" VARCHAR, "pk_schema_name" VARCHAR,
    "pk_table_name" VARCHAR, "pk_column_name" VARCHAR, "fk_database_name" VARCHAR, "fk_schema_name" VARCHAR, "fk_table_name" VARCHAR,
    "fk_column_name" VARCHAR, "key_sequence" NUMBER(38,0), "update_rule" VARCHAR, "delete_rule" VARCHAR, "fk_name" VARCHAR,
    "pk_name" VARCHAR, "deferrability" VARCHAR, "rely" VARCHAR, "comment" VARCHAR);
`;

/**
 * The fake's execution engine: an in-memory SQLite database seeded with the fixture, a catalog in an
 * attached `information_schema` built from SQLite's pragmas, then switched to `query_only` so that
 * no statement a client sends can modify anything (writes fail inside SQLite, not in a filter).
 */
export class FakeSnowflakeEngine {
  readonly db: Database.Database;

  constructor(readonly options: FakeSnowflakeEngineOptions) {
    this.db = new Database(':memory:');
    this.db.exec(options.seedSql);
    this.db.exec(`ATTACH DATABASE ':memory:' AS information_schema`);
    this.db.exec(INFORMATION_SCHEMA_DDL);
    this.buildCatalog();
    this.registerFunctions();
    this.db.pragma('query_only = ON');
  }

  /** Compiles without running (describeOnly): statement type and result columns. */
  describe(sql: string): EngineResult {
    const type = this.typeOf(sql);
    if (!isSelectType(type) && type !== STATEMENT_TYPE.SHOW) {
      const label =
        type === STATEMENT_TYPE.INSERT
          ? 'number of rows inserted'
          : type === STATEMENT_TYPE.UPDATE
            ? 'number of rows updated'
            : type === STATEMENT_TYPE.DELETE
              ? 'number of rows deleted'
              : 'status';
      return {
        statementTypeId: type,
        rowtype: [this.column(label, label === 'status' ? 'TEXT' : 'NUMBER(38,0)')],
        rows: [],
      };
    }
    const stmt = this.prepare(sql);
    if (!stmt.reader)
      return {
        statementTypeId: STATEMENT_TYPE.INSERT,
        rowtype: [this.column('number of rows inserted', 'NUMBER(38,0)')],
        rows: [],
      };
    return {
      statementTypeId: type,
      rowtype: stmt.columns().map((c) => this.column(c.name, c.type, c.table)),
      rows: [],
    };
  }

  /** Runs one statement with its binds. Writes reach SQLite and fail there (query_only). */
  run(sql: string, bindings: SnowflakeBindings): EngineResult {
    const type = this.typeOf(sql);
    const stmt = this.prepare(sql);
    const params = decodeBindings(bindings);
    try {
      if (!stmt.reader) {
        stmt.run(...params);
        return {
          statementTypeId: type,
          rowtype: [this.column('number of rows affected', 'NUMBER(38,0)')],
          rows: [['0']],
        };
      }
      const raw = stmt.raw(true).all(...params) as unknown[][];
      const rowtype = stmt.columns().map((c, i) =>
        this.column(
          c.name,
          c.type,
          c.table,
          raw.map((r) => r[i]),
        ),
      );
      return { statementTypeId: type, rowtype, rows: raw.map((r) => r.map((v, i) => encodeValue(v, rowtype[i]!))) };
    } catch (error) {
      throw toSnowflakeError(error);
    }
  }

  /** Statement type id; SQL that is neither Snowflake nor supported by the fake is a syntax error. */
  typeOf(sql: string): number {
    const type = classifyStatement(sql);
    if (type === undefined)
      throw new FakeSnowflakeSqlError(
        '001003',
        '42000',
        'SQL compilation error:\nsyntax error line 1 at position 0 unexpected statement.',
      );
    return type;
  }

  private prepare(sql: string): Database.Statement {
    try {
      return this.db.prepare(this.translate(sql));
    } catch (error) {
      throw toSnowflakeError(error);
    }
  }

  /** Rewrites the few Snowflake spellings SQLite does not accept. */
  private translate(sql: string): string {
    let text = sql.trim().replace(/;+\s*$/, '');
    if (/^show\s+primary\s+keys\b/i.test(text)) return 'SELECT * FROM information_schema.SF_SHOW_PRIMARY_KEYS';
    if (/^show\s+imported\s+keys\b/i.test(text)) return 'SELECT * FROM information_schema.SF_SHOW_IMPORTED_KEYS';
    if (/^(show|describe|desc|use)\b/i.test(text))
      throw new FakeSnowflakeSqlError(
        '001003',
        '42000',
        'SQL compilation error:\nthis SHOW/DESCRIBE/USE form is not supported by the fake.',
      );
    // Qualified names: the fixture database and schema are SQLite's main database.
    for (const name of [this.options.database, this.options.schema]) {
      text = text.replace(
        new RegExp(`(?:"${escapeRegExp(name)}"|\\b${escapeRegExp(name)}\\b)\\.(?=["A-Za-z_])`, 'gi'),
        '',
      );
    }
    return text;
  }

  private column(name: string, declared: string | null, table?: string | null, values: unknown[] = []): RowType {
    const type = rowTypeOfDeclared(declared) ?? rowTypeOfValues(values);
    return {
      name,
      database: table ? this.options.database : '',
      schema: table ? this.options.schema : '',
      table: table ?? '',
      ...type,
      byteLength: type.length === null ? null : type.length * 4,
      nullable: true,
      collation: null,
    };
  }

  private registerFunctions(): void {
    this.db.function('CURRENT_VERSION', () => this.options.version);
    this.db.function('TO_VARCHAR', (value: unknown) => (value === null ? null : String(value)));
    // The server keeps a statement with SYSTEM$WAIT "running" for that long before it evaluates it.
    this.db.function(
      'SYSTEM$WAIT',
      { varargs: true },
      (amount: unknown, unit: unknown = 'SECONDS') => `waited ${String(amount)} ${String(unit).toLowerCase()}`,
    );
  }

  private buildCatalog(): void {
    const { database, schema, comments = {} } = this.options;
    const db = this.db;
    const insertSchema = db.prepare('INSERT INTO information_schema.SCHEMATA VALUES (?, ?, ?, NULL)');
    insertSchema.run(database, 'INFORMATION_SCHEMA', null);
    insertSchema.run(database, schema, 'SYSADMIN');
    const insertTable = db.prepare('INSERT INTO information_schema.TABLES VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    for (const view of ['SCHEMATA', 'TABLES', 'COLUMNS'])
      insertTable.run(database, 'INFORMATION_SCHEMA', view, null, 'VIEW', 'NO', null, null, 'The fake catalog');
    const insertColumn = db.prepare(
      'INSERT INTO information_schema.COLUMNS VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertPk = db.prepare(
      'INSERT INTO information_schema.SF_SHOW_PRIMARY_KEYS VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)',
    );
    const insertFk = db.prepare(
      `INSERT INTO information_schema.SF_SHOW_IMPORTED_KEYS VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'NO ACTION', 'NO ACTION', ?, ?, 'NOT DEFERRABLE', 'false', NULL)`,
    );
    const created = '2024-01-01 00:00:00';
    const objects = db
      .prepare(
        `SELECT name, type FROM main.sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name`,
      )
      .all() as { name: string; type: string }[];
    for (const object of objects) {
      const quoted = `"${object.name.replace(/"/g, '""')}"`;
      const rowCount =
        object.type === 'table'
          ? (db.prepare(`SELECT count(*) AS n FROM main.${quoted}`).get() as { n: number }).n
          : null;
      insertTable.run(
        database,
        schema,
        object.name,
        'SYSADMIN',
        object.type === 'table' ? 'BASE TABLE' : 'VIEW',
        'NO',
        rowCount,
        rowCount === null ? null : rowCount * 64,
        comments[object.name] ?? null,
      );
      const columns = db.prepare(`PRAGMA main.table_info(${quoted})`).all() as {
        cid: number;
        name: string;
        type: string;
        notnull: number;
        dflt_value: string | null;
        pk: number;
      }[];
      for (const c of columns) {
        const t = rowTypeOfDeclared(c.type);
        const dataType = catalogDataType(t?.type);
        insertColumn.run(
          database,
          schema,
          object.name,
          c.name,
          c.cid + 1,
          c.dflt_value,
          c.notnull || c.pk ? 'NO' : 'YES',
          dataType,
          t?.type === 'text' || t?.type === 'binary' ? t.length : null,
          t?.type === 'fixed' ? t.precision : null,
          t?.type === 'fixed' ? t.scale : null,
          t?.type === 'timestamp_ntz' || t?.type === 'time' ? 9 : null,
          comments[`${object.name}.${c.name}`] ?? null,
        );
      }
      for (const c of columns.filter((col) => col.pk > 0).sort((a, b) => a.pk - b.pk)) {
        insertPk.run(created, database, schema, object.name, c.name, c.pk, `PK_${object.name.toUpperCase()}`, 'false');
      }
      const fks =
        object.type === 'table'
          ? (db.prepare(`PRAGMA main.foreign_key_list(${quoted})`).all() as {
              id: number;
              seq: number;
              table: string;
              from: string;
              to: string;
            }[])
          : [];
      for (const fk of fks) {
        insertFk.run(
          created,
          database,
          schema,
          fk.table,
          fk.to,
          database,
          schema,
          object.name,
          fk.from,
          fk.seq + 1,
          `FK_${object.name.toUpperCase()}_${fk.id + 1}`,
          `PK_${fk.table.toUpperCase()}`,
        );
      }
    }
  }
}

/** How Snowflake's information_schema spells a column's DATA_TYPE. */
function catalogDataType(type: RowType['type'] | undefined): string {
  switch (type) {
    case 'fixed':
      return 'NUMBER';
    case 'real':
      return 'FLOAT';
    case 'text':
      return 'TEXT';
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'time':
      return 'TIME';
    case 'timestamp_ntz':
      return 'TIMESTAMP_NTZ';
    case 'binary':
      return 'BINARY';
    case 'variant':
      return 'VARIANT';
    default:
      return 'TEXT';
  }
}

/** Converts the SDK's typed string binds back into SQLite values. */
function decodeBindings(bindings: SnowflakeBindings): unknown[] {
  if (!bindings) return [];
  return Object.keys(bindings)
    .sort((a, b) => Number(a) - Number(b))
    .map((key) => {
      const { type, value } = bindings[key]!;
      if (value === null || value === undefined) return null;
      if (Array.isArray(value))
        throw new FakeSnowflakeSqlError('002014', '22000', 'Array binding is not supported by the fake.');
      if (type === 'FIXED' || type === 'REAL') return Number(value);
      if (type === 'BOOLEAN') return /^(true|1)$/i.test(String(value)) ? 1 : 0;
      return String(value);
    });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
