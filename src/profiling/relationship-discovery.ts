import type { CanonicalType } from '../connectors/canonical-type.js';
import type { Connector } from '../connectors/connector.js';
import type { TableInfo } from '../connectors/schema-metadata.js';
import { namingCandidates, type NamingCandidate } from './naming-candidates.js';
import type { DiscoveredRelationship, TableProfile } from './profile-model.js';
import { round, toNumber } from './profile-value.js';
import { rowObjects } from '../connectors/result-rows.js';
import { valueOverlapCandidates } from './value-overlap.js';

/** Distinct child values checked against the parent key per candidate. */
export const CONTAINMENT_SAMPLE = 1_000;

const KEY_FAMILY: Partial<Record<CanonicalType, string>> = {
  integer: 'int',
  decimal: 'int',
  string: 'text',
  uuid: 'uuid',
};

export interface DiscoveryOptions {
  timeoutMs: number;
  /** How many containment checks run at once. */
  concurrency: number;
}

/**
 * Relationship discovery: declared foreign keys, naming patterns verified by value
 * containment computed in the database, and cardinality from uniqueness. Confidence: declared 1.0;
 * naming with ≥ 98 % containment 0.9; 90–98 % 0.7; naming alone (check failed) 0.4. Containment
 * below 90 % drops the candidate, so a name match alone never reaches 0.8. Then pure value overlap
 * (./value-overlap.ts) for columns still unlinked, below 0.8.
 */
export async function discoverRelationships(
  connector: Connector,
  tables: readonly TableInfo[],
  profiles: ReadonlyMap<string, TableProfile>,
  options: DiscoveryOptions,
): Promise<DiscoveredRelationship[]> {
  const out: DiscoveredRelationship[] = [];
  const declared = new Set<string>();
  for (const table of tables) {
    for (const fk of table.foreignKeys) {
      declared.add(`${table.name}.${fk.columns.join(',')}>${fk.targetTable}`);
      out.push({
        from_table: table.name,
        from_columns: fk.columns,
        to_table: fk.targetTable,
        to_columns: fk.targetColumns,
        cardinality: isUnique(profiles.get(table.name), fk.columns, table) ? '1:1' : 'N:1',
        kind: 'foreign_key',
        confidence: 1,
        evidence: { declared: true },
      });
    }
  }
  const candidates = namingCandidates(tables).filter((c) => {
    if (declared.has(`${c.child.name}.${c.childColumn}>${c.parent.name}`)) return false;
    // Any declared FK on the column already says where it points.
    if (c.child.foreignKeys.some((fk) => fk.columns.length === 1 && fk.columns[0] === c.childColumn)) return false;
    // A key known by its name only must hold distinct values, or the "parent" is another child.
    if (c.parentKeyByName && !looksUnique(profiles.get(c.parent.name), c.parentColumn)) return false;
    return compatible(c);
  });
  const results = await mapLimit(candidates, options.concurrency, (c) =>
    checkContainment(connector, c, options.timeoutMs).catch(() => undefined),
  );
  candidates.forEach((candidate, i) => {
    const check = results[i];
    let confidence: number;
    if (!check) confidence = 0.4;
    else if (check.checked === 0) return;
    else if (check.containment >= 0.98) confidence = 0.9;
    else if (check.containment >= 0.9) confidence = 0.7;
    else return;
    const evidence = {
      naming: candidate.rule,
      ...(check ? { containment: round(check.containment), child_values_checked: check.checked } : {}),
    };
    out.push(candidateLink(candidate, profiles, 'naming', confidence, evidence));
  });
  out.push(...(await discoverValueOverlap(connector, tables, profiles, out, options)));
  return keepBestPerColumn(out);
}

/**
 * Pure value overlap (kind `value_overlap`): columns whose values all sit in another table's unique
 * text column, with no name to say so (`orders.cust` → `customers.code`). Values alone can coincide,
 * so these stay at 0.75, below the 0.8 a join needs, and a column whose values sit in several keys
 * is dropped as ambiguous. They inform people and the LLM; joins wait for a name, a declaration or a
 * review. Cardinality: N:1, or 1:1 when the child column is unique too.
 */
async function discoverValueOverlap(
  connector: Connector,
  tables: readonly TableInfo[],
  profiles: ReadonlyMap<string, TableProfile>,
  found: readonly DiscoveredRelationship[],
  options: DiscoveryOptions,
): Promise<DiscoveredRelationship[]> {
  const single = found.filter((r) => r.from_columns.length === 1);
  const linked = new Set(single.map((r) => `${r.from_table}.${r.from_columns[0]}`));
  const unique = (table: TableInfo, column: string) =>
    isUnique(profiles.get(table.name), [column], table) || looksUnique(profiles.get(table.name), column);
  const candidates = valueOverlapCandidates(tables, profiles, linked, unique);
  const check = (c: NamingCandidate) => checkContainment(connector, c, options.timeoutMs).catch(() => undefined);
  const results = await mapLimit(candidates, options.concurrency, check);
  const out: DiscoveredRelationship[] = [];
  const contained = candidates.filter(
    (_, i) => (results[i]?.checked ?? 0) >= 3 && (results[i]?.containment ?? 0) >= 0.999,
  );
  const parentsOf = (c: NamingCandidate) =>
    contained.filter((x) => x.child === c.child && x.childColumn === c.childColumn).length;
  candidates.forEach((candidate, i) => {
    const check = results[i];
    if (!check || !contained.includes(candidate) || parentsOf(candidate) > 1) return;
    const evidence = { containment: round(check.containment), child_values_checked: check.checked };
    out.push(candidateLink(candidate, profiles, 'value_overlap', 0.75, evidence));
  });
  return out;
}

/** A checked child → parent candidate as a relationship: 1:1 when the child column is unique, else N:1. */
function candidateLink(
  candidate: NamingCandidate,
  profiles: ReadonlyMap<string, TableProfile>,
  kind: 'naming' | 'value_overlap',
  confidence: number,
  evidence: DiscoveredRelationship['evidence'],
): DiscoveredRelationship {
  const unique = isUnique(profiles.get(candidate.child.name), [candidate.childColumn], candidate.child);
  return {
    from_table: candidate.child.name,
    from_columns: [candidate.childColumn],
    to_table: candidate.parent.name,
    to_columns: [candidate.parentColumn],
    cardinality: unique ? '1:1' : 'N:1',
    kind,
    confidence,
    evidence,
  };
}

/** When one column matched several parents, keep the most confident (then declared, then shortest name). */
function keepBestPerColumn(relationships: DiscoveredRelationship[]): DiscoveredRelationship[] {
  const best = new Map<string, DiscoveredRelationship>();
  for (const r of relationships) {
    const key = `${r.from_table}.${r.from_columns.join(',')}`;
    const current = best.get(key);
    if (r.kind === 'foreign_key') {
      best.set(`${key}>${r.to_table}`, r);
      continue;
    }
    if (
      !current ||
      r.confidence > current.confidence ||
      (r.confidence === current.confidence && r.to_table.length < current.to_table.length)
    )
      best.set(key, r);
  }
  return [...best.values()].sort(
    (a, b) => a.from_table.localeCompare(b.from_table) || a.from_columns.join().localeCompare(b.from_columns.join()),
  );
}

function compatible(c: NamingCandidate): boolean {
  const child = c.child.columns.find((col) => col.name === c.childColumn)?.canonicalType;
  const parent = c.parent.columns.find((col) => col.name === c.parentColumn)?.canonicalType;
  if (!child || !parent) return false;
  const a = KEY_FAMILY[child];
  return a !== undefined && a === KEY_FAMILY[parent];
}

function isUnique(profile: TableProfile | undefined, columns: readonly string[], table: TableInfo): boolean {
  const sameSet = (set: readonly string[]) => set.length === columns.length && set.every((c) => columns.includes(c));
  if (sameSet(table.primaryKey) || table.indexes.some((i) => i.unique && sameSet(i.columns))) return true;
  if (!profile || columns.length !== 1 || profile.sampling.method !== 'full') return false;
  const column = profile.columns.find((c) => c.name === columns[0]);
  if (!column || profile.row_count < 2) return false;
  const nonNull = Math.round(profile.row_count * (1 - column.null_percentage));
  return !column.unique_count_approx && column.unique_count === nonNull;
}

/**
 * Distinct on every row: the distinct count (exact when fully profiled, else the catalog's estimate
 * for the whole table) reaches the table's non-null rows. A count taken on a sample never does on a
 * larger table, so sampled tables without catalog statistics stay unproven (no link) rather than guessed.
 */
function looksUnique(profile: TableProfile | undefined, column: string): boolean {
  const c = profile?.columns.find((x) => x.name === column);
  if (!profile || !c || profile.row_count < 2) return false;
  // An estimate scaled from a sample reaches the row count for any column whose sampled values were all
  // distinct: it proves nothing about uniqueness.
  const basis = c.stats_basis?.distinct;
  if (basis === 'estimate:duj1' || basis === 'sample') return false;
  const nonNull = profile.row_count * (1 - c.null_percentage);
  return c.unique_count >= (c.unique_count_approx ? 0.98 : 1) * nonNull;
}

async function checkContainment(
  connector: Connector,
  c: NamingCandidate,
  timeoutMs: number,
): Promise<{ containment: number; checked: number }> {
  const d = connector.dialect;
  const child = d.quoteQualified(c.child.schema, c.child.name);
  const parent = d.quoteQualified(c.parent.schema, c.parent.name);
  const col = d.quoteIdentifier(c.childColumn);
  const key = d.quoteIdentifier(c.parentColumn);
  const v = d.quoteIdentifier('dc_v');
  const values = `SELECT DISTINCT ${col} AS ${v} FROM ${child} WHERE ${col} IS NOT NULL`;
  const sql = `SELECT COUNT(*) AS ${d.quoteIdentifier('dc_total')}, SUM(CASE WHEN s.${v} IN (SELECT ${key} FROM ${parent}) THEN 1 ELSE 0 END) AS ${d.quoteIdentifier('dc_matched')} FROM (${d.limit(values, CONTAINMENT_SAMPLE)}) s`;
  const result = await connector.execute(sql, { maxRows: 1, timeoutMs });
  const row = rowObjects(result)[0] ?? {};
  const total = toNumber(row.dc_total) ?? 0;
  const matched = toNumber(row.dc_matched) ?? 0;
  return { containment: total > 0 ? matched / total : 0, checked: total };
}

/** Runs `fn` over items with at most `limit` in flight, keeping order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
