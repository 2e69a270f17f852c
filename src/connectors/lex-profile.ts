/**
 * How an engine tokenizes strings, quoted identifiers and comments. The SQL guard lexes every statement
 * the way the *engine* will, because a parser that reads a comment or string boundary differently from the
 * engine would let code past the AST checks unseen (e.g. MySQL runs the body of `/*! ... *\/`).
 */
export interface LexProfile {
  /** `\` escapes the next character inside '...' (and "..." strings). */
  readonly backslashEscapes: boolean;
  /**
   * A server setting reads backslashes in strings the other way (MySQL `NO_BACKSLASH_ESCAPES`, PostgreSQL
   * `standard_conforming_strings = off`): the guard then checks both readings.
   */
  readonly backslashSetting: boolean;
  /** `"..."` is a string (MySQL, BigQuery) or an identifier (ANSI). */
  readonly doubleQuote: 'string' | 'identifier';
  readonly backtick: boolean;
  /** `[name]` identifiers (SQLite). */
  readonly brackets: boolean;
  /** `#` starts a comment: always (MySQL, BigQuery) or only as `# ` / `#!` (ClickHouse). */
  readonly hashComment: 'none' | 'always' | 'space';
  /** `//` starts a comment (Snowflake). */
  readonly slashComment: boolean;
  /** MySQL needs whitespace after `--`; `1--1` is arithmetic there. */
  readonly dashDashNeedsSpace: boolean;
  /** `$$...$$` only (Snowflake) or also `$tag$...$tag$` (PostgreSQL, ClickHouse heredocs). */
  readonly dollarQuotes: 'none' | 'plain' | 'tagged';
  /** `E'...'` escape strings and `U&` Unicode escapes (PostgreSQL). */
  readonly postgresPrefixes: boolean;
  /** `'''...'''` / `"""..."""` (BigQuery). */
  readonly tripleQuotes: boolean;
  /** MySQL executes `/*! ... *\/` comment bodies. */
  readonly executableComments: boolean;
}

/** ANSI lexing: `'` strings with doubled quotes, `"` identifiers, `--` and `/* *\/` comments. */
export const ANSI_LEX_PROFILE: LexProfile = {
  backslashEscapes: false,
  backslashSetting: false,
  doubleQuote: 'identifier',
  backtick: false,
  brackets: false,
  hashComment: 'none',
  slashComment: false,
  dashDashNeedsSpace: false,
  dollarQuotes: 'none',
  postgresPrefixes: false,
  tripleQuotes: false,
  executableComments: false,
};
