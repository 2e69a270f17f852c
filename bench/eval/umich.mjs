// GeoQuery and Restaurants (Finegan-Dollak et al. 2018, ../shared/datasets/text2sql_data_umich) → datachat
// eval files written at run time: every question of the templates with its variables substituted into the
// text and into the template's first gold SQL (nothing large is committed).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DATASETS } from './databases.mjs';
import { goldWrongChecker } from './umich-gold-wrong.mjs';

const require = createRequire(import.meta.url);
const YAML = require('yaml');

export const UMICH = join(DATASETS, 'text2sql_data_umich');
/** The two sets whose databases ship with the data: name → SQLite file. */
export const UMICH_SETS = {
  geography: 'geography-db.added-in-2020.sqlite',
  restaurants: 'restaurants-db.added-in-2020.sqlite',
};

export const umichConnection = (name) => `umich_${name}`;

/** Writes `<dir>/umich_<name>.yaml` and returns its path. */
export function writeUmichSet(dir, name) {
  const templates = JSON.parse(readFileSync(join(UMICH, `${name}.json`), 'utf8'));
  const questions = [];
  const goldWrong = goldWrongChecker(join(UMICH, UMICH_SETS[name]));
  templates.forEach((template, t) => {
    template.sentences.forEach((sentence, s) => {
      const fill = (text) =>
        Object.entries(sentence.variables).reduce((out, [key, value]) => out.split(key).join(value), text);
      const sql = fill(template.sql[0])
        .replace(/"([^"]*)"/g, (_, v) => `'${v.replace(/'/g, "''")}'`)
        .replace(/;\s*$/, '');
      const id = `${name}_${t}_${s}`;
      const wrong = goldWrong(id, sql);
      questions.push({
        id,
        question: fill(sentence.text),
        gold_sql: sql,
        order_matters: /\border\s+by\b/i.test(sql),
        ...(wrong ? { gold_wrong: wrong } : {}),
      });
    });
  });
  const file = join(dir, `${umichConnection(name)}.yaml`);
  writeFileSync(file, YAML.stringify({ connection: umichConnection(name), questions }));
  return file;
}
