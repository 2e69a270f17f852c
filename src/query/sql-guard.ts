import { createRequire } from 'node:module';
import type { Parser, TableColumnAst } from 'node-sql-parser';
import type { EngineType } from '../connectors/engine-type.js';
import { SqlRejectedError } from '../errors.js';
import {
  alternateReadingViolation,
  deniedFunction,
  deniedTableFunction,
  lexicalViolation,
  lexingMismatch,
  lexSql,
  violation,
  type GuardCode,
  type GuardViolation,
} from './sql-guard-rules.js';

export type { GuardCode } from './sql-guard-rules.js';

/** The guard's verdict on one SQL text. */
export type GuardResult =
  | {
      ok: true;
      /** The single statement, trimmed, without trailing semicolons or trailing comments (safe to wrap in a subquery). */
      sql: string;
      /** Tables referenced (not CTE names), qualified as written, lower-cased, deduplicated; CTE bodies and FROM first. */
      tables: string[];
    }
  | GuardViolation;

export interface GuardOptions {
  /** node-sql-parser database name (`Dialect.parserDatabase`); defaults to the engine's usual one. */
  parserDatabase?: string;
}

const DIALECT_NAMES: Record<EngineType, string> = {
  sqlite: 'SQLite',
  postgresql: 'PostgreSQL',
  mysql: 'MySQL',
  clickhouse: 'ClickHouse',
  bigquery: 'BigQuery',
  snowflake: 'Snowflake',
};
const DEFAULT_PARSER: Record<EngineType, string> = {
  sqlite: 'Sqlite',
  postgresql: 'PostgresQL',
  mysql: 'MySQL',
  clickhouse: 'MySQL',
  bigquery: 'BigQuery',
  snowflake: 'Snowflake',
};
/**
 * Grammars tried, in order, when the engine's own one cannot parse the text. Only grammars that read
 * strings and comments like the engine (checked by `lexingMismatch`) are listed, and the fallback must
 * parse the whole text; the same AST checks then run on its tree. In node-sql-parser 5.4 the SQLite grammar
 * lacks INTERSECT/EXCEPT and window frames, the Snowflake one INTERSECT/EXCEPT/MINUS, the BigQuery one
 * QUALIFY and WITH RECURSIVE, the MariaDB one `NOT IN (...)`, and ClickHouse has none (`count()`, `numbers(10)`).
 */
const FALLBACK_PARSERS: Record<EngineType, string[]> = {
  sqlite: ['PostgresQL'],
  postgresql: [],
  mysql: ['MySQL'],
  clickhouse: ['PostgresQL'],
  bigquery: ['Snowflake'],
  snowflake: ['PostgresQL', 'MySQL'],
};
/** Engines whose SQL often uses syntax node-sql-parser does not know, so a parse failure says so. */
const PARTIAL_GRAMMAR = new Set<EngineType>(['clickhouse', 'bigquery', 'snowflake']);
const PARSER_BUILDS = new Set(['athena', 'bigquery', 'db2', 'flinksql', 'hive', 'mariadb', 'mysql', 'noql', 'postgresql', 'redshift', 'snowflake', 'sqlite', 'transactsql', 'trino']);

// Each per-database build of node-sql-parser is ~250 KB and loads in ~30 ms, against ~200 ms for the
// bundle of all grammars, so grammars are loaded on first use (synchronously: the guard is sync).
const requireBuild = createRequire(import.meta.url);
const parsers = new Map<string, Parser>();
function parserFor(build: string): Parser {
  let parser = parsers.get(build);
  if (!parser) {
    const module = requireBuild(`node-sql-parser/build/${build}.js`) as { Parser: new () => Parser };
    parser = new module.Parser();
    parsers.set(build, parser);
  }
  return parser;
}

type ParseAttempt = { ok: true; parsed: TableColumnAst; database: string } | { ok: false; message: string };

function parse(sql: string, databases: string[]): ParseAttempt {
  let firstError: string | undefined;
  for (const database of databases) {
    const build = database.toLowerCase();
    if (!PARSER_BUILDS.has(build)) {
      firstError ??= `unknown parser database "${database}"`;
      continue;
    }
    try {
      return { ok: true, parsed: parserFor(build).parse(sql, { database }), database };
    } catch (error) {
      firstError ??= describeParseError(error);
    }
  }
  return { ok: false, message: firstError ?? 'no parser available' };
}

function describeParseError(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
  const start = (error as { location?: { start?: { line?: number; column?: number } } }).location?.start;
  const short = message.length > 200 ? `${message.slice(0, 200)}…` : message;
  return start?.line ? `${short} (line ${start.line}, column ${start.column})` : short;
}

/** `INSERT` → 'an INSERT statement', `load_data` → 'a LOAD DATA statement'. */
function statementName(type: string): string {
  const name = type.replace(/_/g, ' ').toUpperCase();
  return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name} statement`;
}

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : isNode(value) && typeof value.value === 'string' ? value.value : undefined;

/** Statement types that must not appear anywhere in a read-only query (as a data-modifying CTE, say). */
const WRITE_TYPES = new Set([
  'insert', 'replace', 'update', 'delete', 'merge', 'create', 'alter', 'drop', 'truncate', 'rename', 'grant',
  'revoke', 'lock', 'unlock', 'call', 'exec', 'execute', 'set', 'use', 'transaction', 'declare', 'load_data',
  'attach', 'detach', 'copy', 'vacuum', 'analyze', 'pragma', 'prepare', 'deallocate',
]);

/** Name parts of a function node: `pg_catalog.pg_read_file` → ['pg_catalog', 'pg_read_file']. */
function functionNameParts(node: Node): string[] {
  const name = node.name;
  const parts: (string | undefined)[] = [];
  if (typeof name === 'string') parts.push(name);
  else if (isNode(name)) {
    parts.push(text(name.schema));
    if (Array.isArray(name.name)) parts.push(...name.name.map(text));
  }
  return parts.flatMap((part) => (part ? part.split('.') : [])).filter(Boolean);
}

interface WalkState {
  engine: EngineType;
  seen: WeakSet<object>;
  tables: { name: string; qualified: boolean }[];
  cteNames: Set<string>;
}

function tableName(item: Node): { name: string; qualified: boolean } | undefined {
  const table = text(item.table);
  if (!table) return undefined;
  const catalog = text(item.catalog);
  const schema = text(item.schema);
  const parts = catalog && schema ? [catalog, schema, table] : [text(item.db) ?? schema, table];
  const present = parts.filter((part): part is string => Boolean(part));
  return { name: present.join('.').toLowerCase(), qualified: present.length > 1 || table.includes('.') };
}

function checkFromItem(item: Node, state: WalkState): GuardViolation | undefined {
  const table = tableName(item);
  if (table) state.tables.push(table);
  const expr = item.expr;
  if (isNode(expr) && expr.type === 'function') {
    const parts = functionNameParts(expr);
    const name = parts.at(-1) ?? '';
    const why = deniedTableFunction(name, parts.slice(0, -1), state.engine);
    if (why) return violation('table_function', `Table function ${parts.join('.')}() is not allowed: it ${why}.`);
  }
  return undefined;
}

/** Visits every node of the tree (select lists, WHERE, joins, subqueries, CTEs, set operations, calls). */
function walk(node: unknown, state: WalkState): GuardViolation | undefined {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = walk(item, state);
      if (found) return found;
    }
    return undefined;
  }
  if (!isNode(node) || state.seen.has(node)) return undefined;
  state.seen.add(node);
  const type = typeof node.type === 'string' ? node.type.toLowerCase() : undefined;
  if (type && WRITE_TYPES.has(type)) {
    return violation('not_read_only', `The query contains ${statementName(type)}; only read-only SELECT queries are allowed.`);
  }
  if (type === 'function' || type === 'aggr_func') {
    const parts = functionNameParts(node);
    const why = deniedFunction(parts.at(-1) ?? '');
    if (why) return violation('dangerous_function', `Function ${parts.join('.')}() is not allowed: it ${why}.`);
  }
  const into = node.into;
  if (isNode(into) && (into.type === 'into' || into.expr || into.keyword)) {
    return violation('into', 'SELECT ... INTO writes rows to a table, variable or file; datachat returns the rows itself.');
  }
  const lock = node.locking_read ?? node.for_update;
  if (lock) {
    const clause = typeof lock === 'string' ? lock.toUpperCase() : 'FOR UPDATE';
    return violation('locking', `The locking clause ${clause} takes row locks; datachat only reads.`);
  }
  if (Array.isArray(node.tableList)) {
    const write = node.tableList.find((entry) => typeof entry === 'string' && !/^select::/i.test(entry));
    if (write) return violation('not_read_only', `The query writes (${String(write).split('::')[0]!.toUpperCase()}); only read-only SELECT queries are allowed.`);
  }
  if (Array.isArray(node.with)) {
    for (const cte of node.with) if (isNode(cte)) state.cteNames.add((text(cte.name) ?? '').toLowerCase());
    const found = walk(node.with, state); // CTE bodies first, so tables come out in reading order
    if (found) return found;
  }
  if (Array.isArray(node.from)) {
    for (const item of node.from) {
      const found = isNode(item) ? checkFromItem(item, state) : undefined;
      if (found) return found;
    }
  }
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'with' && typeof value === 'object' && value !== null) {
      const found = walk(value, state);
      if (found) return found;
    }
  }
  return undefined;
}

function checkTree(parsed: TableColumnAst, engine: EngineType): GuardViolation | { tables: string[] } {
  const roots: unknown[] = Array.isArray(parsed.ast) ? parsed.ast : [parsed.ast];
  const statements = roots.filter(isNode);
  if (statements.length === 0) return violation('empty', 'The SQL contains no statement.');
  if (statements.length > 1) {
    return violation('multiple_statements', `Only one SQL statement may run at a time; found ${statements.length}.`);
  }
  const statement = statements[0]!;
  const type = String(statement.type).toLowerCase();
  const state: WalkState = { engine, seen: new WeakSet(), tables: [], cteNames: new Set() };
  if (type === 'show' || type === 'desc') {
    const table = text(statement.table);
    return walk(statement, state) ?? { tables: table ? [table.toLowerCase()] : [] }; // SHOW ... WHERE takes expressions
  }
  if (type === 'explain' && !(isNode(statement.expr) && statement.expr.type === 'select')) {
    return violation('not_read_only', 'Only EXPLAIN of a SELECT query is allowed.');
  }
  if (type !== 'select' && type !== 'explain') {
    return violation('not_read_only', `Only read-only SELECT queries are allowed; this is ${statementName(type)}.`);
  }
  const found = walk({ ...statement, tableList: parsed.tableList }, state);
  if (found) return found;
  const tables = state.tables.filter((table) => table.qualified || !state.cteNames.has(table.name)).map((table) => table.name);
  return { tables: [...new Set(tables)] };
}

function parseFailure(engine: EngineType, databases: string[], message: string, code: string): GuardViolation {
  const dialect = DIALECT_NAMES[engine];
  if (/^[\s(]*explain\b/i.test(code)) {
    return violation('parse_error', `EXPLAIN could not be parsed as ${dialect} by node-sql-parser, so the guard cannot verify it; run the SELECT itself. Parser said: ${message}`);
  }
  if (PARTIAL_GRAMMAR.has(engine)) {
    return violation('parse_error', `The SQL could not be parsed as ${dialect} (tried node-sql-parser's ${databases.join(', ')} grammar${databases.length > 1 ? 's' : ''}); datachat only runs SQL it can verify. Parser said: ${message}`);
  }
  return violation('parse_error', `The SQL could not be parsed as ${dialect}: ${message}`);
}

/**
 * Decides whether `sql` may run against an `engine` connection: exactly one read-only statement (SELECT,
 * WITH ... SELECT, set operations; EXPLAIN/SHOW/DESCRIBE where the grammar knows them), no INTO, no locking
 * clause, no dangerous function or table function. Fails closed: SQL the parser cannot read is refused.
 * Checks the parsed tree first, then a lexical layer over the SQL with strings and comments removed.
 */
export function guardSql(sql: string, engine: EngineType, options: GuardOptions = {}): GuardResult {
  const lexed = lexSql(sql, engine);
  if (lexed.problem) return violation('parse_error', `The SQL cannot be verified: ${lexed.problem}.`);
  const normalized = sql.slice(0, lexed.end).trim();
  const lexical = lexicalViolation(lexed.code);
  if (lexical?.code === 'empty') return lexical;
  const primary = options.parserDatabase ?? DEFAULT_PARSER[engine];
  const databases = [primary, ...FALLBACK_PARSERS[engine].filter((db) => db.toLowerCase() !== primary.toLowerCase())];
  const attempt = parse(normalized, databases);
  if (!attempt.ok) return lexical ?? parseFailure(engine, databases, attempt.message, lexed.code);
  const tree = checkTree(attempt.parsed, engine);
  if ('ok' in tree) return tree;
  if (lexical) return lexical;
  const alternate = alternateReadingViolation(sql, engine, lexed);
  if (alternate) return alternate;
  const mismatch = lexingMismatch(lexed, engine, attempt.database);
  if (mismatch) return violation('parse_error', `The SQL cannot be verified: ${mismatch}.`);
  return { ok: true, sql: normalized, tables: tree.tables };
}

const HINTS: Record<GuardCode, string> = {
  parse_error: 'Rewrite the query as a plain SELECT in syntax the SQL parser understands (standard functions and clauses).',
  multiple_statements: 'Send one SELECT statement at a time.',
  not_read_only: 'datachat only runs read-only queries: SELECT, WITH ... SELECT, UNION/INTERSECT/EXCEPT.',
  into: 'Remove the INTO clause; datachat returns (and can export) the rows itself.',
  locking: 'Remove the locking clause (FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE).',
  dangerous_function: 'Remove the function; the guard blocks functions that touch files, the network, sleep or change server state.',
  table_function: 'Query tables of the connection directly; table functions that reach files or other servers are blocked.',
  empty: 'Pass a SELECT statement.',
};

/** Like `guardSql`, but throws `SqlRejectedError` (exit code 4) with the reason and a hint when refused. */
export function assertSafeSql(sql: string, engine: EngineType, options: GuardOptions = {}): { sql: string; tables: string[] } {
  const result = guardSql(sql, engine, options);
  if (!result.ok) {
    throw new SqlRejectedError(`SQL rejected: ${result.reason}`, {
      hint: HINTS[result.code],
      details: { reason_code: result.code, engine },
    });
  }
  return { sql: result.sql, tables: result.tables };
}
