import type { FileIssue } from '../errors.js';
import { formatPath, type YamlSource } from '../util/yaml-source.js';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${NAME}` (and `${NAME:-default}`) in every string of a parsed config, after parsing so
 * that values can never inject YAML structure. Unset variables without a default become issues
 * naming the file, line and variable.
 */
export function interpolateEnv(value: unknown, env: Readonly<Record<string, string | undefined>>, source: YamlSource): { value: unknown; issues: FileIssue[] } {
  const issues: FileIssue[] = [];
  const walk = (node: unknown, path: (string | number)[]): unknown => {
    if (typeof node === 'string') {
      return node.replace(REFERENCE, (match, name: string, fallback: string | undefined) => {
        const resolved = env[name];
        if (resolved !== undefined && resolved !== '') return resolved;
        if (fallback !== undefined) return fallback;
        issues.push({ file: source.file, line: source.lineOf(path), path: formatPath(path), message: `environment variable ${name} is not set` });
        return match;
      });
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, i]));
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, [...path, k])]));
    }
    return node;
  };
  return { value: walk(value, []), issues };
}
