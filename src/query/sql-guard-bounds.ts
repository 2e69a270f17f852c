import { violation, type GuardViolation } from './sql-guard-rules.js';

/** Limits checked on the lexed SQL before any grammar sees it. */
export interface SqlBounds {
  /** Characters of SQL. Default 100 000. */
  maxLength: number;
  /** Nesting depth of parentheses. Default 40. */
  maxDepth: number;
  /** Tokens (words, numbers, strings, identifiers, punctuation). Default 20 000. */
  maxTokens: number;
}

export const DEFAULT_SQL_BOUNDS: SqlBounds = { maxLength: 100_000, maxDepth: 40, maxTokens: 20_000 };

const TOKEN = /[\w$]+|"[^"]*"|''|\S/g;

/**
 * A cheap, linear pre-check: node-sql-parser's grammars backtrack exponentially on deep or unbalanced
 * nesting (`SELECT ((((((((((((1` doubles its time with each parenthesis), so such text never reaches them.
 * `code` is the lexed SQL (strings, quoted identifiers and comments already reduced), `length` the raw length.
 */
export function boundsViolation(
  code: string,
  length: number,
  bounds: SqlBounds = DEFAULT_SQL_BOUNDS,
): GuardViolation | undefined {
  if (length > bounds.maxLength) {
    const limit = bounds.maxLength;
    return violation('too_complex', `The SQL is ${length} characters long; the guard verifies at most ${limit}.`);
  }
  let depth = 0;
  let deepest = 0;
  for (const c of code) {
    if (c === '(') deepest = Math.max(deepest, ++depth);
    else if (c === ')' && --depth < 0) {
      return violation('parse_error', 'The SQL has a closing parenthesis without an opening one.');
    }
  }
  if (depth > 0) {
    return violation('parse_error', `The SQL has ${depth} unclosed parenthes${depth === 1 ? 'is' : 'es'}.`);
  }
  if (deepest > bounds.maxDepth) {
    const limit = bounds.maxDepth;
    return violation('too_complex', `Parentheses nest ${deepest} deep; the guard verifies at most ${limit} levels.`);
  }
  let tokens = 0;
  TOKEN.lastIndex = 0;
  while (TOKEN.exec(code)) {
    if (++tokens > bounds.maxTokens) {
      const limit = bounds.maxTokens;
      return violation('too_complex', `The SQL has more than ${limit} tokens; the guard verifies at most that many.`);
    }
  }
  return undefined;
}
