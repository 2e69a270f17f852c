import {
  type Dirent,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** The project's local-state folder (gitignored by `datachat init`); temp files live in its `tmp/`. */
const STATE_DIR = '.datachat';
const TEMP_SUBDIR = 'tmp';
/** `<name>.tmp-<pid>-<n>`: the pid tells a crashed writer's leftover from a live one's file. */
const TEMP_NAME = /\.tmp-(\d+)-\d+$/;
/**
 * A temp file this old is a leftover even if its pid was reused by a live process: a real write
 * takes milliseconds to seconds between creating the temp file and renaming it.
 */
const STALE_AFTER_MS = 10 * 60 * 1000;

/** Temp names of the files datachat writes in a project folder. */
const PROJECT_FILE_TEMP = /(\.ya?ml|\.json|^\.gitignore)\.tmp-\d+-\d+$/;

let counter = 0;
/** Found temp folders by target folder; misses are not cached, a project may be created later. */
const tempDirs = new Map<string, string>();
const swept = new Set<string>();

/**
 * Writes a file so that readers see either the old or the new content, never a half-written one:
 * write a temp file, fsync, rename over the target. Inside a project the temp file goes to
 * `.datachat/tmp/` (gitignored; same filesystem, so the rename stays atomic), so a writer killed
 * mid-write leaves nothing that git or the DataPoint loader sees; outside a project, or when that
 * folder is on another filesystem, it is a hidden file next to the target. Leftovers of dead writers
 * are removed by {@link sweepStaleTempFiles} (on the first write into a temp folder, and at startup).
 */
export function writeFileAtomic(path: string, content: string | Buffer, mode = 0o644): void {
  const target = resolve(path);
  const folder = dirname(target);
  mkdirSync(folder, { recursive: true });
  const tempDir = tempDirFor(folder);
  if (tempDir && !swept.has(tempDir)) {
    swept.add(tempDir);
    sweepTempFolder(tempDir);
  }
  const name = `${basename(target)}.tmp-${process.pid}-${counter++}`;
  const temp = tempDir ? join(tempDir, name) : join(folder, `.${name}`);
  const fd = openSync(temp, 'w', mode);
  try {
    writeSync(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** `.datachat/tmp` of the nearest enclosing project on the same device as `folder`, else undefined. */
function tempDirFor(folder: string): string | undefined {
  const cached = tempDirs.get(folder);
  if (cached) return cached;
  let found: string | undefined;
  for (let dir = folder; ; dir = dirname(dir)) {
    const state = join(dir, STATE_DIR);
    if (isDirectory(state)) {
      const temp = join(state, TEMP_SUBDIR);
      try {
        mkdirSync(temp, { recursive: true });
        // rename(2) cannot cross filesystems: a target on another mount keeps its temp file beside it.
        if (statSync(temp).dev === statSync(folder).dev) found = temp;
      } catch {
        found = undefined;
      }
      break;
    }
    if (dirname(dir) === dir) break;
  }
  if (found) tempDirs.set(folder, found);
  return found;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when `name` is a temp file of a writer that is gone (dead pid, or older than a day). */
function isStale(file: string, name: string, now: number): boolean {
  const match = TEMP_NAME.exec(name);
  if (!match) return false;
  if (!isAlive(Number(match[1]))) return true;
  try {
    return now - statSync(file).mtimeMs > STALE_AFTER_MS;
  } catch {
    return false;
  }
}

/**
 * Beside the targets, this version only ever writes hidden temp files (the fallback outside
 * `.datachat/tmp`), judged by their pid; a visible `x.yaml.tmp-<pid>-<n>` can only be a leftover of an
 * earlier version's writer, which is what made `git status` dirty, so it goes whatever its pid.
 */
function isLeftoverBeside(file: string, name: string, now: number): boolean {
  if (!TEMP_NAME.test(name)) return false;
  const hidden = name.startsWith('.') && !name.startsWith('.gitignore.') && !name.startsWith('.datachat.yml.');
  if (hidden) return isStale(file, name, now);
  // Only files datachat writes (DataPoints, their JSON Schema, config, .gitignore): never someone else's.
  return PROJECT_FILE_TEMP.test(name);
}

/** Best effort: a folder or file that cannot be read or removed is left for the next sweep. */
function sweepTempFolder(dir: string, now = Date.now()): string[] {
  const removed: string[] = [];
  if (!existsSync(dir)) return removed;
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = join(dir, entry.name);
      if (entry.isFile() && isStale(file, entry.name, now) && tryRemove(file)) removed.push(file);
    }
  } catch {
    // unreadable folder: nothing to do
  }
  return removed;
}

function tryRemove(file: string): boolean {
  try {
    rmSync(file, { force: true });
    return true;
  } catch {
    return false;
  }
}

/** Where {@link sweepStaleTempFiles} looks besides `<stateDir>/tmp`. */
export interface SweepPlaces {
  /** Walked recursively (e.g. `datapoints/`, `.datachat/pending/`). */
  trees?: readonly string[];
  /** Only their own entries (e.g. the project root, where `.datachat.yml` is written). */
  folders?: readonly string[];
}

/**
 * Removes temp files left by writers that died mid-write (kill -9, power loss): every stale one in
 * `<stateDir>/tmp`, and in the given places the ones earlier versions wrote next to their targets
 * (`x.yaml.tmp-<pid>-<n>`) or hidden ones of dead writers from writes outside `.datachat/tmp`.
 * Returns the removed paths. Cheap: directory listings only, no file is opened; never throws.
 */
export function sweepStaleTempFiles(stateDir: string, places: SweepPlaces = {}): string[] {
  const now = Date.now();
  const removed = sweepTempFolder(join(stateDir, TEMP_SUBDIR), now);
  const visit = (dir: string, recurse: boolean): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (recurse) visit(full, true);
      } else if (entry.isFile() && isLeftoverBeside(full, entry.name, now) && tryRemove(full)) removed.push(full);
    }
  };
  for (const tree of places.trees ?? []) visit(tree, true);
  for (const folder of places.folders ?? []) visit(folder, false);
  return removed;
}
