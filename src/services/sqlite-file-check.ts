import { closeSync, existsSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { sqlitePathFromUrl } from '../connectors/sqlite/sqlite-config.js';
import { ConfigError } from '../errors.js';

/** The first 16 bytes of every SQLite 3 database file (https://www.sqlite.org/fileformat.html#the_database_header). */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export interface SqliteFileCheckOptions {
  /** Refuse files outside `root` (symbolic links followed) and files that do not exist yet. */
  confine: boolean;
}

/** True when `file` is `root` or below it. */
function isInside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Checks the file of a SQLite connection before it is registered: it must be a SQLite database
 * (16-byte header; an empty file is an empty database), and with `confine` it must exist inside the
 * project folder, so a REST client cannot make the server read `/etc/passwd` or `../other/app.db`.
 * A file that does not exist yet is accepted without `confine` (the CLI may register it first).
 */
export function checkSqliteFile(url: string, root: string, options: SqliteFileCheckOptions): void {
  const path = sqlitePathFromUrl(url);
  const file = isAbsolute(path) ? path : resolve(root, path);
  const hint =
    'Put the database file inside the project folder and use a relative path (sqlite:data/app.db), ' +
    'add it with the CLI ' +
    '(`datachat db add`), or allow other paths with `server: { allow_external_sqlite_paths: true }` in .datachat.yml ' +
    '(or DATACHAT_ALLOW_EXTERNAL_SQLITE_PATHS=1).';
  if (options.confine) {
    const realRoot = existsSync(root) ? realpathSync(root) : root;
    if (!isInside(root, file)) {
      throw new ConfigError(`The SQLite file "${path}" is outside the project folder.`, [], { hint });
    }
    if (!existsSync(file)) {
      throw new ConfigError(`The SQLite file "${path}" does not exist in the project folder.`, [], {
        hint: 'Create the database file first, then add it.',
      });
    }
    // A symbolic link inside the project may point anywhere: judge where it leads.
    if (!isInside(realRoot, realpathSync(file))) {
      throw new ConfigError(`The SQLite file "${path}" links outside the project folder.`, [], { hint });
    }
  }
  if (!existsSync(file)) return;
  const stat = statSync(file);
  if (!stat.isFile()) {
    throw new ConfigError(`"${path}" is not a file, so it cannot be a SQLite database.`, [], {
      hint: 'Name the database file itself (e.g. sqlite:data/app.db), not its folder.',
    });
  }
  if (stat.size === 0) return;
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(file, 'r');
  let read = 0;
  try {
    read = readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (read < header.length || !header.equals(SQLITE_HEADER)) {
    throw new ConfigError(`"${path}" is not a SQLite database (its first bytes are not the SQLite 3 header).`, [], {
      hint: 'Point the connection at a SQLite 3 database file (.db, .sqlite); other files are refused.',
    });
  }
}
