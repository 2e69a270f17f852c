import type { FileIssue } from '../errors.js';
import { formatPath, type YamlSource } from '../util/yaml-source.js';

type Env = Readonly<Record<string, string | undefined>>;

/** A problem with one reference, reported by interpolateString. */
class ReferenceProblem extends Error {}

/** Deepest `${A:-${B:-...}}` nesting accepted (real configs use one or two levels). */
const MAX_NESTING = 10;
const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;

/**
 * Expands one string: `${NAME}`, `${NAME:-default}` where the default may itself hold references
 * (`${A:-${B:-x}}`, evaluated only when used), and `$${` for a literal `${`. An unset (or empty)
 * variable without a default is reported through `unset`; a malformed reference (no closing brace,
 * no valid name) throws ReferenceProblem: silently keeping `${X` as text would hide a typo in a
 * password or URL. One left-to-right pass: linear in the length of the string.
 */
export function interpolateString(text: string, env: Env, unset: (name: string) => void): string {
  let pos = 0;
  /** Expands from `pos` until `}` (inside a default, `stopAtBrace`) or the end. */
  let depth = 0;
  const expand = (stopAtBrace: boolean, use: boolean): string => {
    let out = '';
    while (pos < text.length) {
      const c = text[pos]!;
      if (stopAtBrace && c === '}') return out;
      if (c === '$' && text.startsWith('$${', pos)) {
        out += '${';
        pos += 3;
      } else if (c === '$' && text[pos + 1] === '{') {
        out += reference(use);
      } else {
        out += c;
        pos++;
      }
    }
    if (stopAtBrace) throw new ReferenceProblem('unterminated "${": a default value is missing its closing "}"');
    return out;
  };
  /** One `${...}` at `pos`; `use` false parses a default that is not needed (no unset reports). */
  const reference = (use: boolean): string => {
    const start = pos;
    pos += 2;
    const nameStart = pos;
    if (!NAME_START.test(text[pos] ?? '')) {
      const closing = text.indexOf('}', pos);
      throw new ReferenceProblem(
        closing < 0
          ? `unterminated "${text.slice(start, start + 20)}": missing "}"`
          : `"${text.slice(start, closing + 1)}" is not a valid reference (expected \${NAME} or \${NAME:-default})`,
      );
    }
    while (pos < text.length && NAME_PART.test(text[pos]!)) pos++;
    const name = text.slice(nameStart, pos);
    const value = env[name];
    const isSet = value !== undefined && value !== '';
    if (text[pos] === '}') {
      pos++;
      if (isSet) return value;
      if (use) unset(name);
      return text.slice(start, pos);
    }
    if (text.startsWith(':-', pos)) {
      pos += 2;
      if (++depth > MAX_NESTING) throw new ReferenceProblem(`defaults nested more than ${MAX_NESTING} levels deep`);
      const fallback = expand(true, use && !isSet);
      depth--;
      pos++; // the closing brace (expand stopped on it)
      return isSet ? value : fallback;
    }
    if (pos >= text.length) throw new ReferenceProblem(`unterminated "\${${name}": missing "}"`);
    throw new ReferenceProblem(`unexpected "${text[pos]}" in "\${${name}...": expected "}" or ":-default"`);
  };
  return expand(false, true);
}

/**
 * Replaces `${NAME}` (and `${NAME:-default}`, defaults may nest references) in every string of a
 * parsed config, after parsing so that values can never inject YAML structure. Unset variables
 * without a default and malformed references become issues naming the file, line and path.
 */
export function interpolateEnv(value: unknown, env: Env, source: YamlSource): { value: unknown; issues: FileIssue[] } {
  const issues: FileIssue[] = [];
  const walk = (node: unknown, path: (string | number)[]): unknown => {
    if (typeof node === 'string') {
      if (!node.includes('${')) return node;
      const where = { file: source.file, line: source.lineOf(path), path: formatPath(path) };
      try {
        const unset = (name: string): void => {
          issues.push({ ...where, message: `environment variable ${name} is not set` });
        };
        return interpolateString(node, env, unset);
      } catch (error) {
        if (!(error instanceof ReferenceProblem)) throw error;
        issues.push({ ...where, message: error.message });
        return node;
      }
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, i]));
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, [...path, k])]));
    }
    return node;
  };
  return { value: walk(value, []), issues };
}
