import type { ColumnInfo, TableInfo } from '../connectors/schema-metadata.js';
import type { NamingCandidate } from './naming-candidates.js';
import type { TableProfile } from './profile-model.js';

/** At most this many containment checks for value overlap per database: a budget, not a sample. */
export const MAX_OVERLAP_CHECKS = 100;

/** Databases with more tables than this get no value-overlap pass (pairs grow with the square). */
export const MAX_OVERLAP_TABLES = 60;

/**
 * Pure value-overlap candidates (no naming evidence): a text child column whose profiled values fall
 * within a unique text column of another table (its key), views left out. Pre-filtered on the profiles
 * (type, min/max range, distinct counts), so only plausible pairs reach the database; containment
 * decides afterwards. Integers are left out: small numbers fit inside every id range (a film's length
 * inside city ids), so values alone never tell which table they point to.
 */
export function valueOverlapCandidates(
  tables: readonly TableInfo[],
  profiles: ReadonlyMap<string, TableProfile>,
  linked: ReadonlySet<string>,
  unique: (table: TableInfo, column: string) => boolean,
): NamingCandidate[] {
  if (tables.length > MAX_OVERLAP_TABLES) return [];
  const parents: { table: TableInfo; column: ColumnInfo; distinct: number; min: unknown; max: unknown }[] = [];
  for (const table of tables) {
    const profile = profiles.get(table.name);
    if (!profile || profile.row_count < 2 || table.kind === 'view') continue;
    for (const column of table.columns) {
      const p = profile.columns.find((c) => c.name === column.name);
      if (!isText(column) || !p || !unique(table, column.name)) continue;
      parents.push({ table, column, distinct: p.unique_count, min: p.min_value, max: p.max_value });
    }
  }
  const out: NamingCandidate[] = [];
  for (const child of tables) {
    const profile = profiles.get(child.name);
    if (!profile || profile.row_count < 2 || child.kind === 'view') continue;
    const ownKey = child.primaryKey.length === 1 ? child.primaryKey[0] : undefined;
    for (const column of child.columns) {
      const p = profile.columns.find((c) => c.name === column.name);
      if (!isText(column) || !p || column.name === ownKey || linked.has(`${child.name}.${column.name}`)) continue;
      // Two values or fewer is a flag or a constant: it fits inside any key.
      if (p.unique_count < 3 || p.pii || !codeLike(p.sample_values)) continue;
      for (const parent of parents) {
        if (parent.table === child || p.unique_count > parent.distinct) continue;
        if (!within(p.min_value, p.max_value, parent.min, parent.max)) continue;
        const parentColumn = parent.column.name;
        out.push({ child, childColumn: column.name, parent: parent.table, parentColumn, rule: 'value overlap' });
      }
    }
  }
  return out.slice(0, MAX_OVERLAP_CHECKS);
}

function isText(column: ColumnInfo): boolean {
  return column.canonicalType === 'string' || column.canonicalType === 'uuid';
}

/** Short identifiers, not prose, names or dates: no spaces, 1 to 40 characters, not ISO dates. */
function codeLike(samples: readonly unknown[]): boolean {
  const values = samples.filter((v): v is string => typeof v === 'string');
  const code = (v: string) => v.length >= 1 && v.length <= 40 && !/\s/.test(v.trim()) && !/^\d{4}-\d{2}-\d{2}/.test(v);
  return values.length > 0 && values.every(code);
}

function within(min: unknown, max: unknown, parentMin: unknown, parentMax: unknown): boolean {
  if (min === null || max === null || parentMin === null || parentMax === null) return false;
  return String(min) >= String(parentMin) && String(max) <= String(parentMax);
}
