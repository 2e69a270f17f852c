/**
 * Builds a function allow-list from a whitespace-separated list of names; `-- ...` lines are comments.
 * Names are lower-cased: the guard compares function names case-insensitively.
 */
export function functionSet(list: string): ReadonlySet<string> {
  const names = list
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .flatMap((line) => line.trim().split(/\s+/))
    .filter(Boolean)
    .map((name) => name.toLowerCase());
  return new Set(names);
}
