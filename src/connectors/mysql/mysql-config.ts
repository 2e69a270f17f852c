import { z } from 'zod';
import { ConfigError } from '../../errors.js';
import type { ConnectorSettings } from '../connector.js';
import type { MysqlFlavour } from './mysql-dialect.js';

/** Fields of a MySQL / MariaDB connection (or the parts of a `mysql://` / `mariadb://` URL). */
export const mysqlConfigSchema = z.object({
  host: z
    .string()
    .min(1)
    .optional()
    .meta({ label: 'Host', description: 'Server host name or IP address (default 127.0.0.1)' }),
  port: z.coerce
    .number()
    .int()
    .min(1)
    .max(65535)
    .optional()
    .meta({ label: 'Port', description: 'TCP port (default 3306)' }),
  user: z
    .string()
    .min(1)
    .optional()
    .meta({ label: 'User', description: 'Account to log in as; a read-only account is recommended (default root)' }),
  password: z.string().optional().meta({ label: 'Password', description: 'Password of the account', secret: true }),
  database: z
    .string()
    .min(1)
    .optional()
    .meta({ label: 'Database', description: 'Database (schema) to query and introspect' }),
  ssl: z
    .boolean()
    .optional()
    .meta({ label: 'Use TLS', description: 'Encrypt the connection and verify the server certificate' }),
  flavour: z.enum(['mysql', 'mariadb']).optional().meta({
    label: 'Server flavour',
    description: 'mysql or mariadb; picks the SQL grammar (mariadb:// URLs imply mariadb)',
  }),
});

export type MysqlConfig = z.infer<typeof mysqlConfigSchema>;

/** A connection's settings with defaults applied. */
export interface ResolvedMysqlConfig {
  host: string;
  port: number;
  user: string;
  password: string | undefined;
  database: string | undefined;
  ssl: boolean;
  /** Known from the URL scheme or the `flavour` field; undefined means "detect from the server". */
  flavour: MysqlFlavour | undefined;
}

const TRUE_VALUES = new Set([
  '1',
  'true',
  'yes',
  'on',
  'required',
  'require',
  'verify_ca',
  'verify_identity',
  'verify-full',
]);

/**
 * Parses `mysql://user:pass@host:3306/db?ssl=true` (also `mariadb://`, `mysql+...://`). User and
 * password are percent-decoded. Never echoes the URL in errors: it may carry a password.
 */
export function mysqlOptionsFromUrl(url: string): MysqlConfig {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new ConfigError(
      'The MySQL connection URL is malformed (expected mysql://user:password@host:3306/database).',
      [],
      { cause: redactedCause(error) },
    );
  }
  const scheme = parsed.protocol.replace(/:$/, '').toLowerCase().split('+')[0]!;
  if (scheme !== 'mysql' && scheme !== 'mariadb') {
    throw new ConfigError(`A MySQL connection URL must start with mysql:// or mariadb:// (got ${scheme}://).`);
  }
  const decode = (value: string): string => {
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  };
  const database = decode(parsed.pathname.replace(/^\/+/, '').replace(/\/+$/, ''));
  const sslParam =
    parsed.searchParams.get('ssl') ?? parsed.searchParams.get('sslmode') ?? parsed.searchParams.get('ssl-mode');
  const config: MysqlConfig = {};
  if (parsed.hostname) config.host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (parsed.port) config.port = Number(parsed.port);
  if (parsed.username) config.user = decode(parsed.username);
  if (parsed.password) config.password = decode(parsed.password);
  if (database) config.database = database;
  if (sslParam !== null) config.ssl = TRUE_VALUES.has(sslParam.toLowerCase());
  if (scheme === 'mariadb') config.flavour = 'mariadb';
  return config;
}

/** Merges URL and fields (fields win), validates them and applies defaults. */
export function resolveMysqlConfig(settings: Pick<ConnectorSettings, 'id' | 'url' | 'options'>): ResolvedMysqlConfig {
  const fromUrl = settings.url ? mysqlOptionsFromUrl(settings.url) : {};
  const result = mysqlConfigSchema.safeParse(settings.options ?? {});
  if (!result.success) {
    // Issue messages name the field, never its value, so a password cannot leak here.
    const issues = result.error.issues.map((issue) => ({
      file: `connection ${settings.id}`,
      path: issue.path.join('.'),
      message: issue.message,
    }));
    throw new ConfigError(`Connection "${settings.id}": invalid MySQL settings.`, issues);
  }
  const fields = Object.fromEntries(Object.entries(result.data).filter(([, v]) => v !== undefined)) as MysqlConfig;
  const merged: MysqlConfig = { ...fromUrl, ...fields };
  return {
    host: merged.host ?? '127.0.0.1',
    port: merged.port ?? 3306,
    user: merged.user ?? 'root',
    password: merged.password,
    database: merged.database,
    ssl: merged.ssl ?? false,
    flavour: merged.flavour,
  };
}

/** URL parse errors quote their input; keep only the error's kind. */
function redactedCause(error: unknown): Error {
  return new Error(error instanceof Error ? error.name : 'Invalid URL');
}
