import type { z } from 'zod';
import { ConfigError } from '../errors.js';

/**
 * Validates engine connection settings with the engine's zod schema. `source` names where they came
 * from (the connection URL or the `fields:` of .datachat.yml) so the error says which to fix;
 * undefined values are dropped first so optional fields stay optional.
 */
export function parseConnectorConfig<T>(
  schema: z.ZodType<T>,
  raw: Record<string, unknown>,
  engine: string,
  source: 'URL' | 'fields',
): T {
  const defined = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  const result = schema.safeParse(defined);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({
      file: `connection ${source}`,
      path: i.path.join('.'),
      message: i.message,
    }));
    throw new ConfigError(
      source === 'URL'
        ? `The ${engine} connection URL has invalid parameters.`
        : `Invalid ${engine} connection fields.`,
      issues,
    );
  }
  return result.data;
}

/** The URL's settings overlaid with explicit fields (explicit wins). */
export function overlayConnectorConfig<T extends object>(
  schema: z.ZodType<T>,
  fromUrl: Partial<T>,
  options: Record<string, unknown> | undefined,
  engine: string,
): T {
  const fields = parseConnectorConfig(schema, options ?? {}, engine, 'fields');
  const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  return { ...fromUrl, ...defined } as T;
}

/** decodeURIComponent that leaves malformed escapes as they are. */
export function decodeUrlPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
