import type { SemanticFilter } from './semantic-query.js';

interface Rule {
  column: string;
  /** Values the metric keeps (`= 'a'`, `IN (...)`), or drops (`<>`, `NOT IN`). */
  kind: 'only' | 'except';
  values: string[];
}

const list = (text: string) =>
  [...text.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'").toLowerCase());

/** A metric filter of the simple forms generators and people write; undefined for anything else. */
function parseRule(filter: string): Rule | undefined {
  const f = filter
    .trim()
    .replace(/^\((.*)\)$/s, '$1')
    .trim();
  const col = String.raw`(?:[\w"\`]+\.)?["\`]?(\w+)["\`]?`;
  let m = new RegExp(`^${col}\\s+(NOT\\s+)?IN\\s*\\(([^)]*)\\)$`, 'i').exec(f);
  if (m) return { column: m[1]!.toLowerCase(), kind: m[2] ? 'except' : 'only', values: list(m[3]!) };
  m = new RegExp(`^${col}\\s*(<>|!=|=)\\s*('(?:[^']|'')*')$`, 'i').exec(f);
  if (m) return { column: m[1]!.toLowerCase(), kind: m[2] === '=' ? 'only' : 'except', values: list(m[3]!) };
  return undefined;
}

/**
 * A user filter that contradicts the metric's own filter ("revenue of cancelled orders" where revenue
 * excludes cancelled orders) would silently return nothing: this says why instead, or undefined
 * when the filters agree. A metric filter on the same column that cannot be read is a conflict too.
 */
export function metricFilterConflict(
  metricName: string,
  metricTable: string,
  metricFilters: readonly string[],
  filters: readonly SemanticFilter[],
): string | undefined {
  for (const f of filters) {
    if (f.table.toLowerCase() !== metricTable.toLowerCase() || (f.op !== 'in' && f.op !== 'not_in')) continue;
    const column = f.column.toLowerCase();
    for (const raw of metricFilters) {
      const rule = parseRule(raw);
      const mentions = new RegExp(`\\b${column}\\b`, 'i').test(raw);
      if (!rule) {
        if (mentions)
          return `"${metricName}" has its own rule on ${f.column} (${raw}); filtering it by ${f.values.join(', ')} needs a person or an LLM to decide.`;
        continue;
      }
      if (rule.column !== column || f.op === 'not_in') continue;
      const wanted = f.values.map((v) => String(v).toLowerCase());
      const dropped = wanted.filter((v) =>
        rule.kind === 'except' ? rule.values.includes(v) : !rule.values.includes(v),
      );
      if (dropped.length) {
        return `"${metricName}" only counts rows where ${raw}, so ${f.column} = ${dropped.join(', ')} is excluded by its definition; the answer would be empty, not zero.`;
      }
    }
  }
  return undefined;
}
