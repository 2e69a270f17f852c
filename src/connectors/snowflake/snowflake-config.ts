import { decodeUrlPart, overlayConnectorConfig, parseConnectorConfig } from '../connector-config.js';
import { z } from 'zod';
import { ConfigError } from '../../errors.js';

/**
 * Fields of a Snowflake connection. Given together with a URL, fields win over the URL's parts.
 * Authentication is a password, or a key pair (`privateKey` PEM text or `privateKeyPath`, optionally
 * encrypted with `privateKeyPass`), which Snowflake recommends for service users.
 */
export const snowflakeConfigSchema = z.object({
  account: z.string().min(1).optional().meta({
    label: 'Account',
    description: 'Account identifier, e.g. myorg-myaccount (the part before .snowflakecomputing.com)',
  }),
  username: z.string().min(1).optional().meta({ label: 'User', description: 'Snowflake user to log in as' }),
  password: z
    .string()
    .optional()
    .meta({ label: 'Password', description: 'Password of the user (or use a key pair)', secret: true }),
  privateKey: z
    .string()
    .optional()
    .meta({ label: 'Private key', description: 'PEM text of the key-pair private key (PKCS#8)', secret: true }),
  privateKeyPath: z.string().min(1).optional().meta({
    label: 'Private key file',
    description: 'Path to the PKCS#8 private key file, relative to the project folder',
    secret: true,
  }),
  privateKeyPass: z
    .string()
    .optional()
    .meta({ label: 'Private key passphrase', description: 'Passphrase of an encrypted private key', secret: true }),
  warehouse: z
    .string()
    .min(1)
    .optional()
    .meta({ label: 'Warehouse', description: 'Virtual warehouse that runs the queries' }),
  database: z
    .string()
    .min(1)
    .optional()
    .meta({ label: 'Database', description: 'Database to read (its INFORMATION_SCHEMA is what introspection reads)' }),
  schema: z
    .string()
    .min(1)
    .optional()
    .meta({ label: 'Schema', description: 'Default schema for unqualified table names (e.g. PUBLIC)' }),
  role: z
    .string()
    .min(1)
    .optional()
    .meta({
      label: 'Role',
      description:
        'Role to use. Recommended: a read-only role with only USAGE on the warehouse/database/schemas and SELECT on tables; ' +
        'datachat also refuses every statement Snowflake does not describe as a SELECT, but the role is what the account enforces',
    }),
  accessUrl: z.url().optional().meta({
    label: 'Access URL',
    description:
      'Endpoint to use instead of https://<account>.snowflakecomputing.com (PrivateLink, proxies, local fakes)',
  }),
  statementTimeoutSeconds: z.coerce.number().int().positive().max(604_800).optional().meta({
    label: 'Statement timeout ceiling',
    description: 'STATEMENT_TIMEOUT_IN_SECONDS set on the session at connect; no statement runs longer (default 600)',
  }),
});

export type SnowflakeConfig = z.infer<typeof snowflakeConfigSchema>;

/**
 * Reads `snowflake://user:password@account/database/schema?warehouse=WH&role=R` (also `accessUrl=`,
 * `privateKeyPath=`, `statementTimeoutSeconds=`). Percent-encoded parts are decoded. Throws a ConfigError
 * that never repeats the URL, since it may hold a password.
 */
export function snowflakeOptionsFromUrl(url: string): SnowflakeConfig {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // No cause: Node's URL error carries the input, password included.
    throw new ConfigError('The Snowflake connection URL is malformed.', [], {
      hint: 'Use snowflake://user:password@account/database/schema?warehouse=WH&role=ROLE (percent-encode special characters in the password).',
    });
  }
  if (parsed.protocol.toLowerCase() !== 'snowflake:') {
    throw new ConfigError(`A Snowflake URL must start with snowflake:// (got ${parsed.protocol}//).`);
  }
  const query = parsed.searchParams;
  const [database, schema] = parsed.pathname.split('/').filter(Boolean).map(decodeUrlPart);
  const param = (...names: string[]): string | undefined =>
    names.map((n) => query.get(n)).find((v): v is string => v !== null && v !== '');
  const raw: Record<string, unknown> = {
    account: parsed.hostname
      ? decodeUrlPart(parsed.hostname).replace(/\.snowflakecomputing\.(com|cn)$/i, '')
      : undefined,
    username: parsed.username ? decodeUrlPart(parsed.username) : param('user', 'username'),
    password: parsed.password ? decodeUrlPart(parsed.password) : undefined,
    database: database ?? param('database', 'db'),
    schema: schema ?? param('schema'),
    warehouse: param('warehouse'),
    role: param('role'),
    accessUrl: param('accessUrl', 'access_url'),
    privateKeyPath: param('privateKeyPath', 'private_key_path', 'private_key_file'),
    statementTimeoutSeconds: param('statementTimeoutSeconds', 'statement_timeout_in_seconds'),
  };
  return parseConnectorConfig(snowflakeConfigSchema, raw, 'Snowflake', 'URL');
}

/** The URL's fields overlaid with explicit fields (explicit wins). */
export function resolveSnowflakeConfig(
  url: string | undefined,
  options: Record<string, unknown> | undefined,
): SnowflakeConfig {
  return overlayConnectorConfig(snowflakeConfigSchema, url ? snowflakeOptionsFromUrl(url) : {}, options, 'Snowflake');
}
