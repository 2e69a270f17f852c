import type { ProjectConfig } from './config-schema.js';

/**
 * Whether the REST API may register SQLite files outside the project folder: off unless
 * `server.allow_external_sqlite_paths: true` in .datachat.yml or DATACHAT_ALLOW_EXTERNAL_SQLITE_PATHS
 * is `1`/`true` (for a deployment that keeps databases elsewhere on purpose).
 */
export function allowExternalSqlitePaths(
  config: ProjectConfig,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  const fromEnv = env.DATACHAT_ALLOW_EXTERNAL_SQLITE_PATHS?.trim().toLowerCase();
  if (fromEnv === '1' || fromEnv === 'true' || fromEnv === 'yes') return true;
  return config.server?.allow_external_sqlite_paths === true;
}
