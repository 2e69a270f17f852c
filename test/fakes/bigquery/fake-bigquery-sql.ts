/**
 * The small subset of GoogleSQL the fake BigQuery understands, translated to SQLite:
 * - backtick identifiers, including `project.dataset.table` in one pair (the project is dropped,
 *   the dataset becomes the attached SQLite schema of that name);
 * - '...' and "..." string literals with backslash escapes (and r'...' raw strings);
 * - `?` positional and `@name` named parameters (SQLite binds both natively);
 * - # and -- comments; CURRENT_TIMESTAMP(); CAST(x AS STRING|INT64|FLOAT64|BOOL);
 *   APPROX_COUNT_DISTINCT(x) (exact); SAFE_CAST; TABLESAMPLE SYSTEM (n PERCENT) (ignored: all rows).
 * Anything else is passed through to SQLite unchanged.
 */

/** `/* fake-bigquery:slow *\/` or `/* fake-bigquery:slow=5000 *\/` in a query keeps its job RUNNING that long (ms). */
export const SLOW_MARKER = /\/\*\s*fake-bigquery:slow(?:=(\d+))?\s*\*\//i;

export interface TranslatedSql {
  sql: string;
  /** True when a `;` separates two statements (BigQuery would run it as a SCRIPT). */
  multipleStatements: boolean;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', a: '\x07', '0': '\0' };

/** Reads a quoted token starting at `start` (the quote), honouring backslash escapes unless raw. */
function readQuoted(sql: string, start: number, quote: string, raw: boolean): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === '\\' && i + 1 < sql.length) {
      const next = sql[i + 1]!;
      value += raw ? c + next : (ESCAPES[next] ?? next);
      i += 2;
      continue;
    }
    if (c === quote) return { value, end: i + 1 };
    value += c;
    i++;
  }
  throw new Error(`Syntax error: Unclosed ${quote === '`' ? 'identifier' : 'string literal'}`);
}

function quoteSqliteIdentifier(part: string): string {
  return `"${part.replace(/"/g, '""')}"`;
}

function rewriteCode(code: string): string {
  return code
    .replace(/\b(CURRENT_TIMESTAMP|CURRENT_DATE|CURRENT_DATETIME)\s*\(\s*\)/gi, (_m, fn: string) =>
      fn.toUpperCase() === 'CURRENT_DATETIME' ? 'CURRENT_TIMESTAMP' : fn.toUpperCase(),
    )
    .replace(/\bSAFE_CAST\s*\(/gi, 'CAST(')
    .replace(/\bAS\s+STRING\b/gi, 'AS TEXT')
    .replace(/\bAS\s+INT64\b/gi, 'AS INTEGER')
    .replace(/\bAS\s+FLOAT64\b/gi, 'AS REAL')
    .replace(/\bAS\s+BOOL\b/gi, 'AS INTEGER')
    .replace(/\bAPPROX_COUNT_DISTINCT\s*\(/gi, 'COUNT(DISTINCT ')
    .replace(/\bTABLESAMPLE\s+SYSTEM\s*\([^)]*\)/gi, '');
}

/** GoogleSQL (subset) → SQLite. Throws on unclosed quotes. */
export function translateSql(input: string): TranslatedSql {
  const sql = input.replace(SLOW_MARKER, ' ');
  let out = '';
  let code = '';
  let sawSemicolon = false;
  let multipleStatements = false;
  const flush = (): void => {
    out += rewriteCode(code);
    code = '';
  };
  const emit = (text: string): void => {
    if (sawSemicolon && text.trim()) multipleStatements = true;
    flush();
    out += text;
  };
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      flush();
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '#') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      flush();
      out += `--${sql.slice(i + 1, stop)}`;
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      flush();
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === "'" || c === '"') {
      // r'...' / R"..." raw strings: the prefix letter is already in `code`; drop it.
      const raw = /(^|[^A-Za-z0-9_])[rR]$/.test(code);
      if (raw) code = code.slice(0, -1);
      const { value, end } = readQuoted(sql, i, c, raw);
      emit(`'${value.replace(/'/g, "''")}'`);
      i = end;
    } else if (c === '`') {
      const { value, end } = readQuoted(sql, i, '`', false);
      const parts = value.split('.');
      // `project.dataset.table` → dataset.table; `dataset.table` stays two parts; `a` is one.
      const kept = parts.length >= 3 ? parts.slice(-2) : parts;
      emit(kept.map(quoteSqliteIdentifier).join('.'));
      i = end;
    } else {
      if (c === ';') sawSemicolon = true;
      else if (sawSemicolon && !/\s/.test(c)) multipleStatements = true;
      code += c;
      i++;
    }
  }
  flush();
  return { sql: out.trim().replace(/;\s*$/, '').trimEnd(), multipleStatements };
}

/** Milliseconds the slow marker asks for, or undefined when the query has none. */
export function slowMarkerMs(sql: string, defaultMs: number): number | undefined {
  const match = SLOW_MARKER.exec(sql);
  if (!match) return undefined;
  return match[1] ? Number(match[1]) : defaultMs;
}

/**
 * `statistics.query.statementType` as BigQuery reports it, from the first keyword (after comments
 * and parentheses). https://cloud.google.com/bigquery/docs/reference/rest/v2/Job#JobStatistics2
 */
export function statementTypeOf(input: string): string {
  let translated: TranslatedSql;
  try {
    translated = translateSql(input);
  } catch {
    return 'SELECT';
  }
  if (translated.multipleStatements) return 'SCRIPT';
  const stripped = translated.sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/^[\s(]+/, '');
  const words = stripped.split(/\s+/).map((w) => w.toUpperCase());
  const first = words[0] ?? '';
  if (first === 'SELECT' || first === 'WITH' || first === 'VALUES') return 'SELECT';
  if (['INSERT', 'UPDATE', 'DELETE', 'MERGE'].includes(first)) return first;
  if (first === 'TRUNCATE') return 'TRUNCATE_TABLE';
  if (first === 'CREATE' || first === 'DROP' || first === 'ALTER') {
    const rest = words
      .slice(1)
      .filter(
        (w) =>
          ![
            'OR',
            'REPLACE',
            'TEMP',
            'TEMPORARY',
            'IF',
            'NOT',
            'EXISTS',
            'MATERIALIZED',
            'EXTERNAL',
            'SNAPSHOT',
          ].includes(w),
      );
    const materialized = words.includes('MATERIALIZED') ? 'MATERIALIZED_' : '';
    return `${first}_${materialized}${rest[0] ?? 'TABLE'}`;
  }
  return 'SCRIPT';
}
