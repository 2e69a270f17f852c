import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, relative, sep } from 'node:path';
import { parse } from 'yaml';
import type { CommandContext } from '../terminal/command-context.js';
import { findProjectRoot, projectPaths } from '../config/project-paths.js';
import { listYamlFiles } from '../datapoints/datapoint-files.js';

/** What a shell completion can ask for: words that depend on the project, not on the command tree. */
export const DYNAMIC_KINDS = ['connections', 'datapoints', 'pending'] as const;
export type DynamicKind = (typeof DYNAMIC_KINDS)[number];

/** Connection ids as written in .datachat.yml (no validation, no ${ENV} interpolation: completion never fails). */
function connectionIds(configFile: string): string[] {
  if (!existsSync(configFile)) return [];
  const config = parse(readFileSync(configFile, 'utf8'), { maxAliasCount: 0 }) as {
    connections?: { id?: unknown }[];
  } | null;
  return (config?.connections ?? []).map((c) => c?.id).filter((id): id is string => typeof id === 'string');
}

/** `<connection>/<id>` for every YAML file below `dir` laid out as `<connection>/<type>/<id>.yaml`. */
function keysBelow(dir: string): string[] {
  return listYamlFiles(dir).map((file) => {
    const [connection] = relative(dir, file).split(sep);
    return `${connection}/${basename(file).replace(/\.ya?ml$/i, '')}`;
  });
}

/** The words for one kind in the project at `dir` (or the nearest one above `cwd`). */
export function completionWords(kind: DynamicKind, root: string): string[] {
  const paths = projectPaths(root);
  if (kind === 'connections') return connectionIds(paths.configFile);
  if (kind === 'pending') return keysBelow(paths.pendingDir);
  // DataPoint commands take `<id>` or `<connection>/<id>`: offer both.
  const keys =
    existsSync(paths.datapointsDir) && readdirSync(paths.datapointsDir).length ? keysBelow(paths.datapointsDir) : [];
  return [...new Set([...keys, ...keys.map((k) => k.slice(k.indexOf('/') + 1))])].sort();
}

/** Hidden `datachat __complete <kind>`: one word per line, nothing on errors (the shell just offers nothing). */
export async function run(context: CommandContext, kind: string): Promise<void> {
  if (!(DYNAMIC_KINDS as readonly string[]).includes(kind)) return;
  let words: string[] = [];
  try {
    words = completionWords(kind as DynamicKind, context.globals.dir ?? findProjectRoot(context.cwd));
  } catch {
    words = [];
  }
  if (words.length) context.output.line(words.join('\n'));
}
