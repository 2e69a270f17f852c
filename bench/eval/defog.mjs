// Defog sql-eval (questions_gen_postgres.csv over the defog-data PostgreSQL databases) → one datachat
// eval file per database, written at run time into a temp folder.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DATASETS } from './databases.mjs';

const require = createRequire(import.meta.url);
const YAML = require('yaml');

export const DEFOG = join(DATASETS, 'defog_sql_eval');
const QUESTIONS = join(DEFOG, 'questions/questions_gen_postgres.csv');

export const defogConnection = (db) => `defog_${db}`;

/** The databases the main question file uses, with their .sql present. */
export function defogDatabases() {
  if (!existsSync(QUESTIONS)) return [];
  const dbs = [...new Set(readCsv(QUESTIONS).map((r) => r.db_name))].sort();
  return dbs.filter((db) => existsSync(join(DEFOG, `databases/${db}/${db}.sql`)));
}

/**
 * Writes `<dir>/defog_<db>.yaml` and returns its path. sql-eval's gold conventions are reduced to one
 * query: of several `;`-separated acceptable queries the first, and of `{a.x, a.y}` ("either column")
 * the first column (`{}` repeats it). That can only make an answer with the other column count as wrong, never the reverse.
 */
export function writeDefogSet(dir, db) {
  const rows = readCsv(QUESTIONS).filter((r) => r.db_name === db);
  const questions = rows.map((r, i) => ({
    id: `${db}_${i}`,
    question: r.question,
    gold_sql: firstAlternative(r.query),
    order_matters: /\border\s+by\b/i.test(r.query) && r.query_category === 'order_by',
  }));
  const file = join(dir, `${defogConnection(db)}.yaml`);
  writeFileSync(file, YAML.stringify({ connection: defogConnection(db), questions }));
  return file;
}

export function firstAlternative(sql) {
  const first = sql.split(/;\s*(?=\S)/)[0].replace(/;\s*$/, '');
  // `{}` repeats the columns chosen at the last braces (sql-eval's GROUP BY {} convention).
  let chosen = '';
  return first.replace(/\{([^{}]*)\}/g, (_, inner) => (inner.trim() ? (chosen = inner.split(',')[0].trim()) : chosen));
}

/** RFC 4180 CSV (quoted fields with "" escapes and newlines) → objects keyed by the header. */
export function readCsv(file) {
  const text = readFileSync(file, 'utf8');
  const records = [];
  let field = '';
  let record = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') record.push(field), (field = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field), (field = '');
      if (record.some((f) => f !== '')) records.push(record);
      record = [];
    } else field += ch;
  }
  if (field || record.length) record.push(field), records.push(record);
  const [header, ...rows] = records;
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}
