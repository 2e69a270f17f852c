import { decodeUrlPart, overlayConnectorConfig, parseConnectorConfig } from '../connector-config.js';
import { z } from 'zod';
import { ConfigError } from '../../errors.js';

/** libpq's sslmode values, plus `no-verify` (encrypt, accept any certificate) as node-postgres spells it. */
export const SSL_MODES = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'] as const;

/**
 * Fields of a PostgreSQL connection (libpq's names). Given together with a URL, fields win over the
 * URL's parts. `schemas` both restricts introspection and becomes the search_path, so unqualified
 * table names resolve in those schemas first.
 */
export const postgresqlConfigSchema = z.object({
  host: z.string().min(1).optional().meta({
    label: 'Host',
    description: 'Server host name or IP address, or a Unix socket directory (default localhost)',
  }),
  port: z.coerce
    .number()
    .int()
    .min(1)
    .max(65535)
    .optional()
    .meta({ label: 'Port', description: 'Server port (default 5432)' }),
  database: z
    .string()
    .min(1)
    .optional()
    .meta({ label: 'Database', description: 'Database name (default: the user name)' }),
  user: z
    .string()
    .min(1)
    .optional()
    .meta({ label: 'User', description: 'Role to log in as; a read-only role is best' }),
  password: z.string().optional().meta({ label: 'Password', description: 'Password of the role', secret: true }),
  sslmode: z.enum(SSL_MODES).optional().meta({
    label: 'SSL mode',
    description: 'disable, require (encrypt without verifying), verify-full (encrypt and verify the certificate)...',
  }),
  schemas: z
    .union([
      z.array(z.string().min(1)),
      z
        .string()
        .min(1)
        .transform((s) =>
          s
            .split(',')
            .map((p) => p.trim())
            .filter(Boolean),
        ),
    ])
    .optional()
    .meta({
      label: 'Schemas',
      description: 'Schemas to read (default: every non-system schema); also the search_path',
    }),
  connect_timeout: z.coerce
    .number()
    .positive()
    .optional()
    .meta({ label: 'Connect timeout', description: 'Seconds to wait for a connection (default 10)' }),
});

export type PostgresqlConfig = z.infer<typeof postgresqlConfigSchema>;

/**
 * Reads `postgres[ql]://user:password@host:port/database?sslmode=...&connect_timeout=...&schema=a,b`
 * (`host=` in the query names a Unix socket directory, as in libpq). Percent-encoded parts are decoded.
 * Throws a ConfigError that never repeats the URL, since it may hold a password.
 */
export function postgresqlOptionsFromUrl(url: string): PostgresqlConfig {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // No cause: Node's URL error carries the input, password included.
    throw new ConfigError('The PostgreSQL connection URL is malformed.', [], {
      hint: 'Use postgresql://user:password@host:5432/database (percent-encode special characters in the password).',
    });
  }
  if (!/^postgres(ql)?:$/i.test(parsed.protocol)) {
    throw new ConfigError(`A PostgreSQL URL must start with postgresql:// (got ${parsed.protocol}//).`);
  }
  const query = parsed.searchParams;
  const raw: Record<string, unknown> = {
    host:
      query.get('host') ?? (parsed.hostname ? decodeUrlPart(parsed.hostname).replace(/^\[(.*)\]$/, '$1') : undefined),
    port: query.get('port') ?? (parsed.port || undefined),
    database: parsed.pathname.length > 1 ? decodeUrlPart(parsed.pathname.slice(1)) : (query.get('dbname') ?? undefined),
    user: parsed.username ? decodeUrlPart(parsed.username) : (query.get('user') ?? undefined),
    password: parsed.password ? decodeUrlPart(parsed.password) : (query.get('password') ?? undefined),
    sslmode: query.get('sslmode') ?? (query.get('ssl') === 'true' ? 'require' : undefined),
    schemas: query.get('schema') ?? query.get('schemas') ?? undefined,
    connect_timeout: query.get('connect_timeout') ?? undefined,
  };
  return parseConnectorConfig(postgresqlConfigSchema, raw, 'PostgreSQL', 'URL');
}

/** The URL's fields overlaid with explicit fields (explicit wins). */
export function resolvePostgresqlConfig(
  url: string | undefined,
  options: Record<string, unknown> | undefined,
): PostgresqlConfig {
  return overlayConnectorConfig(
    postgresqlConfigSchema,
    url ? postgresqlOptionsFromUrl(url) : {},
    options,
    'PostgreSQL',
  );
}
