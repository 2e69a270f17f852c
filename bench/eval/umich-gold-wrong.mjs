// Gold SQL of the GeoQuery/Restaurants sets that is provably wrong on the 2020 databases shipped with the data,
// each with the evidence: the eval file marks it `gold_wrong: <reason>`, so an answer that differs from it
// counts as "differs from a wrong gold", never as correct or wrong. Checked by hand against the databases.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// GeoQuery's `river` has no key and a row per river × state it crosses, with exact duplicate rows
// (`SELECT river_name, traverse, COUNT(*) FROM river GROUP BY 1, 2 HAVING COUNT(*) > 1` lists 12 pairs).
const RIVER_ROWS =
  'counts rows of `river`, which repeat a river once per state it crosses and hold exact duplicate rows';
/** By question id (`<set>_<template>_<sentence>`) or template (`<set>_<template>`): the reason. */
const BY_ID = {
  // SELECT river_name … WHERE length = (SELECT MAX(length) …): 7 identical rows "missouri", one river.
  geography_28: 'returns the longest river once per row of `river` (7 identical rows "missouri"); it is one river',
  // COUNT(river_name) WHERE traverse = 'colorado' is 11: ("san juan", "colorado") is in the table twice; 10 rivers.
  geography_16_4: `${RIVER_ROWS}: 11 counts "san juan" twice, 10 rivers cross colorado`,
  // traverse = 'missouri': ("missouri", "missouri") twice; 4 rivers (mississippi, missouri, st. francis, white).
  geography_16_10: `${RIVER_ROWS}: 5 counts "missouri" twice, 4 rivers cross missouri`,
  // river_name = 'colorado': one river (length 2333) crossing 5 states, counted 5 times.
  geography_49_1: `${RIVER_ROWS}: the one river called colorado (length 2333) is counted once per state, 5 times`,
};

/**
 * `(id, goldSql) → reason | undefined` for one set: the reasons above, plus any gold SQL that references a
 * column its database does not have (Restaurants' `RESTAURANT.ID`: the 2020 table's key is `RESTAURANT_ID`).
 */
export function goldWrongChecker(databaseFile) {
  const Database = require('better-sqlite3');
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  const columns = new Map();
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    for (const table of tables) {
      const names = db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table);
      columns.set(table.toUpperCase(), new Set(names.map((n) => n.toUpperCase())));
    }
  } finally {
    db.close();
  }
  return (id, sql) => {
    const template = id.replace(/_\d+$/, '');
    if (BY_ID[id] ?? BY_ID[template]) return BY_ID[id] ?? BY_ID[template];
    for (const [, table, column] of sql.matchAll(/\b([A-Z_]+)alias\d+\.([A-Z_]+)\b/g)) {
      const known = columns.get(table.toUpperCase());
      if (known && !known.has(column.toUpperCase()))
        return `references ${table}.${column}, which the 2020 database does not have (columns: ${[...known].join(', ')})`;
    }
    return undefined;
  };
}
