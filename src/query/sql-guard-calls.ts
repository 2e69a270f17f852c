import type { FunctionPolicy } from './sql-guard-functions.js';
import { PAREN_KEYWORDS } from './sql-guard-keywords.js';
import { isColumnList, violation, type GuardViolation } from './sql-guard-rules.js';

/** Words that may precede a select-list expression, so `word name(` there is a call, not an alias. */
const EXPRESSION_LEADS = new Set(['distinct', 'all', 'top', 'return', 'unique']);
const IDENTIFIER_LIST = /^\s*"?[\w$]+"?(?:\s*,\s*"?[\w$]+"?)*\s*$/;

/**
 * True for a table alias with a column list written without AS: `FROM (VALUES (1, 2)) v(a, b)`,
 * `FROM t t2(a)`, `generate_series(1, 3) g(n)`. It follows `)` or a plain identifier and lists bare names.
 */
function isAliasColumnList(code: string, nameStart: number, open: number): boolean {
  const before = /(\)|"[^"]*"|[\w$]+)\s*$/.exec(code.slice(Math.max(0, nameStart - 80), nameStart))?.[1];
  if (!before) return false;
  const word = before.replace(/"/g, '').toLowerCase();
  const plainWord = before !== ')' && !before.startsWith('"');
  if (plainWord && (PAREN_KEYWORDS.has(word) || EXPRESSION_LEADS.has(word))) return false;
  let depth = 0;
  for (let j = open; j < code.length; j++) {
    if (code[j] === '(') depth++;
    else if (code[j] === ')' && --depth === 0) return IDENTIFIER_LIST.test(code.slice(open + 1, j));
  }
  return false;
}

const IN_FROM = /\b(?:from|join)\s+(?:lateral\s+)?(?:table\s*\(\s*)?$/i;
const CALL = /(?<![\w$."`])((?:["`]?[A-Za-z_][\w$]*["`]?\s*\.\s*)*)(["`]?)([A-Za-z_][\w$]*)\2\s*\(/g;

/**
 * Second wall for the function allow-list, over lexed code (strings and comments removed): every
 * `name(` must be an allowed function, a keyword or type name, or a CTE / alias column list. It catches
 * a call that some grammar shows as something other than a function node.
 */
export function unknownCallInCode(code: string, policy: FunctionPolicy): GuardViolation | undefined {
  for (const match of code.matchAll(CALL)) {
    const qualifier = match[1]!.replace(/["`\s]/g, '');
    const quoted = match[2] !== '';
    const name = match[3]!;
    const lower = name.toLowerCase();
    if (policy.allowsName(name, quoted && match[2] === '"', qualifier)) continue;
    if (!quoted && !qualifier && PAREN_KEYWORDS.has(lower)) continue;
    const open = match.index + match[0].length - 1;
    if (isColumnList(code, match.index, open) || isAliasColumnList(code, match.index, open)) continue;
    const table = IN_FROM.test(code.slice(Math.max(0, match.index - 40), match.index));
    return violation(
      table ? 'table_function' : 'dangerous_function',
      `Function ${qualifier}${name}() is not on the guard's list of side-effect-free functions, so it may not run. ` +
        `If it is a user-defined function you trust, add "${(qualifier + lower).toLowerCase()}" to allowed_functions ` +
        'of this connection in .datachat.yml.',
    );
  }
  return undefined;
}
