/** A result row as drivers return it: by column name, or by position. */
export type ResultRow = Readonly<Record<string, unknown>> | readonly unknown[];

/** Gives up matching columns after this many tried assignments (wide results with many equal columns). */
const MAX_ASSIGNMENTS = 5_000;

/** One value made comparable: numbers rounded to 2 decimals, dates as `YYYY-MM-DD HH:MM:SS`, booleans as 0/1. */
export function canonicalValue(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 19).replace('T', ' ');
  const n =
    typeof v === 'number'
      ? v
      : typeof v === 'bigint'
        ? Number(v)
        : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)
          ? Number(v)
          : undefined;
  if (n !== undefined) return Math.round(n * 100) / 100;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return String(v);
}

const cells = (row: ResultRow): unknown[] => (Array.isArray(row) ? row : Object.values(row));

/**
 * Whether an answer returns the gold result: same rows (in order when `ordered`), and every gold column
 * found among the answer's columns, in any order. Extra answer columns are allowed, as in Defog's
 * sql-eval: "revenue by customer" answered with the customer's key, name and revenue holds the gold's
 * key and revenue. Column names are ignored.
 */
export function sameResult(answer: readonly ResultRow[], gold: readonly ResultRow[], ordered: boolean): boolean {
  if (answer.length !== gold.length) return false;
  const ours = answer.map((r) => cells(r).map(canonicalValue));
  const theirs = gold.map((r) => cells(r).map(canonicalValue));
  const width = theirs[0]?.length ?? 0;
  const ourWidth = ours[0]?.length ?? 0;
  if (theirs.length === 0) return true;
  if (ourWidth < width) return false;
  const column = (rows: (string | number | null)[][], i: number) => JSON.stringify(rows.map((r) => r[i]).sort(compare));
  const goldColumns = Array.from({ length: width }, (_, j) => column(theirs, j));
  const ourColumns = Array.from({ length: ourWidth }, (_, i) => column(ours, i));
  // Answer columns that hold the same multiset of values as each gold column.
  const candidates = goldColumns.map((g) => ourColumns.flatMap((o, i) => (o === g ? [i] : [])));
  if (candidates.some((c) => c.length === 0)) return false;
  const target = tuples(theirs, [...Array(width).keys()], ordered);
  let tried = 0;
  const assign = (j: number, used: number[]): boolean => {
    if (j === width) return ++tried <= MAX_ASSIGNMENTS && tuples(ours, used, ordered) === target;
    return candidates[j]!.some((i) => !used.includes(i) && tried < MAX_ASSIGNMENTS && assign(j + 1, [...used, i]));
  };
  return assign(0, []);
}

function tuples(rows: (string | number | null)[][], columns: number[], ordered: boolean): string {
  const projected = rows.map((r) => JSON.stringify(columns.map((i) => r[i])));
  return JSON.stringify(ordered ? projected : projected.sort());
}

function compare(a: string | number | null, b: string | number | null): number {
  return JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0;
}
