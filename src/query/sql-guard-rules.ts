import type { LexProfile } from '../connectors/lex-profile.js';
import { deniedFunction } from './sql-guard-denied.js';

/** Why the guard refused a statement (stable: shown in --json output and tests). */
export type GuardCode =
  | 'parse_error'
  | 'multiple_statements'
  | 'not_read_only'
  | 'into'
  | 'locking'
  | 'dangerous_function'
  | 'table_function'
  | 'secret_catalog'
  | 'too_complex'
  | 'empty';

export interface GuardViolation {
  ok: false;
  code: GuardCode;
  reason: string;
}

export function violation(code: GuardCode, reason: string): GuardViolation {
  return { ok: false, code, reason };
}

export interface LexedSql {
  /** The SQL with strings as `''`, quoted identifiers as `"name"` (non-word characters as `_`), comments as spaces. */
  code: string;
  /** Offset just past the last character that is not whitespace, `;` or a comment. */
  end: number;
  /** Some string literal ends elsewhere when backslash escapes are read the other way. */
  escapeSensitive: boolean;
  /** A construct the engine and the parser may read differently; the statement is refused. */
  problem?: string;
  /**
   * What the grammar parses, up to `end`: the SQL with comments as spaces and `[name]` identifiers as
   * `"name"` (node-sql-parser's SQLite grammar lacks them). Strings and other identifiers are unchanged.
   */
  view: string;
}

const IDENT_CHAR = /[\w$]/;
const LINE_END = /[\r\n]/g;

/**
 * Lexes `sql` the way an engine with lexing profile `p` (`Dialect.lexProfile`) does. Pure and linear; never
 * throws. `flipBackslashes` reads plain strings with the opposite backslash rule (a server setting away: see
 * `alternateReadingViolation`).
 */
export function lexSql(sql: string, p: LexProfile, flipBackslashes = false): LexedSql {
  const backslashEscapes = p.backslashEscapes !== flipBackslashes;
  const n = sql.length;
  let code = '';
  let end = 0;
  let escapeSensitive = false;
  let view = '';
  let viewEnd = 0;
  const result = (problem?: string): LexedSql => ({
    code,
    end,
    escapeSensitive,
    view: view.slice(0, viewEnd),
    ...(problem ? { problem } : {}),
  });
  // PostgreSQL and the grammars also end a line comment at a bare \r; ending it there shows more SQL as code.
  const lineEnd = (from: number) => {
    LINE_END.lastIndex = from;
    return LINE_END.exec(sql)?.index ?? n;
  };
  // Scans a quoted run starting at `start` (the opening quote); returns the index after the closing quote or -1.
  const scanQuoted = (start: number, quote: string, escapes: boolean): number => {
    for (let j = start + 1; j < n; j++) {
      if (escapes && sql[j] === '\\') j++;
      else if (sql[j] === quote) {
        if (sql[j + 1] === quote) j++;
        else return j + 1;
      }
    }
    return -1;
  };
  let i = 0;
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    const prevIsIdent = i > 0 && IDENT_CHAR.test(sql[i - 1]!);
    if (c === '-' && next === '-') {
      if (p.dashDashNeedsSpace && i + 2 < n && !/\s/.test(sql[i + 2]!)) {
        return result(
          "MySQL reads '--' not followed by a space as two minus signs, not a comment; add a space after '--'",
        );
      }
      i = lineEnd(i);
      code += ' ';
      view += ' ';
      continue;
    }
    if (c === '#' && p.hashComment !== 'none') {
      if (p.hashComment === 'space' && i + 1 < n && !/[\s!]/.test(next!)) {
        return result("ClickHouse only reads '# ' and '#!' as comments; add a space after '#'");
      }
      i = lineEnd(i);
      code += ' ';
      view += ' ';
      continue;
    }
    if (c === '/' && next === '/' && p.slashComment) {
      i = lineEnd(i);
      code += ' ';
      view += ' ';
      continue;
    }
    if (c === '/' && next === '*') {
      if (p.executableComments && (sql[i + 2] === '!' || (sql[i + 2] === 'M' && sql[i + 3] === '!'))) {
        return result('MySQL executes the body of /*! ... */ comments; remove them');
      }
      const close = sql.indexOf('*/', i + 2);
      if (close < 0) return result('unterminated /* comment');
      if (sql.slice(i + 2, close).includes('/*')) {
        return result('nested /* comments are read differently by different engines; remove the inner /*');
      }
      i = close + 2;
      code += ' ';
      view += ' ';
      continue;
    }
    if (
      p.postgresPrefixes &&
      (c === 'U' || c === 'u') &&
      next === '&' &&
      !prevIsIdent &&
      (sql[i + 2] === "'" || sql[i + 2] === '"')
    ) {
      return result("Unicode-escaped strings and identifiers (U&'...') are not supported by the SQL guard");
    }
    const eString = p.postgresPrefixes && (c === 'E' || c === 'e') && next === "'" && !prevIsIdent;
    const stringQuote = c === "'" || (c === '"' && p.doubleQuote === 'string');
    if (eString || stringQuote) {
      const start = eString ? i + 1 : i;
      const quote = sql[start]!;
      let close: number;
      if (p.tripleQuotes && sql.startsWith(quote.repeat(3), start)) {
        close = sql.indexOf(quote.repeat(3), start + 3);
        // A quote inside a triple-quoted string is read as a string boundary by the parser.
        if (close >= 0 && (sql.slice(start + 3, close).includes(quote) || sql.slice(start + 3, close).includes('\\'))) {
          return result('triple-quoted strings containing quotes or backslashes are not supported by the SQL guard');
        }
        close = close < 0 ? -1 : close + 3;
      } else {
        const escapes = eString || backslashEscapes;
        close = scanQuoted(start, quote, escapes);
        // E'...' always reads backslash escapes, in the engine and in the grammar alike.
        if (!eString && close >= 0 && scanQuoted(start, quote, !escapes) !== close) escapeSensitive = true;
      }
      if (close < 0) return result('unterminated string literal');
      code += "''";
      // The PostgreSQL grammar misreads E'it''s'; its content never matters to the checks, so the grammar
      // gets a plain literal in its place.
      view += eString ? "'e'" : sql.slice(i, close);
      viewEnd = view.length;
      i = end = close;
      continue;
    }
    const identClose = c === '"' || (c === '`' && p.backtick) ? c : c === '[' && p.brackets ? ']' : undefined;
    if (identClose) {
      const close = identClose === ']' ? sql.indexOf(']', i + 1) + 1 : scanQuoted(i, identClose, false);
      if (close <= 0) return result('unterminated quoted identifier');
      code += `"${sql.slice(i + 1, close - 1).replace(/[^\w$]/g, '_')}"`;
      view += identClose === ']' ? `"${sql.slice(i + 1, close - 1).replace(/"/g, '""')}"` : sql.slice(i, close);
      viewEnd = view.length;
      i = end = close;
      continue;
    }
    if (c === '$' && p.dollarQuotes !== 'none' && !prevIsIdent) {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 66))?.[0];
      if (tag && (tag === '$$' || p.dollarQuotes === 'tagged')) {
        const close = sql.indexOf(tag, i + tag.length);
        if (close < 0) return result('unterminated dollar-quoted string');
        code += "''";
        view += sql.slice(i, close + tag.length);
        viewEnd = view.length;
        i = end = close + tag.length;
        continue;
      }
    }
    code += c;
    view += c;
    if (c !== ';' && !/\s/.test(c)) {
      end = i + 1;
      viewEnd = view.length;
    }
    i++;
  }
  return result();
}

/**
 * Comment and quoting rules of node-sql-parser's grammars, where they differ from some engine. Every
 * grammar reads `\'` inside a string as an escaped quote first (falling back to a literal backslash when
 * that reading fails), so it agrees with the engines that read backslash escapes on any SQL they accept.
 */
interface ParserLexing {
  hashComment: boolean;
  slashComment: boolean;
  dollarQuotes: boolean;
}
const PARSER_LEXING: Record<string, ParserLexing> = {
  postgresql: { hashComment: false, slashComment: false, dollarQuotes: true },
  snowflake: { hashComment: false, slashComment: true, dollarQuotes: true },
  mysql: { hashComment: true, slashComment: false, dollarQuotes: false },
  mariadb: { hashComment: true, slashComment: false, dollarQuotes: false },
  sqlite: { hashComment: true, slashComment: false, dollarQuotes: false },
  bigquery: { hashComment: true, slashComment: false, dollarQuotes: false },
};
const UNKNOWN_PARSER: ParserLexing = { hashComment: true, slashComment: true, dollarQuotes: true };

/** A reason when the grammar that parsed the statement may have tokenized it differently from the engine. */
export function lexingMismatch(lexed: LexedSql, profile: LexProfile, parserDatabase: string): string | undefined {
  const parser = PARSER_LEXING[parserDatabase.toLowerCase()] ?? UNKNOWN_PARSER;
  // PostgreSQL (standard_conforming_strings) and SQLite end 'C:\' at the second quote; the grammars may not.
  if (lexed.escapeSensitive && !profile.backslashEscapes) {
    return "a string literal with a backslash before a quote is read differently by the engine and the parser; avoid a backslash right before a quote (write a quote inside a string as '')";
  }
  if (parser.hashComment && /#/.test(lexed.code))
    return "'#' is not a comment in this engine but the parser reads it as one";
  if (parser.slashComment && lexed.code.includes('//'))
    return "'//' is not a comment in this engine but the parser reads it as one";
  if (parser.dollarQuotes && /(?<![\w$])\$(?:[A-Za-z_]\w*)?\$/.test(lexed.code)) {
    return 'this engine does not read $tag$ as a string quote but the parser does';
  }
  return undefined;
}

/**
 * MySQL (sql_mode NO_BACKSLASH_ESCAPES) and PostgreSQL (standard_conforming_strings = off) can be set to
 * read backslashes in strings the other way, which moves string boundaries: `'a\', SLEEP(1) -- '` is one
 * string by default and code plus a comment otherwise. When some string is affected, the other reading
 * must pass the lexical checks too.
 */
export function alternateReadingViolation(
  sql: string,
  profile: LexProfile,
  lexed: LexedSql,
): GuardViolation | undefined {
  if (!lexed.escapeSensitive || !profile.backslashSetting) return undefined;
  const alternate = lexSql(sql, profile, true);
  // A text the other reading cannot even tokenize would fail on such a server, not run.
  const found = alternate.problem ? undefined : lexicalViolation(alternate.code);
  if (!found || found.code === 'empty') return undefined;
  return violation(
    found.code,
    `${found.reason} (This is how a server that reads backslashes in strings the other way sees the SQL.)`,
  );
}

const STATEMENT_STARTS = new Set(['select', 'with', 'explain', 'show', 'describe', 'desc']);
const WRITE_PHRASE =
  /(?<![\w$."`])(delete\s+from|insert\s+(?:into|overwrite)|update\s+[\w$."`]+\s+set|merge\s+into|replace\s+into|truncate\s+table|drop\s+(?:table|view|schema|database|index|function))(?![\w$"`])/i;
const LOCKING =
  /(?<![\w$."`])(for\s+(?:no\s+key\s+update|key\s+share|update|share)|lock\s+in\s+share\s+mode)(?![\w$"`])/i;
const INTO = /(?<![\w$."`])into(?![\w$"`])/i;
const CALL = /(?<![\w$])["`]?([A-Za-z_][\w$]*)["`]?\s*\(/g;

/** True when the `(` at `open` starts a CTE or alias column list (`WITH x(a) AS (`, `AS x(a, b)`), not a call. */
export function isColumnList(code: string, nameStart: number, open: number): boolean {
  if (/\bas\s+["`]?$/i.test(code.slice(Math.max(0, nameStart - 8), nameStart))) return true;
  let depth = 0;
  for (let j = open; j < code.length; j++) {
    if (code[j] === '(') depth++;
    else if (code[j] === ')' && --depth === 0)
      return /^\s*as\s*(\(|not\b|materialized\b)/i.test(code.slice(j + 1, j + 30));
  }
  return false;
}

/**
 * Defence in depth over the lexed code (strings, quoted identifiers and comments already removed, so
 * `'drop table'` or a column `system_source` cannot trip it). Runs whatever the parser made of the SQL.
 */
export function lexicalViolation(code: string): GuardViolation | undefined {
  const body = code.replace(/[\s;]+$/, '');
  if (!body.trim()) return violation('empty', 'The SQL is empty (only whitespace, comments or semicolons).');
  if (body.includes(';'))
    return violation(
      'multiple_statements',
      'Only one SQL statement may run at a time; found a `;` followed by more SQL.',
    );
  const first = /^[\s(]*([A-Za-z_]+)/.exec(body)?.[1]?.toLowerCase();
  if (!first || !STATEMENT_STARTS.has(first)) {
    return violation(
      'not_read_only',
      `Only read-only SELECT queries are allowed; this statement starts with ${first ? first.toUpperCase() : body.trim().slice(0, 12)}.`,
    );
  }
  if ((first === 'explain' || first === 'describe' || first === 'desc') && /\banaly[sz]e\b/i.test(body)) {
    return violation('not_read_only', 'EXPLAIN ANALYZE executes the statement; only plain SELECT queries are allowed.');
  }
  const write = WRITE_PHRASE.exec(body);
  if (write)
    return violation(
      'not_read_only',
      `The query contains a data-modifying statement (${write[1]!.replace(/\s+/g, ' ').toUpperCase()}); only read-only SELECT queries are allowed.`,
    );
  if (INTO.test(body))
    return violation(
      'into',
      'SELECT ... INTO writes rows to a table, variable or file; datachat returns the rows itself.',
    );
  const lock = LOCKING.exec(body);
  if (lock)
    return violation(
      'locking',
      `The locking clause ${lock[1]!.replace(/\s+/g, ' ').toUpperCase()} takes row locks; datachat only reads.`,
    );
  for (const match of body.matchAll(CALL)) {
    const name = match[1]!;
    const why = deniedFunction(name);
    if (!why || isColumnList(body, match.index, match.index + match[0].length - 1)) continue;
    const inFrom = /\b(?:from|join)\s+(?:lateral\s+)?(?:[\w$"`]+\.)*$/i.test(
      body.slice(Math.max(0, match.index - 80), match.index),
    );
    return inFrom
      ? violation('table_function', `Table function ${name}() is not allowed: it ${why}.`)
      : violation('dangerous_function', `Function ${name}() is not allowed: it ${why}.`);
  }
  return undefined;
}
