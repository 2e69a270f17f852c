import { z } from 'zod';
import { ConfigError } from '../../errors.js';

/** Fields of a ClickHouse connection over the HTTP interface (port 8123, 8443 with TLS). */
export const clickhouseConfigSchema = z.object({
  host: z
    .string()
    .min(1)
    .optional()
    .meta({ label: 'Host', description: 'ClickHouse server host name or address (default localhost)' }),
  port: z.coerce
    .number()
    .int()
    .min(1)
    .max(65535)
    .optional()
    .meta({ label: 'HTTP port', description: 'HTTP interface port (default 8123, or 8443 with TLS)' }),
  secure: z.boolean().optional().meta({ label: 'Use TLS', description: 'Connect with HTTPS instead of HTTP' }),
  username: z.string().min(1).optional().meta({ label: 'User', description: 'ClickHouse user (default "default")' }),
  password: z
    .string()
    .optional()
    .meta({ label: 'Password', description: 'Password of the ClickHouse user', secret: true }),
  database: z.string().min(1).optional().meta({
    label: 'Database',
    description:
      'Database to query and introspect (default: the server default database; introspection then covers every non-system database)',
  }),
});

export type ClickhouseConfig = z.infer<typeof clickhouseConfigSchema>;

/** Resolved options the connector uses: defaults applied, never logged as a whole (it holds the password). */
export interface ClickhouseOptions {
  host: string;
  port: number;
  secure: boolean;
  username: string;
  password: string;
  database?: string;
}

/**
 * Parses `clickhouse://user:pass@host:8123/db`, `clickhouse+https://host/db` or
 * `clickhouse://host/db?secure=true`. User, password and database are URL-decoded. The message of a
 * malformed URL never repeats the URL (it may hold the password).
 */
export function clickhouseConfigFromUrl(url: string): ClickhouseConfig {
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/^[a-z][a-z0-9+.-]*:/i, 'http:'));
  } catch {
    // No cause: Node's URL TypeError carries the input (with its password) as `input`.
    throw new ConfigError('The ClickHouse URL is not a valid URL.', [], {
      hint: 'Use clickhouse://user:password@host:8123/database',
    });
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase() ?? '';
  const secureParam = parsed.searchParams.get('secure') ?? parsed.searchParams.get('ssl');
  const secure =
    scheme.endsWith('+https') ||
    scheme === 'clickhouses' ||
    parsed.searchParams.get('protocol') === 'https' ||
    secureParam === 'true' ||
    secureParam === '1';
  const database =
    decodeURIComponent(parsed.pathname.replace(/^\/+/, '').replace(/\/+$/, '')) ||
    parsed.searchParams.get('database') ||
    undefined;
  const config: ClickhouseConfig = { secure };
  if (parsed.hostname) config.host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (parsed.port) config.port = Number(parsed.port);
  if (parsed.username) config.username = decodeURIComponent(parsed.username);
  if (parsed.password) config.password = decodeURIComponent(parsed.password);
  if (database) config.database = database;
  return config;
}

/** Merges URL and fields (fields win) and applies defaults. */
export function resolveClickhouseOptions(url: string | undefined, fields: Record<string, unknown>): ClickhouseOptions {
  const parsedFields = clickhouseConfigSchema.safeParse(fields ?? {});
  if (!parsedFields.success) {
    const issues = parsedFields.error.issues.map((i) => ({
      file: 'connection',
      path: i.path.join('.'),
      message: i.message,
    }));
    throw new ConfigError('Invalid ClickHouse connection settings.', issues);
  }
  const merged: ClickhouseConfig = {
    ...(url ? clickhouseConfigFromUrl(url) : {}),
    ...stripUndefined(parsedFields.data),
  };
  const secure = merged.secure ?? false;
  return {
    host: merged.host ?? 'localhost',
    port: merged.port ?? (secure ? 8443 : 8123),
    secure,
    username: merged.username ?? 'default',
    password: merged.password ?? '',
    ...(merged.database ? { database: merged.database } : {}),
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
