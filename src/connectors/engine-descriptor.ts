import type { z } from 'zod';
import type { Connector, ConnectorSettings } from './connector.js';
import type { Dialect } from './dialect.js';

/** What each engine's `<engine>-connector.ts` module exports. */
export interface ConnectorModule {
  createConnector(settings: ConnectorSettings): Connector;
}

/**
 * Everything datachat knows about one engine without loading its driver: each `connectors/<engine>/`
 * folder exports one, and `registry.ts` lists them. Config parsing, URL parsing, the init wizard and the
 * SQL guard read engines from here, so nothing outside `connectors/` keys a table by engine.
 */
export interface EngineDescriptor<Id extends string = string> {
  /** The `type:` of a connection in .datachat.yml. */
  readonly id: Id;
  /** The engine's name in messages (`PostgreSQL`). */
  readonly name: string;
  /** What the init wizard offers (`MySQL / MariaDB`, `SQLite file`). */
  readonly label: string;
  /** URL schemes (lower-case, without `:`) that name this engine; `mariadb://` is MySQL's wire protocol. */
  readonly urlSchemes: readonly string[];
  /**
   * `authority` URLs are `scheme://user:password@host/...` (credentials may be in them); `path` URLs are
   * `scheme:path/to/file` (never credentials).
   */
  readonly urlForm: 'authority' | 'path';
  /** The connection fields; each field's `.meta({label, description, secret})` drives the wizard and redaction. */
  readonly configSchema: z.ZodObject;
  /** How the engine spells SQL, including what the SQL guard needs (grammar, lexing, function allow-list). */
  readonly dialect: Dialect;
  /** Imports the connector module, and with it the driver or SDK, on first use (keeps `datachat --help` fast). */
  load(): Promise<ConnectorModule>;
}
