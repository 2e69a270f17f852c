// Spider dev (dev.json) → one datachat eval file per database, written at run time into a temp folder
// (the 1,034 questions are never committed here).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DATASETS } from './databases.mjs';

const require = createRequire(import.meta.url);
const YAML = require('yaml');

const SPIDER = join(DATASETS, 'spider_dev');

/** Connection id of a Spider database: lower-case, as the config schema requires. */
export const spiderConnection = (dbId) => `spider_${dbId.toLowerCase()}`;

/**
 * Spider dev databases with a complete SQLite file. wta_1 is left out: its rebuilt copy
 * (database_partial/) has an empty `rankings` table, so its gold answers do not hold.
 */
export function spiderDatabases() {
  const file = join(SPIDER, 'dev.json');
  if (!existsSync(file)) return [];
  const examples = JSON.parse(readFileSync(file, 'utf8'));
  const ids = [...new Set(examples.map((e) => e.db_id))].sort();
  return ids.filter((id) => existsSync(join(SPIDER, `database/${id}/${id}.sqlite`)));
}

/**
 * Writes `<dir>/spider_<db>.yaml` with the dev.json questions of `dbId` (every `limit`-th spaced
 * evenly when `limit` is set) and returns its path. Gold SQL with ORDER BY keeps its order.
 */
export function writeSpiderSet(dir, dbId, limit) {
  const examples = JSON.parse(readFileSync(join(SPIDER, 'dev.json'), 'utf8')).filter((e) => e.db_id === dbId);
  const picked =
    limit && limit < examples.length
      ? examples.filter((_, i) => i % Math.ceil(examples.length / limit) === 0)
      : examples;
  const questions = picked.map((e) => {
    const id = `${dbId}_${examples.indexOf(e)}`;
    return {
      id,
      question: e.question,
      gold_sql: singleQuotedLiterals(e.query),
      order_matters: /\border\s+by\b/i.test(e.query),
      ...(GOLD_WRONG[id] ? { gold_wrong: GOLD_WRONG[id] } : {}),
    };
  });
  const file = join(dir, `${spiderConnection(dbId)}.yaml`);
  writeFileSync(file, YAML.stringify({ connection: spiderConnection(dbId), questions }));
  return file;
}

// Gold SQL that answers another question than asked, checked by hand on the database: by question id.
const COUNT_OF_GROUPS =
  '"how many countries have more than 2 car makers" is one number (4); the gold SQL (GROUP BY country HAVING ' +
  "COUNT(*) > 2 with no outer count) lists each such country's maker count instead (4 rows)";
const GOLD_WRONG = { car_1_74: COUNT_OF_GROUPS, car_1_75: COUNT_OF_GROUPS };

/**
 * Spider's gold SQL writes string literals in double quotes, which SQLite reads as identifiers when
 * the connection disables that legacy fallback (ours does); Spider dev quotes no identifiers, so every
 * double-quoted run is a literal.
 */
export function singleQuotedLiterals(sql) {
  return sql.replace(/"([^"]*)"/g, (_, text) => `'${text.replace(/'/g, "''")}'`);
}
