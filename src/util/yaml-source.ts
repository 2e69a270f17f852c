import { LineCounter, isAlias, isNode, parseDocument, visit, type Document } from 'yaml';
import type { FileIssue } from '../errors.js';

export type YamlPath = readonly (string | number)[];

/**
 * A parsed YAML file that remembers where every node came from, so validation issues found later
 * (by zod, by interpolation) can be reported as `file:line`.
 */
export interface YamlSource {
  file: string;
  document: Document.Parsed;
  /** Plain JS value of the document (undefined for an empty file). */
  value: unknown;
  /** Syntax errors and warnings-as-errors, located. */
  syntaxIssues: FileIssue[];
  /** 1-based line of the node at `path`, or of its nearest existing ancestor. */
  lineOf(path: YamlPath): number | undefined;
}

/** Largest number of alias (`*name`) expansions a file may cause (the yaml library's default). */
const MAX_ALIAS_COUNT = 100;

function firstAliasLine(document: Document.Parsed, lineCounter: LineCounter): number | undefined {
  let line: number | undefined;
  visit(document, {
    Alias(_key, node) {
      if (node.range) line = lineCounter.linePos(node.range[0]).line;
      return visit.BREAK;
    },
  });
  return line ?? (isAlias(document.contents) ? 1 : undefined);
}

export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const syntaxIssues: FileIssue[] = document.errors.map((error) => ({
    file,
    line: error.linePos?.[0]?.line,
    column: error.linePos?.[0]?.col,
    message: error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
  }));
  const lineOf = (path: YamlPath): number | undefined => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
      // A key whose value is null has no value node: locate the pair's key instead.
      if (depth > 0) {
        const parent = depth === 1 ? document.contents : document.getIn(path.slice(0, depth - 1), true);
        const key = path[depth - 1];
        if (
          parent &&
          typeof parent === 'object' &&
          'items' in parent &&
          Array.isArray((parent as { items: unknown[] }).items)
        ) {
          for (const item of (parent as { items: unknown[] }).items) {
            if (item && typeof item === 'object' && 'key' in item) {
              const k = (item as { key: unknown }).key;
              if (isNode(k) && (k as { value?: unknown }).value === key && k.range)
                return lineCounter.linePos(k.range[0]).line;
            }
          }
        }
      }
    }
    return undefined;
  };
  let value: unknown;
  if (!syntaxIssues.length) {
    try {
      value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      // The yaml library refuses alias expansion beyond maxAliasCount ("billion laughs") with a
      // ReferenceError that names no file: report it like any other syntax problem, located.
      if (!(error instanceof ReferenceError)) throw error;
      const message = `too many alias expansions (*alias): refused as a possible YAML bomb (${error.message})`;
      syntaxIssues.push({ file, line: firstAliasLine(document, lineCounter), message });
    }
  }
  return { file, document, value, syntaxIssues, lineOf };
}

/** Dotted form of a path for messages: `connections[1].url`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** zod issues → located file issues. */
export function zodIssuesToFileIssues(
  source: YamlSource,
  issues: readonly { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] }[],
): FileIssue[] {
  return issues.map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');
    // For unknown keys, point at the offending key itself.
    const keyPath = issue.code === 'unrecognized_keys' && issue.keys?.length ? [...path, issue.keys[0]!] : path;
    return {
      file: source.file,
      line: source.lineOf(keyPath),
      path: formatPath(keyPath) || undefined,
      message:
        issue.code === 'unrecognized_keys' && issue.keys?.length
          ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
          : issue.message,
    };
  });
}
