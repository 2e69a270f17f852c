import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { engineFromUrl } from '../connectors/engine-type.js';
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
    const source = parseYamlSource(paths.configFile, readFileSync(paths.configFile, 'utf8'));
    if (source.syntaxIssues.length) throw new ConfigError(`Invalid YAML in ${paths.configFile}`, source.syntaxIssues);
    const { value, issues } = interpolateEnv(source.value ?? {}, env, source);
    const parsed = projectConfigSchema.safeParse(value);
    const all = [...issues, ...(parsed.success ? [] : zodIssuesToFileIssues(source, parsed.error.issues))];
    if (all.length || !parsed.success) throw new ConfigError(`Invalid configuration in ${paths.configFile}`, all);
    config = parsed.data;
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
  } else {
    config = projectConfigSchema.parse({});
  }
  const migrated = migrateDatabaseUrl(config, env);
  return { config, exists, migratedFromDatabaseUrl: migrated };
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
