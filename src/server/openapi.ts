import { z } from 'zod';
import { ERROR, type ResponseSpec, type RouteSpec } from './route.js';
import { COMPONENT_NAMES } from './schemas.js';

const REF = (id: string): string => `#/components/schemas/${id}`;

/** Documents the cross-site request rule of auth.ts on every state-changing operation. */
const REQUEST_HEADER_PARAMETER = {
  name: 'X-Datachat-Request',
  in: 'header',
  required: false,
  description:
    'Any value. Without DATACHAT_API_TOKEN, a POST/PUT/DELETE needs either this header or a JSON body ' +
    '(`Content-Type: application/json`).',
  schema: { type: 'string' },
};
const CROSS_SITE_RESPONSE: ResponseSpec = ERROR(
  'cross_site_request: without a token, the request had neither a JSON content type nor X-Datachat-Request, ' +
    'or its Origin is neither this server nor the --cors origin',
);

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
}

/**
 * The OpenAPI 3.1 document of the routes, generated with `z.toJSONSchema` from the very zod schemas
 * that validate requests. Request bodies are described as zod *input* (defaults make fields
 * optional), responses as *output*. Shared schemas (COMPONENT_NAMES) become components; other bodies
 * become `<OperationId>Request` / `<OperationId>Response<status>` components.
 */
export function buildOpenApi(routes: readonly RouteSpec[], prefix: string, info: OpenApiInfo): Record<string, unknown> {
  const requests = z.registry<{ id: string }>();
  const responses = z.registry<{ id: string }>();
  for (const [schema, name] of COMPONENT_NAMES) responses.add(schema, { id: name });
  const refIn = (schema: z.ZodType, fallback: string): string =>
    register(requests, schema, COMPONENT_NAMES.has(schema) ? `${COMPONENT_NAMES.get(schema)}Input` : fallback);
  const refOut = (schema: z.ZodType, fallback: string): string => register(responses, schema, fallback);

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const name = route.operationId[0]!.toUpperCase() + route.operationId.slice(1);
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
    };
    const changesState = route.method !== 'GET';
    const parameters = [
      ...parametersOf(route.params, 'path'),
      ...parametersOf(route.query, 'query'),
      ...(changesState ? [REQUEST_HEADER_PARAMETER] : []),
    ];
    if (parameters.length) operation.parameters = parameters;
    if (route.body) {
      operation.requestBody = {
        required: !route.body.safeParse(undefined).success,
        content: { 'application/json': { schema: { $ref: REF(refIn(route.body, `${name}Request`)) } } },
      };
    }
    const addCrossSite = changesState && !route.responses[403];
    const responses = addCrossSite ? { ...route.responses, 403: CROSS_SITE_RESPONSE } : route.responses;
    operation.responses = Object.fromEntries(
      Object.entries(responses).map(([status, response]) => [
        status,
        {
          description: response.description,
          ...(response.headers ? { headers: headersOf(response.headers) } : {}),
          ...(response.schema
            ? {
                content: {
                  [response.contentType ?? 'application/json']: {
                    schema: contentSchema(response, refOut, `${name}Response${status}`),
                  },
                },
              }
            : {}),
        },
      ]),
    );
    const path = `${prefix}${route.url}`.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
    (paths[path] ??= {})[route.method.toLowerCase()] = operation;
  }

  const schemas = {
    ...components(z.toJSONSchema(requests, { io: 'input', uri: REF, unrepresentable: 'any' }).schemas),
    ...components(z.toJSONSchema(responses, { io: 'output', uri: REF, unrepresentable: 'any' }).schemas),
  };
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    tags: [
      { name: 'databases', description: 'Database connections (credentials are stored encrypted and never returned)' },
      { name: 'datapoints', description: 'DataPoints: generation, review, sync, CRUD of approved YAML files' },
      { name: 'system', description: 'Initialization status and wizard' },
      { name: 'chat', description: 'Questions in plain language' },
      { name: 'meta', description: 'Health, jobs, this document' },
    ],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'Required when the server runs with DATACHAT_API_TOKEN (always, when bound beyond loopback).',
        },
      },
    },
    security: [{}, { bearer: [] }],
  };
}

/** A JSON body refers to its component; another media type (a Markdown page) is described inline. */
function contentSchema(
  response: ResponseSpec,
  refOut: (schema: z.ZodType, fallback: string) => string,
  fallback: string,
): unknown {
  const schema = response.schema!;
  if (!response.contentType || response.contentType === 'application/json')
    return { $ref: REF(refOut(schema, fallback)) };
  const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema: _s, ...inline } = json;
  return inline;
}

function headersOf(headers: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
  );
}

function register(registry: z.core.$ZodRegistry<{ id: string }>, schema: z.ZodType, id: string): string {
  const existing = registry.get(schema)?.id;
  if (existing) return existing;
  registry.add(schema, { id });
  return id;
}

/** Drops the per-schema `$schema`/`$id` that registry conversion adds (the document's dialect applies). */
function components(schemas: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _s, $id: _i, ...rest } = schema as Record<string, unknown>;
      return [id, rest];
    }),
  );
}

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query'): Record<string, unknown>[] {
  if (!schema) return [];
  if (!(schema instanceof z.ZodObject)) throw new Error(`${where} parameters must be a z.object`);
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const {
      $schema: _s,
      description,
      ...json
    } = z.toJSONSchema(field, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    return {
      name,
      in: where,
      required: where === 'path' || !field.safeParse(undefined).success,
      ...(description ? { description } : {}),
      schema: json,
    };
  });
}
