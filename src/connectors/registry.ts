import { bigqueryDescriptor } from './bigquery/bigquery-descriptor.js';
import { clickhouseDescriptor } from './clickhouse/clickhouse-descriptor.js';
import type { Connector, ConnectorSettings } from './connector.js';
import type { EngineDescriptor } from './engine-descriptor.js';
import type { EngineType } from './engine-type.js';
import { mysqlDescriptor } from './mysql/mysql-descriptor.js';
import { postgresqlDescriptor } from './postgresql/postgresql-descriptor.js';
import { snowflakeDescriptor } from './snowflake/snowflake-descriptor.js';
import { sqliteDescriptor } from './sqlite/sqlite-descriptor.js';

export type { ConnectorModule, EngineDescriptor } from './engine-descriptor.js';

/**
 * Every engine datachat speaks, in the order lists show them: a new engine is a folder under
 * `connectors/` and one line here. Descriptors are light (config schema, dialect, function lists); each
 * engine's driver or SDK is only imported by `load()`.
 */
export const ENGINE_DESCRIPTORS = [
  sqliteDescriptor,
  postgresqlDescriptor,
  mysqlDescriptor,
  clickhouseDescriptor,
  bigqueryDescriptor,
  snowflakeDescriptor,
] as const;

export { ENGINE_TYPES } from './engine-type.js';

type DescribedEngine = (typeof ENGINE_DESCRIPTORS)[number]['id'];
/** Compiles only when every id of engine-type.ts has a descriptor here and every descriptor an id there. */
const SAME_ENGINES: [DescribedEngine] extends [EngineType]
  ? [EngineType] extends [DescribedEngine]
    ? true
    : never
  : never = true;
void SAME_ENGINES;

const BY_ID = new Map<string, EngineDescriptor<EngineType>>(ENGINE_DESCRIPTORS.map((d) => [d.id, d]));

/** URL schemes accepted for each engine, from the descriptors (`mariadb` → `mysql`). */
export const URL_SCHEMES: Readonly<Record<string, EngineType>> = Object.fromEntries(
  ENGINE_DESCRIPTORS.flatMap((d) => d.urlSchemes.map((scheme) => [scheme, d.id])),
);

/** The descriptor of an engine id; undefined for an id no engine has. */
export function findEngine(engine: string): EngineDescriptor<EngineType> | undefined {
  return BY_ID.get(engine);
}

/** The descriptor of a known engine (throws on an id that is not one: a programming error). */
export function engineDescriptor(engine: EngineType): EngineDescriptor<EngineType> {
  const descriptor = BY_ID.get(engine);
  if (!descriptor) throw new TypeError(`Unknown engine "${String(engine)}".`);
  return descriptor;
}

/** Guesses the engine from a connection URL's scheme, or from a path ending in .db/.sqlite. */
export function engineFromUrl(url: string): EngineType | undefined {
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  if (match) {
    const scheme = match[1]!.toLowerCase().split('+')[0]!;
    return Object.hasOwn(URL_SCHEMES, scheme) ? URL_SCHEMES[scheme] : undefined;
  }
  if (/\.(db|sqlite|sqlite3)$/i.test(url)) return 'sqlite';
  return undefined;
}

/** Every accepted URL prefix as a user types it (`postgresql://`, `sqlite:`), in registry order. */
export function urlPrefixes(): string[] {
  return ENGINE_DESCRIPTORS.flatMap((d) =>
    d.urlSchemes.map((scheme) => (d.urlForm === 'path' ? `${scheme}:` : `${scheme}://`)),
  );
}

/** True when URLs of this engine may carry credentials (`scheme://user:password@host`). */
export function urlCarriesCredentials(engine: EngineType | undefined): boolean {
  return engine === undefined || findEngine(engine)?.urlForm !== 'path';
}

export async function createConnector(settings: ConnectorSettings): Promise<Connector> {
  const descriptor = findEngine(settings.engine);
  if (!descriptor) {
    const { ConfigError } = await import('../errors.js');
    throw new ConfigError(`Unknown database type "${String(settings.engine)}".`);
  }
  const module = await descriptor.load();
  return module.createConnector(settings);
}
