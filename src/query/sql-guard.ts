import type { Dialect } from '../connectors/dialect.js';
import type { EngineType } from '../connectors/engine-type.js';
import { engineDescriptor } from '../connectors/registry.js';
import { SqlRejectedError } from '../errors.js';
import { DEFAULT_PARSE_BUDGET, parseBounded, type ParseBudget } from './bounded-parser.js';
import { boundsViolation, DEFAULT_SQL_BOUNDS, type SqlBounds } from './sql-guard-bounds.js';
import { unknownCallInCode } from './sql-guard-calls.js';
import { secretCatalogInCode } from './sql-guard-catalogs.js';
import { FunctionPolicy } from './sql-guard-functions.js';
import { showViolation } from './sql-guard-show.js';
import {
  alternateReadingViolation,
  lexicalViolation,
  lexingMismatch,
  lexSql,
  violation,
  type GuardCode,
  type GuardViolation,
  type LexedSql,
} from './sql-guard-rules.js';
import { checkTree } from './sql-guard-tree.js';

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
  /** node-sql-parser database name; defaults to the dialect's `parserDatabase` (MariaDB's connector passes its own). */
  parserDatabase?: string;
  /** The function allow-list; defaults to the dialect's `functions`. */
  functions?: ReadonlySet<string>;
  /** Extra functions the connection's owner allows (`connections[].allowed_functions`), bare or qualified. */
  allowedFunctions?: readonly string[];
  /** Length, nesting and token limits checked before parsing. Default `DEFAULT_SQL_BOUNDS`. */
  bounds?: SqlBounds;
  /** Time and memory the grammars get. Default `DEFAULT_PARSE_BUDGET` (2 s, 256 MiB). */
  parseBudget?: ParseBudget;
}

function parseFailure(dialect: Dialect, databases: string[], message: string, code: string): GuardViolation {
  const name = dialect.name;
  if (/^[\s(]*explain\b/i.test(code)) {
    return violation(
      'parse_error',
      `EXPLAIN could not be parsed as ${name} by node-sql-parser, so the guard cannot verify it; run the SELECT itself. Parser said: ${message}`,
    );
  }
  if (dialect.partialGrammar) {
    return violation(
      'parse_error',
      `The SQL could not be parsed as ${name} (tried node-sql-parser's ${databases.join(', ')} grammar${databases.length > 1 ? 's' : ''}); datachat only runs SQL it can verify. Parser said: ${message}`,
    );
  }
  return violation('parse_error', `The SQL could not be parsed as ${name}: ${message}`);
}

/** The dialect the guard checks against: the one given, or the registered engine's. */
function dialectOf(target: EngineType | Dialect): Dialect {
  return typeof target === 'string' ? engineDescriptor(target).dialect : target;
}

/**
 * Decides whether `sql` may run against a connection of `target` (a dialect, or an engine id for its
 * registered dialect): it lexes like the dialect's `lexProfile`, parses with `parserDatabase` then
 * `parserFallbacks` (only grammars that read strings and comments like the engine, and the fallback must
 * parse the whole text; the same AST checks then run on its tree), and allows the dialect's `functions`.
 * It accepts exactly one read-only statement (SELECT, WITH ... SELECT, set operations; plain
 * EXPLAIN/SHOW/DESCRIBE), no INTO, no locking clause, only allow-listed functions, no secret-holding system
 * catalog. Fails closed: SQL the parser cannot read, or
 * cannot read within its time and memory budget, is refused. Checks bounds on the lexed text first, then
 * the parsed tree, then lexical layers over the SQL with strings and comments removed.
 */
export function guardSql(sql: string, target: EngineType | Dialect, options: GuardOptions = {}): GuardResult {
  const dialect = dialectOf(target);
  const profile = dialect.lexProfile;
  const lexed = lexSql(sql, profile);
  if (lexed.problem) return violation('parse_error', `The SQL cannot be verified: ${lexed.problem}.`);
  const normalized = sql.slice(0, lexed.end).trim();
  const lexical = lexicalViolation(lexed.code);
  if (lexical?.code === 'empty') return lexical;
  const bounds = boundsViolation(lexed.code, sql.length, options.bounds ?? DEFAULT_SQL_BOUNDS);
  if (bounds) return lexical ?? bounds;
  const catalog = showViolation(lexed.code, dialect) ?? secretViolation(lexed.code);
  if (catalog) return catalog;
  const policy = new FunctionPolicy(dialect, options.functions, options.allowedFunctions);
  const primary = options.parserDatabase ?? dialect.parserDatabase;
  const fallbacks = dialect.parserFallbacks.filter((db) => db.toLowerCase() !== primary.toLowerCase());
  const databases = [primary, ...fallbacks];
  const attempt = parseBounded(parserText(lexed), databases, options.parseBudget ?? DEFAULT_PARSE_BUDGET);
  if (!attempt.ok && attempt.budgetExceeded) {
    return lexical ?? violation('too_complex', `The SQL is too complex for the guard to verify: ${attempt.message}.`);
  }
  if (!attempt.ok) return lexical ?? parseFailure(dialect, databases, attempt.message, lexed.code);
  const tree = checkTree(attempt.parsed, dialect, policy);
  if ('ok' in tree) return tree;
  if (lexical) return lexical;
  const call = unknownCallInCode(lexed.code, policy);
  if (call) return call;
  const alternate = alternateReadingViolation(sql, profile, lexed);
  if (alternate) return alternate;
  if (lexed.escapeSensitive && profile.backslashSetting) {
    const other = lexSql(sql, profile, true);
    const found = other.problem ? undefined : (unknownCallInCode(other.code, policy) ?? secretViolation(other.code));
    const how = 'This is how a server that reads backslashes in strings the other way sees the SQL.';
    if (found) return { ...found, reason: `${found.reason} (${how})` };
  }
  const mismatch = lexingMismatch(lexed, profile, attempt.database);
  if (mismatch) return violation('parse_error', `The SQL cannot be verified: ${mismatch}.`);
  return { ok: true, sql: normalized, tables: tree.tables };
}

function secretViolation(code: string): GuardViolation | undefined {
  const secret = secretCatalogInCode(code);
  if (!secret) return undefined;
  return violation('secret_catalog', `The SQL names ${secret.name}, which may not be read: it ${secret.why}.`);
}

/** Niladic functions SQL spells without parentheses, which some grammars only read with them. */
const NILADIC =
  /(?<![\w$."`])(current_user|session_user|current_role|current_catalog|current_schema)(?![\w$"`]|\s*\()/gi;

/**
 * The text the grammars parse: the lexer's view (comments blanked, `[name]` as `"name"`), with a plain
 * `EXPLAIN` / `EXPLAIN QUERY PLAN` prefix removed (the statement it explains is what gets checked; EXPLAIN
 * ANALYZE, which executes, is refused by the lexical layer) and niladic functions given parentheses.
 */
function parserText(lexed: LexedSql): string {
  const view = lexed.view.trim();
  const explain = /^explain\s+(?:query\s+plan\s+)?(?=select\b|with\b|\()/i.exec(view);
  const body = explain ? view.slice(explain[0].length) : view;
  return body.replace(NILADIC, '$1()');
}

const HINTS: Record<GuardCode, string> = {
  parse_error:
    'Rewrite the query as a plain SELECT in syntax the SQL parser understands (standard functions and clauses).',
  multiple_statements: 'Send one SELECT statement at a time.',
  not_read_only: 'datachat only runs read-only queries: SELECT, WITH ... SELECT, UNION/INTERSECT/EXCEPT.',
  into: 'Remove the INTO clause; datachat returns (and can export) the rows itself.',
  locking: 'Remove the locking clause (FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE).',
  dangerous_function:
    'Use built-in, side-effect-free functions only (the guard refuses functions that touch files or the network, ' +
    'sleep, lock, change server state or run SQL text); an owner can allow a trusted user-defined function ' +
    'by name under connections[].allowed_functions in .datachat.yml.',
  secret_catalog:
    'Query the tables of your data; system catalogs that hold passwords, credentials or ' +
    "other sessions' queries are never read.",
  too_complex:
    'Simplify the query (fewer nested parentheses or subqueries, shorter text) so the guard can verify it quickly.',
  table_function:
    'Query tables of the connection directly; table functions that reach files or other servers are blocked, and ' +
    'others must be built-in or listed under connections[].allowed_functions in .datachat.yml.',
  empty: 'Pass a SELECT statement.',
};

/** Like `guardSql`, but throws `SqlRejectedError` (exit code 4) with the reason and a hint when refused. */
export function assertSafeSql(
  sql: string,
  target: EngineType | Dialect,
  options: GuardOptions = {},
): { sql: string; tables: string[] } {
  const dialect = dialectOf(target);
  const result = guardSql(sql, dialect, options);
  if (!result.ok) {
    throw new SqlRejectedError(`SQL rejected: ${result.reason}`, {
      hint: HINTS[result.code],
      details: { reason_code: result.code, engine: dialect.engine },
    });
  }
  return { sql: result.sql, tables: result.tables };
}
