import type { TableInfo } from '../connectors/schema-metadata.js';

export interface NamingCandidate {
  child: TableInfo;
  childColumn: string;
  parent: TableInfo;
  parentColumn: string;
  /** Which rule matched, for the evidence. */
  rule: string;
  /**
   * True when the parent column is a key by its name only (no primary key or unique index says so):
   * discovery must then see it unique in the data before trusting the link.
   */
  parentKeyByName?: boolean;
}

const snake = (s: string): string => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

function plurals(word: string): string[] {
  const out = [word, `${word}s`, `${word}es`];
  if (word.endsWith('y')) out.push(`${word.slice(0, -1)}ies`);
  if (word.endsWith('s')) out.push(word.slice(0, -1));
  return out;
}

/**
 * The short prefix most of a table's columns share (`c_` for TPC-H's customer: `c_custkey`, `c_name`),
 * or undefined: at least two thirds of the columns, and two or more, must carry it.
 */
export function columnPrefix(columns: readonly string[]): string | undefined {
  if (columns.length < 2) return undefined;
  const counts = new Map<string, number>();
  for (const name of columns) {
    const match = /^([a-z]{1,3})_[a-z0-9]/i.exec(name);
    const prefix = match?.[1]?.toLowerCase();
    if (prefix && !NOT_A_PREFIX.has(prefix)) counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
  }
  const [prefix, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [];
  return prefix && n! >= 2 && n! * 3 >= columns.length * 2 ? `${prefix}_` : undefined;
}

/** Prefixes that carry meaning and are never a table's column prefix. */
const NOT_A_PREFIX = new Set(['is', 'has', 'id', 'no', 'to', 'in', 'on', 'at', 'by']);

/** `<x>key`, `<x>_key`, `<x>id`, `<x>_id` → x (lower case), else undefined. */
function keyBase(bare: string): string | undefined {
  return /^([a-z][a-z0-9]*?)_?(key|id)$/.exec(bare)?.[1];
}

/**
 * A table's own key named after the table, behind the table's column prefix (TPC-H: `n_nationkey` in
 * nation, `c_custkey` in customer, `s_suppkey` in supplier): its base (`nationkey`) is the table's name,
 * or an abbreviation the name starts with (`cust`, `supp`). The first such column, else undefined.
 */
export function prefixedOwnKey(table: TableInfo): { column: string; base: string } | undefined {
  const prefix = columnPrefix(table.columns.map((c) => c.name));
  if (!prefix) return undefined;
  const name = snake(table.name);
  for (const column of [...table.columns].sort((a, b) => a.ordinal - b.ordinal)) {
    const bare = snake(column.name).slice(prefix.length);
    if (!snake(column.name).startsWith(prefix)) continue;
    const x = keyBase(bare);
    if (x && x.length >= 3 && (name.startsWith(x) || plurals(x).includes(name)))
      return { column: column.name, base: bare.replace('_', '') };
  }
  return undefined;
}

/** A single-column key people reference: the primary key, else a column named `id`. */
export function referenceKey(table: TableInfo): string | undefined {
  if (table.primaryKey.length === 1) return table.primaryKey[0];
  return table.columns.find((c) => c.name.toLowerCase() === 'id')?.name;
}

/**
 * Naming-pattern candidates: `customer_id`/`customerId` → `customer(s).id`, a prefixed base
 * (`landing_product_id` → `products`), table prefixes (`shop_customers`), and columns named exactly
 * like another table's specific primary key (`film_id` → `film.film_id`).
 */
export function namingCandidates(tables: readonly TableInfo[]): NamingCandidate[] {
  const byName = new Map<string, TableInfo[]>();
  for (const t of tables) {
    const key = snake(t.name);
    byName.set(key, [...(byName.get(key) ?? []), t]);
  }
  // Every `_`-delimited suffix of every table name (`shop_customers` → `customers`), indexed once so
  // lookups stay linear in the number of tables.
  const bySuffix = new Map<string, TableInfo[]>();
  for (const [name, ts] of byName) {
    const parts = name.split('_');
    for (let i = 1; i < parts.length; i++) {
      const suffix = parts.slice(i).join('_');
      bySuffix.set(suffix, [...(bySuffix.get(suffix) ?? []), ...ts]);
    }
  }
  const tableLookup = (base: string): TableInfo[] => {
    const found: TableInfo[] = [];
    for (const form of plurals(base)) found.push(...(byName.get(form) ?? []), ...(bySuffix.get(form) ?? []));
    return [...new Set(found)];
  };
  const specificKeys = new Map<string, TableInfo[]>();
  for (const t of tables) {
    const key = referenceKey(t);
    if (key && snake(key) !== 'id') specificKeys.set(snake(key), [...(specificKeys.get(snake(key)) ?? []), t]);
  }

  const out: NamingCandidate[] = [];
  const seen = new Set<string>();
  const push = (c: NamingCandidate) => {
    const id = `${c.child.schema}.${c.child.name}.${c.childColumn}>${c.parent.schema}.${c.parent.name}.${c.parentColumn}`;
    if (!seen.has(id)) {
      seen.add(id);
      out.push(c);
    }
  };
  for (const child of tables) {
    const ownKey = child.primaryKey.length === 1 ? child.primaryKey[0] : undefined;
    for (const column of child.columns) {
      const name = snake(column.name);
      if (column.name === ownKey && snake(column.name) === 'id') continue;
      for (const parent of specificKeys.get(name) ?? []) {
        if (parent !== child)
          push({
            child,
            childColumn: column.name,
            parent,
            parentColumn: referenceKey(parent)!,
            rule: `same name as ${parent.name}.${referenceKey(parent)}`,
          });
      }
      const match = /^(.+?)_?id$/.exec(name);
      if (!match || name === 'id') continue;
      const tokens = match[1]!.split('_').filter(Boolean);
      for (let start = 0; start < tokens.length; start++) {
        const base = tokens.slice(start).join('_');
        for (const parent of tableLookup(base)) {
          const key = referenceKey(parent);
          if (!key || (parent === child && column.name === key)) continue;
          push({
            child,
            childColumn: column.name,
            parent,
            parentColumn: key,
            rule: `${column.name} → ${parent.name}.${key}`,
          });
        }
      }
    }
  }
  prefixedKeyCandidates(tables, push);
  return out;
}

/**
 * Prefixed keys with no declared keys at all (TPC-H): `c_nationkey` in customer → nation's own key
 * `n_nationkey`, matched on the words behind each table's column prefix.
 */
function prefixedKeyCandidates(tables: readonly TableInfo[], push: (c: NamingCandidate) => void): void {
  const owners = new Map<string, { table: TableInfo; column: string }[]>();
  for (const t of tables) {
    const own = prefixedOwnKey(t);
    if (own) owners.set(own.base, [...(owners.get(own.base) ?? []), { table: t, column: own.column }]);
  }
  if (!owners.size) return;
  for (const child of tables) {
    const prefix = columnPrefix(child.columns.map((c) => c.name));
    if (!prefix) continue;
    for (const column of child.columns) {
      const name = snake(column.name);
      if (!name.startsWith(prefix)) continue;
      const bare = name.slice(prefix.length);
      if (!keyBase(bare)) continue;
      for (const parent of owners.get(bare.replace('_', '')) ?? []) {
        if (parent.table === child) continue;
        const declared = referenceKey(parent.table) === parent.column;
        push({
          child,
          childColumn: column.name,
          parent: parent.table,
          parentColumn: parent.column,
          rule: `${column.name} → ${parent.table.name}.${parent.column} (prefixed key)`,
          ...(declared ? {} : { parentKeyByName: true }),
        });
      }
    }
  }
}
