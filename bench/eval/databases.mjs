// How each eval database is reached: SQLite files used in place (the connector opens them read-only),
// PostgreSQL dumps loaded into a scratch database that is dropped at the end.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DATASETS = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));
export const PG_ADMIN_URL = process.env.DATACHAT_BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

const TPCH_TABLES = ['region', 'nation', 'supplier', 'customer', 'part', 'partsupp', 'orders', 'lineitem'];

/**
 * A database for one eval connection: `{ url, cleanup() }`, or a string saying why it cannot be built.
 * `sample` is the embedded sample database (`init --sample`), so it has no URL.
 */
export async function prepareDatabase(name) {
  switch (name) {
    case 'sample':
      return { sample: true, cleanup: () => undefined };
    case 'chinook':
      return sqliteFile(join(DATASETS, 'chinook/Chinook_Sqlite.sqlite'));
    case 'pagila':
      return postgres('pagila', ['pagila/pagila-schema.sql', 'pagila/pagila-data.sql'], (url) => {
        // The dump's OWNER TO lines fail where the superuser has another name and change nothing here.
        const withoutOwners = (sql) => sql.replace(/^ALTER [^\n]* OWNER TO [^\n]*;$/gm, '');
        psql(url, withoutOwners(readFileSync(join(DATASETS, 'pagila/pagila-schema.sql'), 'utf8')));
        psql(url, withoutOwners(readFileSync(join(DATASETS, 'pagila/pagila-data.sql'), 'utf8')));
      });
    case 'northwind':
      return postgres('northwind', ['northwind_psql/northwind.sql'], (url) =>
        psql(url, readFileSync(join(DATASETS, 'northwind_psql/northwind.sql'), 'utf8')),
      );
    case 'tpch':
      // PostgreSQL rather than the .sqlite copy: dss.ddl's unquoted names fold to lower case there, as
      // most users see TPC-H, and dates are real dates.
      return postgres(
        'tpch',
        ['tpch_sf0.01/dss.ddl', ...TPCH_TABLES.map((t) => `tpch_sf0.01/tbl/${t}.tbl.gz`)],
        (url) => {
          psql(url, readFileSync(join(DATASETS, 'tpch_sf0.01/dss.ddl'), 'utf8'));
          for (const table of TPCH_TABLES) {
            // dbgen ends every line with a `|`, which COPY would read as one more column.
            const rows = execFileSync('gzip', ['-dc', join(DATASETS, `tpch_sf0.01/tbl/${table}.tbl.gz`)], {
              maxBuffer: 1 << 30,
            })
              .toString('utf8')
              .replace(/\|$/gm, '');
            psql(url, `\\copy ${table} from stdin with (format text, delimiter '|')\n${rows}\\.\n`);
          }
          psql(url, 'ANALYZE');
        },
      );
    default:
      if (name.startsWith('defog_')) {
        const db = name.slice('defog_'.length);
        const file = `defog_sql_eval/databases/${db}/${db}.sql`;
        return postgres(name.replace(/_/g, ''), [file], (url) => psql(url, readFileSync(join(DATASETS, file), 'utf8')));
      }
      if (name.startsWith('umich_')) {
        const files = {
          geography: 'geography-db.added-in-2020.sqlite',
          restaurants: 'restaurants-db.added-in-2020.sqlite',
        };
        return sqliteFile(join(DATASETS, 'text2sql_data_umich', files[name.slice('umich_'.length)] ?? 'missing'));
      }
      if (name.startsWith('spider_')) {
        const db = name.slice('spider_'.length);
        return sqliteFile(join(DATASETS, `spider_dev/database/${db}/${db}.sqlite`));
      }
      return `unknown database ${name}`;
  }
}

function sqliteFile(file) {
  if (!existsSync(file)) return `${file} is missing`;
  return { url: `sqlite:${file}`, cleanup: () => undefined };
}

function postgres(id, files, load) {
  const missing = files.filter((f) => !existsSync(join(DATASETS, f)));
  if (missing.length) return `../shared/datasets is missing ${missing.join(', ')}`;
  if (spawnSync('psql', ['--version'], { stdio: 'ignore' }).status !== 0) return 'psql is not on PATH';
  const probe = spawnSync('psql', ['--no-psqlrc', '-d', PG_ADMIN_URL, '-c', 'SELECT 1'], { stdio: 'ignore' });
  if (probe.status !== 0) return `PostgreSQL not reachable at ${PG_ADMIN_URL} (set DATACHAT_BENCH_PG_URL)`;
  const database = `dc_eval_${id}_${randomBytes(4).toString('hex')}`;
  psql(PG_ADMIN_URL, `CREATE DATABASE "${database}"`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  const drop = () => psql(PG_ADMIN_URL, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  try {
    load(url.toString());
  } catch (error) {
    drop();
    throw error;
  }
  return { url: url.toString(), cleanup: drop };
}

/** Feeds `sql` to psql (COPY blocks and meta-commands need it), stopping at the first error. */
export function psql(url, sql) {
  const result = spawnSync(
    'psql',
    ['--no-psqlrc', '--quiet', '--set', 'ON_ERROR_STOP=1', '--dbname', url, '--file', '-'],
    {
      input: sql,
      stdio: ['pipe', 'ignore', 'pipe'],
      env: { ...process.env, PGOPTIONS: '--client-min-messages=warning' },
      maxBuffer: 1 << 26,
    },
  );
  if (result.status !== 0)
    throw new Error(`psql exited with ${result.status}: ${result.stderr.toString().trim().slice(0, 2000)}`);
}
