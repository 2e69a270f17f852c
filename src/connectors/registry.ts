import type { Connector, ConnectorSettings } from './connector.js';
import type { EngineType } from './engine-type.js';

/** What each engine's `<engine>-connector.ts` module exports. */
export interface ConnectorModule {
  createConnector(settings: ConnectorSettings): Connector;
}

/**
 * The only switch on engine type. Each engine's module (and so its SDK) is imported on first use,
 * which keeps `datachat --help` fast.
 */
const LOADERS: Record<EngineType, () => Promise<ConnectorModule>> = {
  sqlite: () => import('./sqlite/sqlite-connector.js'),
  postgresql: () => import('./postgresql/postgresql-connector.js'),
  mysql: () => import('./mysql/mysql-connector.js'),
  clickhouse: () => import('./clickhouse/clickhouse-connector.js'),
  bigquery: () => import('./bigquery/bigquery-connector.js'),
  snowflake: () => import('./snowflake/snowflake-connector.js'),
};

export async function createConnector(settings: ConnectorSettings): Promise<Connector> {
  const load = LOADERS[settings.engine];
  if (!load) {
    const { ConfigError } = await import('../errors.js');
    throw new ConfigError(`Unknown database type "${String(settings.engine)}".`);
  }
  const module = await load();
  return module.createConnector(settings);
}
