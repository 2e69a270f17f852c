import type { TableInfo } from '../connectors/schema-metadata.js';

export interface NamingCandidate {
  child: TableInfo;
  childColumn: string;
  parent: TableInfo;
  parentColumn: string;
  /** Which rule matched, for the evidence. */
  rule: string;
}

const snake = (s: string): string => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

function plurals(word: string): string[] {
  const out = [word, `${word}s`, `${word}es`];
  if (word.endsWith('y')) out.push(`${word.slice(0, -1)}ies`);
  if (word.endsWith('s')) out.push(word.slice(0, -1));
  return out;
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
        if (parent !== child) push({ child, childColumn: column.name, parent, parentColumn: referenceKey(parent)!, rule: `same name as ${parent.name}.${referenceKey(parent)}` });
      }
      const match = /^(.+?)_?id$/.exec(name);
      if (!match || name === 'id') continue;
      const tokens = match[1]!.split('_').filter(Boolean);
      for (let start = 0; start < tokens.length; start++) {
        const base = tokens.slice(start).join('_');
        for (const parent of tableLookup(base)) {
          const key = referenceKey(parent);
          if (!key || (parent === child && column.name === key)) continue;
          push({ child, childColumn: column.name, parent, parentColumn: key, rule: `${column.name} → ${parent.name}.${key}` });
        }
      }
    }
  }
  return out;
}
