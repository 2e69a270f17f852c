import type { Dialect } from '../connectors/dialect.js';
import { secretCatalog } from './sql-guard-catalogs.js';
import type { FunctionPolicy } from './sql-guard-functions.js';
import { deniedTableFunction } from './sql-guard-denied.js';
import { violation, type GuardViolation } from './sql-guard-rules.js';

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : isNode(value) && typeof value.value === 'string' ? value.value : undefined;

/** `INSERT` → 'an INSERT statement', `load_data` → 'a LOAD DATA statement'. */
export function statementName(type: string): string {
  const name = type.replace(/_/g, ' ').toUpperCase();
  return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name} statement`;
}

/** Statement types that must not appear anywhere in a read-only query (as a data-modifying CTE, say). */
const WRITE_TYPES = new Set([
  'insert',
  'replace',
  'update',
  'delete',
  'merge',
  'create',
  'alter',
  'drop',
  'truncate',
  'rename',
  'grant',
  'revoke',
  'lock',
  'unlock',
  'call',
  'exec',
  'execute',
  'set',
  'use',
  'transaction',
  'declare',
  'load_data',
  'attach',
  'detach',
  'copy',
  'vacuum',
  'analyze',
  'pragma',
  'prepare',
  'deallocate',
]);
/** Node types that call a function; their name is checked against the allow-list. */
const CALL_TYPES = new Set(['function', 'aggr_func', 'window_func', 'flatten', 'generator', 'unnest']);
/**
 * Every other node type node-sql-parser 5.4 produces for read-only SQL (literals, references, operators,
 * CASE, casts, windows, lists). A node of any other type could hold a call in a shape the walk does not
 * know, so the statement is refused: fail closed.
 */
const KNOWN_TYPES = new Set([
  'select',
  'expr',
  'column_ref',
  'default',
  'binary_expr',
  'unary_expr',
  'single_quote_string',
  'double_quote_string',
  'backticks_quote_string',
  'natural_string',
  'string',
  'regex_string',
  'bit_string',
  'hex_string',
  'full_hex_string',
  'number',
  'bool',
  'boolean',
  'null',
  'star',
  'case',
  'when',
  'else',
  'expr_list',
  'cast',
  'origin',
  'interval',
  'extract',
  'distinct',
  'distinct on',
  'asc',
  'desc',
  'window',
  'var',
  'param',
  'values',
  'explain',
  'show',
  'fulltext_search',
  'except',
  'array',
  'struct',
  'flattern',
  'input',
  'rowcount',
  'date',
  'time',
  'timestamp',
  'datetime',
  'into',
  'column_definition',
  'datatype',
  'tables',
  'columns',
  'single_quote_char',
  'convert',
  'collate',
  'returning',
]);

interface WalkState {
  dialect: Dialect;
  policy: FunctionPolicy;
  seen: WeakSet<object>;
  tables: { name: string; qualified: boolean }[];
  cteNames: Set<string>;
}

/** Name parts of a call node: `pg_catalog.pg_read_file` → ['pg_catalog', 'pg_read_file']. */
function functionNameParts(node: Node): string[] {
  const name = node.name;
  const parts: (string | undefined)[] = [];
  if (typeof name === 'string') parts.push(name);
  else if (isNode(name)) {
    parts.push(text(name.schema));
    if (Array.isArray(name.name)) parts.push(...name.name.map(text));
    else parts.push(text(name.name));
  } else if (node.type === 'unnest') parts.push('unnest');
  else if (node.type === 'generator') parts.push('generator');
  return parts.flatMap((part) => (part ? part.split('.') : [])).filter(Boolean);
}

function tableName(item: Node): { name: string; qualified: boolean; parts: string[] } | undefined {
  const table = text(item.table);
  if (!table) return undefined;
  const catalog = text(item.catalog);
  const schema = text(item.schema);
  const parts = catalog && schema ? [catalog, schema, table] : [text(item.db) ?? schema, table];
  const present = parts.filter((part): part is string => Boolean(part));
  const qualified = present.length > 1 || table.includes('.');
  return { name: present.join('.').toLowerCase(), qualified, parts: present };
}

function checkFromItem(item: Node, state: WalkState): GuardViolation | undefined {
  const table = tableName(item);
  if (table) {
    const secret = secretCatalog(table.parts);
    if (secret) return violation('secret_catalog', `The table ${table.parts.join('.')} may not be read: it ${secret}.`);
    state.tables.push(table);
  }
  const expr = item.expr;
  if (isNode(expr) && expr.type === 'function') {
    const parts = functionNameParts(expr);
    const name = parts.at(-1) ?? '';
    const why = deniedTableFunction(name, parts.slice(0, -1), state.dialect);
    if (why) return violation('table_function', `Table function ${parts.join('.')}() is not allowed: it ${why}.`);
    const found = state.policy.check(parts, true);
    if (found) return found;
  }
  return undefined;
}

function checkNode(node: Node, type: string | undefined, state: WalkState): GuardViolation | undefined {
  if (type && WRITE_TYPES.has(type)) {
    const what = statementName(type);
    return violation('not_read_only', `The query contains ${what}; only read-only SELECT queries are allowed.`);
  }
  if (type && CALL_TYPES.has(type)) {
    const parts = functionNameParts(node);
    if (!parts.length) return violation('parse_error', `The guard cannot tell which function a ${type} node calls.`);
    const found = state.policy.check(parts, false);
    if (found) return found;
  } else if (type && !KNOWN_TYPES.has(type)) {
    return violation('parse_error', `The SQL contains a construct (${type}) the guard does not know how to check.`);
  }
  const into = node.into;
  if (isNode(into) && (into.type === 'into' || into.expr || into.keyword)) {
    const why = 'SELECT ... INTO writes rows to a table, variable or file; datachat returns the rows itself.';
    return violation('into', why);
  }
  const lock = node.locking_read ?? node.for_update;
  if (lock) {
    const clause = typeof lock === 'string' ? lock.toUpperCase() : 'FOR UPDATE';
    return violation('locking', `The locking clause ${clause} takes row locks; datachat only reads.`);
  }
  if (Array.isArray(node.tableList)) {
    const write = node.tableList.find((entry) => typeof entry === 'string' && !/^select::/i.test(entry));
    if (write) {
      const kind = String(write).split('::')[0]!.toUpperCase();
      return violation('not_read_only', `The query writes (${kind}); only read-only SELECT queries are allowed.`);
    }
  }
  return undefined;
}

/** Visits every node of the tree (select lists, WHERE, joins, subqueries, CTEs, set operations, calls, windows). */
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
  const found = checkNode(node, type, state);
  if (found) return found;
  if (Array.isArray(node.with)) {
    for (const cte of node.with) if (isNode(cte)) state.cteNames.add((text(cte.name) ?? '').toLowerCase());
    const inWith = walk(node.with, state); // CTE bodies first, so tables come out in reading order
    if (inWith) return inWith;
  }
  if (Array.isArray(node.from)) {
    for (const item of node.from) {
      const inFrom = isNode(item) ? checkFromItem(item, state) : undefined;
      if (inFrom) return inFrom;
    }
  }
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'with' && typeof value === 'object' && value !== null) {
      const inChild = walk(value, state);
      if (inChild) return inChild;
    }
  }
  return undefined;
}

export interface ParsedTree {
  ast: unknown;
  tableList?: unknown;
}

/** Checks a parsed statement: read-only, allowed calls and tables only; returns the tables it reads. */
export function checkTree(
  parsed: ParsedTree,
  dialect: Dialect,
  policy: FunctionPolicy,
): GuardViolation | { tables: string[] } {
  const roots: unknown[] = Array.isArray(parsed.ast) ? parsed.ast : [parsed.ast];
  const statements = roots.filter(isNode);
  if (statements.length === 0) return violation('empty', 'The SQL contains no statement.');
  if (statements.length > 1) {
    return violation('multiple_statements', `Only one SQL statement may run at a time; found ${statements.length}.`);
  }
  const statement = statements[0]!;
  const type = String(statement.type).toLowerCase();
  const state: WalkState = { dialect, policy, seen: new WeakSet(), tables: [], cteNames: new Set() };
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
  const tables = state.tables
    .filter((table) => table.qualified || !state.cteNames.has(table.name))
    .map((table) => table.name);
  return { tables: [...new Set(tables)] };
}
