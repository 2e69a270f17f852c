import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { ProjectConfig } from './config-schema.js';

/** The file in the project's state folder (`.datachat/`, gitignored) holding the last validated config. */
export const CONFIG_CACHE_FILE = 'config-cache.json';

/** Bump when the cache file's shape changes. */
const FORMAT = 1;

declare const __DATACHAT_BUILD_ID__: string | undefined;

/**
 * Identity of the running build (a hash of the sources, set by scripts/bundle-cli.mjs). The validated
 * config depends on the schema and defaults of the build that produced it, so a cache written by another
 * build is never used. Unbundled runs (tests, `node dist/cli/main.js`) have none: no cache.
 */
export function currentBuildId(): string | undefined {
  return typeof __DATACHAT_BUILD_ID__ === 'string' ? __DATACHAT_BUILD_ID__ : undefined;
}

/**
 * Validated `.datachat.yml` kept as JSON so a warm start skips YAML parsing and zod validation (the
 * largest share of a one-shot `ask` after node itself). Never stale: the key is a hash of the build and of
 * the file's exact bytes, so any edit (even one keeping size and mtime) or another datachat version misses.
 * The key also holds the config file's device and inode: a cache file that arrives with the project (committed
 * to git, copied, unpacked) cannot match, so a hand-made entry can never stand in for the visible YAML.
 * The caller stores only configs without `${ENV}` references (their result depends on the environment, and
 * interpolated values, often passwords, must not be copied to disk), and only after validation passed; a
 * config is written only if it survives a JSON round trip unchanged (plain data), so a hit returns exactly
 * what validation would. Any problem reading or writing the cache means the normal path; it is never an error.
 */
export class ConfigCache {
  private readonly file: string;

  constructor(
    private readonly stateDir: string,
    private readonly buildId: string | undefined = currentBuildId(),
  ) {
    this.file = join(stateDir, CONFIG_CACHE_FILE);
  }

  /**
   * The validated config for exactly this file text, or undefined. `identity`: the config file's
   * `${dev}:${ino}` (see {@link fileIdentity}).
   */
  get(text: string, identity: string): ProjectConfig | undefined {
    if (this.buildId === undefined) return undefined;
    try {
      const entry = JSON.parse(readFileSync(this.file, 'utf8')) as { format?: number; key?: string; config?: unknown };
      if (entry.format !== FORMAT || entry.key !== this.key(text, identity) || !isPlainObject(entry.config))
        return undefined;
      return entry.config as ProjectConfig;
    } catch {
      return undefined;
    }
  }

  /**
   * Remembers the validated config of this file text (only inside an existing state folder). Call it only
   * for a config whose values hold no `${ENV}` reference.
   */
  set(text: string, identity: string, config: ProjectConfig): void {
    if (this.buildId === undefined || !existsSync(this.stateDir)) return;
    try {
      const json = JSON.stringify(config);
      // A value JSON cannot carry (undefined, a Date, NaN...) would come back different: not cached.
      if (!isJsonData(config) || json === undefined) return;
      writeFileAtomic(
        this.file,
        JSON.stringify({ format: FORMAT, key: this.key(text, identity), config: JSON.parse(json) }),
        0o600,
      );
    } catch {
      // A read-only or full disk only costs the next start the normal path.
    }
  }

  private key(text: string, identity: string): string {
    return createHash('sha256').update(`${FORMAT}\0${this.buildId}\0${identity}\0${text}`).digest('hex');
  }
}

/** Device and inode of a file: stable while it is edited in place, new for a fresh copy or clone. */
export function fileIdentity(stats: { dev: number; ino: number }): string {
  return `${stats.dev}:${stats.ino}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** Plain JSON data only: objects, arrays, strings, finite numbers, booleans, null (no undefined members). */
function isJsonData(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(isJsonData);
  if (!isPlainObject(value)) return false;
  return Object.values(value).every((v) => v !== undefined && isJsonData(v));
}
