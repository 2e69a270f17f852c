/** Every engine datachat speaks. `registry.ts` is the only place that switches on it. */
export const ENGINE_TYPES = ['sqlite', 'postgresql', 'mysql', 'clickhouse', 'bigquery', 'snowflake'] as const;
export type EngineType = (typeof ENGINE_TYPES)[number];

/** URL schemes accepted for each engine (`mariadb://` is MySQL's wire protocol). */
export const URL_SCHEMES: Record<string, EngineType> = {
  sqlite: 'sqlite',
  file: 'sqlite',
  postgres: 'postgresql',
  postgresql: 'postgresql',
  mysql: 'mysql',
  mariadb: 'mysql',
  clickhouse: 'clickhouse',
  bigquery: 'bigquery',
  snowflake: 'snowflake',
};

/** Guesses the engine from a connection URL's scheme, or from a path ending in .db/.sqlite. */
export function engineFromUrl(url: string): EngineType | undefined {
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  if (match) {
    const scheme = match[1]!.toLowerCase().split('+')[0]!;
    return URL_SCHEMES[scheme];
  }
  if (/\.(db|sqlite|sqlite3)$/i.test(url)) return 'sqlite';
  return undefined;
}
