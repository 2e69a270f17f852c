import { BIGQUERY_FUNCTIONS } from '../connectors/bigquery/bigquery-functions.js';
import { CLICKHOUSE_FUNCTIONS } from '../connectors/clickhouse/clickhouse-functions.js';
import type { EngineType } from '../connectors/engine-type.js';
import { MYSQL_FUNCTIONS } from '../connectors/mysql/mysql-functions.js';
import { POSTGRESQL_FUNCTIONS } from '../connectors/postgresql/postgresql-functions.js';
import { SNOWFLAKE_FUNCTIONS } from '../connectors/snowflake/snowflake-functions.js';
import { SQLITE_FUNCTIONS } from '../connectors/sqlite/sqlite-functions.js';
import { deniedFunction } from './sql-guard-denied.js';
import { violation, type GuardViolation } from './sql-guard-rules.js';

/** The engines' allow-lists, for callers that pass an engine but no dialect (`guardSql(sql, 'mysql')`). */
const DEFAULT_FUNCTIONS: Record<EngineType, ReadonlySet<string>> = {
  sqlite: SQLITE_FUNCTIONS,
  postgresql: POSTGRESQL_FUNCTIONS,
  mysql: MYSQL_FUNCTIONS,
  clickhouse: CLICKHOUSE_FUNCTIONS,
  bigquery: BIGQUERY_FUNCTIONS,
  snowflake: SNOWFLAKE_FUNCTIONS,
};
/** Qualifiers under which a call still resolves to the built-in function (`pg_catalog.lower`, BigQuery `SAFE.`). */
const BUILTIN_QUALIFIERS: Record<EngineType, readonly string[]> = {
  sqlite: [],
  postgresql: ['pg_catalog'],
  mysql: [],
  clickhouse: [],
  bigquery: ['safe'],
  snowflake: [],
};

/**
 * How a quoted function name must be spelled to still name the built-in: PostgreSQL folds unquoted names
 * to lower case and Snowflake to upper case, so `"Lower"(x)` there calls some other (user) function.
 */
const QUOTED_CASE: Record<EngineType, 'lower' | 'upper' | 'any'> = {
  sqlite: 'any',
  postgresql: 'lower',
  mysql: 'any',
  clickhouse: 'any',
  bigquery: 'any',
  snowflake: 'upper',
};

/** SQL syntax that grammars show as a call: `EXISTS (subquery)`, `= ANY (array)`, `GROUP BY ROLLUP (a, b)`. */
const SYNTAX_CALLS = new Set(['exists', 'any', 'all', 'some', 'rollup', 'cube', 'grouping sets', 'row', 'array']);

/** Decides which function calls a query may make: the engine's built-ins plus the owner's `allowed_functions`. */
export class FunctionPolicy {
  private readonly functions: ReadonlySet<string>;
  private readonly extra: ReadonlySet<string>;

  constructor(
    private readonly engine: EngineType,
    functions?: ReadonlySet<string>,
    allowed: readonly string[] = [],
  ) {
    this.functions = functions ?? DEFAULT_FUNCTIONS[engine];
    this.extra = new Set(allowed.map((name) => name.trim().toLowerCase()).filter(Boolean));
  }

  /** True when a call of `name` (`qualifier` like `analytics.`, possibly empty) may run; for the lexical wall. */
  allowsName(name: string, quoted = false, qualifier = ''): boolean {
    const lower = name.toLowerCase();
    if (this.extra.has(lower) || this.extra.has(`${qualifier}${lower}`.toLowerCase())) return true;
    const foldsTo = QUOTED_CASE[this.engine];
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
    const builtin = qualifiers.every((q) => BUILTIN_QUALIFIERS[this.engine].includes(q)) && this.functions.has(name);
    if (builtin || this.functions.has(full)) return undefined;
    // The same rule codes as the deny list (a refused call is a refused call), with the allow-list's reason.
    return violation(
      inFrom ? 'table_function' : 'dangerous_function',
      `Function ${shown}() is not on the guard's list of side-effect-free ${this.engine} functions, ` +
        `so it may not run. If it is a user-defined function you trust, add "${full}" to allowed_functions ` +
        'of this connection in .datachat.yml.',
    );
  }
}
