import type { Dialect } from '../connectors/dialect.js';
import { deniedFunction } from './sql-guard-denied.js';
import { violation, type GuardViolation } from './sql-guard-rules.js';

/** SQL syntax that grammars show as a call: `EXISTS (subquery)`, `= ANY (array)`, `GROUP BY ROLLUP (a, b)`. */
const SYNTAX_CALLS = new Set(['exists', 'any', 'all', 'some', 'rollup', 'cube', 'grouping sets', 'row', 'array']);

/** Decides which function calls a query may make: the engine's built-ins plus the owner's `allowed_functions`. */
export class FunctionPolicy {
  private readonly functions: ReadonlySet<string>;
  private readonly extra: ReadonlySet<string>;

  /** `functions` overrides the dialect's allow-list; `allowed` is the connection's `allowed_functions`. */
  constructor(
    private readonly dialect: Pick<Dialect, 'engine' | 'functions' | 'builtinQualifiers' | 'quotedNameCase'>,
    functions?: ReadonlySet<string>,
    allowed: readonly string[] = [],
  ) {
    this.functions = functions ?? dialect.functions;
    this.extra = new Set(allowed.map((name) => name.trim().toLowerCase()).filter(Boolean));
  }

  /** True when a call of `name` (`qualifier` like `analytics.`, possibly empty) may run; for the lexical wall. */
  allowsName(name: string, quoted = false, qualifier = ''): boolean {
    const lower = name.toLowerCase();
    if (this.extra.has(lower) || this.extra.has(`${qualifier}${lower}`.toLowerCase())) return true;
    const foldsTo = this.dialect.quotedNameCase;
    if (quoted && foldsTo !== 'any' && name !== (foldsTo === 'lower' ? lower : name.toUpperCase())) return false;
    return this.functions.has(lower) && !deniedFunction(lower);
  }

  /** A violation for a call of the function named by `parts` (`['pg_catalog', 'lower']`), or undefined. */
  check(parts: string[], inFrom: boolean): GuardViolation | undefined {
    const lower = parts.map((part) => part.toLowerCase());
    const name = lower.at(-1) ?? '';
    const full = lower.join('.');
    const shown = parts.join('.');
    const denied = deniedFunction(name);
    if (this.extra.has(full) || (!denied && this.extra.has(name))) return undefined;
    if (parts.length === 1 && SYNTAX_CALLS.has(name)) return undefined;
    if (denied) {
      return inFrom
        ? violation('table_function', `Table function ${shown}() is not allowed: it ${denied}.`)
        : violation('dangerous_function', `Function ${shown}() is not allowed: it ${denied}.`);
    }
    const qualifiers = lower.slice(0, -1);
    const builtin = qualifiers.every((q) => this.dialect.builtinQualifiers.includes(q)) && this.functions.has(name);
    if (builtin || this.functions.has(full)) return undefined;
    // The same rule codes as the deny list (a refused call is a refused call), with the allow-list's reason.
    return violation(
      inFrom ? 'table_function' : 'dangerous_function',
      `Function ${shown}() is not on the guard's list of side-effect-free ${this.dialect.engine} functions, ` +
        `so it may not run. If it is a user-defined function you trust, add "${full}" to allowed_functions ` +
        'of this connection in .datachat.yml.',
    );
  }
}
