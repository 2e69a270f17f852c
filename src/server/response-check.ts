import type { z } from 'zod';
import { errorBodySchema, notInitializedSchema } from './schemas.js';

/** What the check reads of a route (route.ts's RouteSpec has it; declared here so route.ts may import this file). */
export interface DocumentedResponses {
  operationId: string;
  responses: Record<number, { schema?: z.ZodType }>;
}

/** The error code of a response that does not match its documented schema (only with response checks on). */
export const RESPONSE_MISMATCH = 'response_schema_mismatch';

/**
 * Why a response body does not match the operation's documented response, or undefined when it does.
 * The body must parse with the status's schema (an error status without its own entry: the common
 * error body, or the 503 not-initialized body), and carry no field the schema does not declare: zod strips
 * unknown keys of plain objects, so a key of the body missing from the parsed value is undocumented.
 * Records (`z.record`) and `.loose()` objects keep their keys and so allow any.
 */
export function responseMismatch(spec: DocumentedResponses, status: number, body: unknown): string | undefined {
  const schema = schemaFor(spec, status);
  if (schema === null) return undefined;
  if (!schema) return `status ${status} is not documented for ${spec.operationId}`;
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
    return `${spec.operationId} ${status}: ${issues.join('; ')}`;
  }
  const extra = undocumentedKeys(body, parsed.data, '');
  if (!extra.length) return undefined;
  return `${spec.operationId} ${status}: undocumented field(s) ${extra.slice(0, 5).join(', ')}`;
}

/** undefined: not documented; null: documented without a body (nothing to check). */
function schemaFor(spec: DocumentedResponses, status: number): z.ZodType | null | undefined {
  const documented = spec.responses[status];
  if (documented) return documented.schema ?? null;
  if (status === 503) return notInitializedSchema.or(errorBodySchema);
  // Errors any route may answer (auth, cross-site, body limits, internal) share the common body.
  if (status >= 400) return errorBodySchema;
  return undefined;
}

function undocumentedKeys(raw: unknown, parsed: unknown, path: string): string[] {
  if (Array.isArray(raw) && Array.isArray(parsed)) {
    return raw.flatMap((item, i) => undocumentedKeys(item, parsed[i], `${path}[${i}]`));
  }
  if (!isObject(raw) || !isObject(parsed)) return [];
  return Object.entries(raw).flatMap(([key, value]) => {
    const at = path ? `${path}.${key}` : key;
    return key in parsed ? undocumentedKeys(value, parsed[key], at) : [at];
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
