import type { FunctionPolicy } from './sql-guard-functions.js';
import { PAREN_KEYWORDS } from './sql-guard-keywords.js';
import { isColumnList, violation, type GuardViolation } from './sql-guard-rules.js';

const CALL = /(?<![\w$])(["`]?)([A-Za-z_][\w$]*)\1\s*\(/g;

/**
 * Second wall for the function allow-list, over lexed code (strings and comments removed): every
 * `name(` must be an allowed function, a keyword or type name, or a CTE / alias column list. It catches
 * a call that some grammar shows as something other than a function node.
 */
export function unknownCallInCode(code: string, policy: FunctionPolicy): GuardViolation | undefined {
  for (const match of code.matchAll(CALL)) {
    const quoted = match[1] !== '';
    const name = match[2]!;
    const lower = name.toLowerCase();
    if (policy.allowsName(name, quoted && match[1] === '"') || (!quoted && PAREN_KEYWORDS.has(lower))) continue;
    if (isColumnList(code, match.index, match.index + match[0].length - 1)) continue;
    return violation(
      'function_not_allowed',
      `Function ${name}() is not on the guard's list of side-effect-free functions, so it may not run. ` +
        `If it is a user-defined function you trust, add "${lower}" to allowed_functions of this connection in .datachat.yml.`,
    );
  }
  return undefined;
}
