import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { CONFIG_CACHE_FILE, ConfigCache } from './config-cache.js';
import type { ProjectConfig } from './config-schema.js';
import { loadConfig } from './load-config.js';
import { projectPaths, type ProjectPaths } from './project-paths.js';

// The bundle defines __DATACHAT_BUILD_ID__; unbundled code reads it from the global object, so tests can set it.
const globals = globalThis as { __DATACHAT_BUILD_ID__?: string };
const dirs: string[] = [];

function project(yaml: string, withStateDir = true): ProjectPaths {
  const dir = mkdtempSync(join(tmpdir(), 'datachat-config-cache-'));
  dirs.push(dir);
  writeFileSync(join(dir, '.datachat.yml'), yaml);
  if (withStateDir) mkdirSync(join(dir, '.datachat'));
  return projectPaths(dir);
}
const cacheFile = (paths: ProjectPaths): string => join(paths.stateDir, CONFIG_CACHE_FILE);
/** Marks the cached entry so a test can tell a cache hit from a fresh validation. */
function markCachedDescription(paths: ProjectPaths, description: string): void {
  const entry = JSON.parse(readFileSync(cacheFile(paths), 'utf8'));
  entry.config.connections[0].description = description;
  writeFileSync(cacheFile(paths), JSON.stringify(entry));
}

const YAML = [
  '# Values may reference the environment as ${NAME} (a comment: not a reference)',
  'version: 1',
  'connections:',
  '  - id: sample',
  '    type: sqlite',
  '    url: sqlite:.datachat/sample.db',
  '    tags: [sample]',
  '    description: first',
  '',
].join('\n');

beforeEach(() => {
  globals.__DATACHAT_BUILD_ID__ = 'build-a';
});
afterEach(() => {
  delete globals.__DATACHAT_BUILD_ID__;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('config cache', () => {
  it('a warm load returns exactly what validation returned, from .datachat/config-cache.json', () => {
    const paths = project(YAML);
    const cold = loadConfig(paths, {});
    expect(existsSync(cacheFile(paths))).toBe(true);
    expect((statSync(cacheFile(paths)).mode & 0o777).toString(8)).toBe('600');
    const warm = loadConfig(paths, {});
    expect(warm).toEqual(cold);
    expect(warm.config.defaults.max_rows).toBe(1000);
    // The warm load really came from the cache: a marked entry shows through.
    markCachedDescription(paths, 'from the cache');
    expect(loadConfig(paths, {}).config.connections[0]!.description).toBe('from the cache');
  });

  it('any edit misses, even one that keeps the size and the modification time', () => {
    const paths = project(YAML);
    loadConfig(paths, {});
    markCachedDescription(paths, 'stale');
    const before = statSync(paths.configFile);
    writeFileSync(paths.configFile, YAML.replace('description: first', 'description: other'));
    utimesSync(paths.configFile, before.atime, before.mtime);
    expect(statSync(paths.configFile).size).toBe(before.size);
    expect(loadConfig(paths, {}).config.connections[0]!.description).toBe('other');
  });

  it('a cache written by another build is not used', () => {
    const paths = project(YAML);
    loadConfig(paths, {});
    markCachedDescription(paths, 'stale');
    globals.__DATACHAT_BUILD_ID__ = 'build-b';
    expect(loadConfig(paths, {}).config.connections[0]!.description).toBe('first');
  });

  it('a cache that arrives with the project (committed, copied) is not used: the key holds the inode', () => {
    const paths = project(YAML);
    loadConfig(paths, {});
    markCachedDescription(paths, 'planted');
    const copy = projectPaths(mkdtempSync(join(tmpdir(), 'datachat-config-cache-copy-')));
    dirs.push(copy.root);
    cpSync(paths.root, copy.root, { recursive: true });
    expect(readFileSync(cacheFile(copy), 'utf8')).toContain('planted');
    expect(loadConfig(copy, {}).config.connections[0]!.description).toBe('first');
  });

  it('never caches a config whose values reference the environment (plain or escaped)', () => {
    for (const url of ['${SAMPLE_URL}', '"\\u0024{SAMPLE_URL}"']) {
      const paths = project(YAML.replace('sqlite:.datachat/sample.db', url));
      expect(loadConfig(paths, { SAMPLE_URL: 'sqlite:one.db' }).config.connections[0]!.url).toBe('sqlite:one.db');
      expect(existsSync(cacheFile(paths))).toBe(false);
      expect(loadConfig(paths, { SAMPLE_URL: 'sqlite:two.db' }).config.connections[0]!.url).toBe('sqlite:two.db');
    }
  });

  it('an invalid file is refused even after a valid one was cached, and is never cached', () => {
    const paths = project(YAML);
    loadConfig(paths, {});
    const cached = readFileSync(cacheFile(paths), 'utf8');
    writeFileSync(paths.configFile, `${YAML}  - id: sample\n    type: sqlite\n    url: sqlite:b.db\n`);
    expect(() => loadConfig(paths, {})).toThrow(ConfigError);
    expect(readFileSync(cacheFile(paths), 'utf8')).toBe(cached);
  });

  it('DATABASE_URL still follows the environment on a warm load', () => {
    const paths = project('version: 1\n');
    expect(loadConfig(paths, {}).config.connections).toEqual([]);
    expect(existsSync(cacheFile(paths))).toBe(true);
    const migrated = loadConfig(paths, { DATABASE_URL: 'postgresql://u@h/db' });
    expect(migrated.migratedFromDatabaseUrl).toBe(true);
    expect(migrated.config.connections[0]!.id).toBe('default_database');
    expect(loadConfig(paths, {}).config.connections).toEqual([]);
  });

  it('writes nothing outside a project state folder, nor without a build id, nor for non-JSON values', () => {
    const bare = project(YAML, false);
    loadConfig(bare, {});
    expect(existsSync(bare.stateDir)).toBe(false);

    const paths = project(YAML);
    delete globals.__DATACHAT_BUILD_ID__;
    loadConfig(paths, {});
    expect(existsSync(cacheFile(paths))).toBe(false);

    const cache = new ConfigCache(paths.stateDir, 'build-a');
    cache.set('text', '1:2', { version: 1, when: new Date(0) } as unknown as ProjectConfig);
    cache.set('text', '1:2', { version: 1, missing: undefined } as unknown as ProjectConfig);
    expect(existsSync(cacheFile(paths))).toBe(false);
    cache.set('text', '1:2', { version: 1 } as unknown as ProjectConfig);
    expect(cache.get('text', '1:2')).toEqual({ version: 1 });
    expect(cache.get('other text', '1:2')).toBeUndefined();
    expect(cache.get('text', '1:3')).toBeUndefined();
    writeFileSync(cacheFile(paths), '{not json');
    expect(cache.get('text', '1:2')).toBeUndefined();
  });
});
