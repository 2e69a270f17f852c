import { existsSync, readFileSync, statSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { ConfigCache, fileIdentity } from './config-cache.js';
import { engineFromUrl } from '../connectors/registry.js';
import { parseYamlSource, zodIssuesToFileIssues } from '../util/yaml-source.js';
import { projectConfigSchema, type ProjectConfig } from './config-schema.js';
import { interpolateEnv } from './interpolate-env.js';
import { urlSchemeList } from './url-schemes.js';
import type { ProjectPaths } from './project-paths.js';

export interface LoadedConfig {
  /** Validated config with `${ENV}` resolved. */
  config: ProjectConfig;
  /** True when .datachat.yml exists. */
  exists: boolean;
  /** True when the `default_database` connection came from DATABASE_URL (docs/rest-api.md: the migration path). */
  migratedFromDatabaseUrl: boolean;
}

/**
 * Loads .datachat.yml: YAML → `${ENV}` interpolation → zod. Every problem is collected and reported
 * at once as `file:line: path: message` (ConfigError, exit 2).
 */
export function loadConfig(paths: ProjectPaths, env: Readonly<Record<string, string | undefined>>): LoadedConfig {
  const exists = existsSync(paths.configFile);
  let config: ProjectConfig;
  if (exists) {
    const text = readFileSync(paths.configFile, 'utf8');
    // A warm start reuses the last validated config of exactly this text (see ConfigCache).
    const cache = new ConfigCache(paths.stateDir);
    const identity = fileIdentity(statSync(paths.configFile));
    const cached = cache.get(text, identity);
    if (cached) config = cached;
    else {
      const validated = validate(paths, text, env);
      config = validated.config;
      if (!validated.usesEnv) cache.set(text, identity, config);
    }
  } else {
    config = projectConfigSchema.parse({});
  }
  const migrated = migrateDatabaseUrl(config, env);
  return { config, exists, migratedFromDatabaseUrl: migrated };
}

/**
 * YAML → `${ENV}` → zod → unique ids; throws ConfigError with every problem. `usesEnv`: some value holds
 * `${` after YAML decoding (a reference, or an escape spelled `\u0024{`), so the result depends on the environment.
 */
function validate(
  paths: ProjectPaths,
  text: string,
  env: Readonly<Record<string, string | undefined>>,
): { config: ProjectConfig; usesEnv: boolean } {
  const source = parseYamlSource(paths.configFile, text);
  if (source.syntaxIssues.length) throw new ConfigError(`Invalid YAML in ${paths.configFile}`, source.syntaxIssues);
  const { value, issues } = interpolateEnv(source.value ?? {}, env, source);
  const parsed = projectConfigSchema.safeParse(value);
  const all = [...issues, ...(parsed.success ? [] : zodIssuesToFileIssues(source, parsed.error.issues))];
  if (all.length || !parsed.success) throw new ConfigError(`Invalid configuration in ${paths.configFile}`, all);
  const config = parsed.data;
  const duplicate = duplicateIds(config);
  if (duplicate) {
    const index = config.connections.findLastIndex((c) => c.id === duplicate);
    throw new ConfigError(`Invalid configuration in ${paths.configFile}`, [
      {
        file: paths.configFile,
        line: source.lineOf(['connections', index, 'id']),
        path: `connections[${index}].id`,
        message: `duplicate connection id "${duplicate}"`,
      },
    ]);
  }
  return { config, usesEnv: JSON.stringify(source.value ?? {}).includes('${') };
}

function duplicateIds(config: ProjectConfig): string | undefined {
  const seen = new Set<string>();
  for (const c of config.connections) {
    if (seen.has(c.id)) return c.id;
    seen.add(c.id);
  }
  return undefined;
}

/** DATABASE_URL with no connections configured becomes connection `default_database`. */
function migrateDatabaseUrl(config: ProjectConfig, env: Readonly<Record<string, string | undefined>>): boolean {
  const url = env.DATABASE_URL;
  if (config.connections.length > 0 || !url) return false;
  const type = engineFromUrl(url);
  if (!type) {
    throw new ConfigError(`DATABASE_URL has a scheme datachat does not know`, [
      { file: 'DATABASE_URL', message: `expected one of ${urlSchemeList()}` },
    ]);
  }
  config.connections.push({ id: 'default_database', name: 'default_database', type, url, tags: [], default: true });
  return true;
}
