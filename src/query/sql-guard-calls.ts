import type { FunctionPolicy } from './sql-guard-functions.js';
import { PAREN_KEYWORDS } from './sql-guard-keywords.js';
import { isColumnList, violation, type GuardViolation } from './sql-guard-rules.js';

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
    if (isColumnList(code, match.index, match.index + match[0].length - 1)) continue;
    return violation(
      'function_not_allowed',
      `Function ${qualifier}${name}() is not on the guard's list of side-effect-free functions, so it may not run. ` +
        `If it is a user-defined function you trust, add "${(qualifier + lower).toLowerCase()}" to allowed_functions ` +
        'of this connection in .datachat.yml.',
    );
  }
  return undefined;
}
