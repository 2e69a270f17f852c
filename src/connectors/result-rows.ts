import type { QueryResult } from './connector.js';

/**
 * Unique names for result columns, for every place that needs keys (JSON answers, CSV/table
 * headers, charts): the first column of a name keeps it; each later one gets `_2`, `_3`, ... (the
 * first suffix not already taken by another column), so `SELECT o.id, c.id` gives `id` and `id_2`.
 */
export function uniqueColumnNames(names: readonly string[]): string[] {
  const taken = new Set(names);
  const seen = new Set<string>();
  return names.map((name) => {
    if (!seen.has(name)) {
      seen.add(name);
      return name;
    }
    let n = 2;
    while (taken.has(`${name}_${n}`) || seen.has(`${name}_${n}`)) n++;
    const unique = `${name}_${n}`;
    seen.add(unique);
    return unique;
  });
}

/** Rows as objects under `uniqueColumnNames` keys, for consumers that read values by name. */
export function rowObjects(result: Pick<QueryResult, 'columns' | 'rows'>): Record<string, unknown>[] {
  const keys = uniqueColumnNames(result.columns.map((c) => c.name));
  return result.rows.map((row) => Object.fromEntries(keys.map((key, i) => [key, row[i]])));
}
