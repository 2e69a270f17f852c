import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { formatPath } from '../util/yaml-source.js';
import { HttpError } from './errors.js';
import { RESPONSE_MISMATCH, responseMismatch } from './response-check.js';
import { errorBodySchema } from './schemas.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ResponseSpec {
  description: string;
  /** Omitted for responses without a body. */
  schema?: z.ZodType;
  /** Media type of the body. Default `application/json`. */
  contentType?: string;
  /** Response headers worth documenting: name → description. */
  headers?: Record<string, string>;
}

/** An error response of an operation (the body every error has). */
export const ERROR = (description: string): ResponseSpec => ({ description, schema: errorBodySchema });

/** One operation: fastify route + request validation + its OpenAPI description, from the same zod schemas. */
export interface RouteSpec<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** fastify path under the prefix, `:param` style. */
  url: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: 'databases' | 'datapoints' | 'system' | 'chat' | 'meta';
  params?: P;
  query?: Q;
  body?: B;
  responses: Record<number, ResponseSpec>;
}

/** What a handler receives: the validated (zod output) params, query and body. */
export interface RouteInput<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
  request: FastifyRequest;
  reply: FastifyReply;
}

type Location = 'path' | 'query' | 'body';
const parsedInput = new WeakMap<FastifyRequest, { params: unknown; query: unknown; body: unknown }>();

/**
 * The zod "type provider" of the server: validates params, query and body with `safeParse` in a
 * preHandler (a failure is a 400 `{error: 'validation_error', message, field, in}` naming the first
 * offending field) and hands the handler the parsed, typed values. Routes are collected in `routes`
 * for the OpenAPI document, so validation and documentation cannot drift apart.
 */
export class Router {
  readonly routes: RouteSpec[] = [];

  constructor(
    private readonly app: FastifyInstance,
    readonly prefix: string,
    /**
     * Check every response against its documented schema and answer 500 `response_schema_mismatch`
     * when it drifts (tests turn this on; it costs a parse per response). Default false.
     */
    private readonly checkResponses = false,
  ) {}

  define<P extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown, B extends z.ZodType = z.ZodUnknown>(
    spec: RouteSpec<P, Q, B>,
    handler: (input: RouteInput<P, Q, B>) => Promise<unknown>,
  ): void {
    this.routes.push(spec as unknown as RouteSpec);
    this.app.route({
      method: spec.method,
      url: `${this.prefix}${spec.url}`,
      preHandler: async (request) => {
        parsedInput.set(request, {
          params: spec.params ? validate(spec.params, request.params, 'path') : request.params,
          query: spec.query ? validate(spec.query, request.query ?? {}, 'query') : request.query,
          body: spec.body ? validate(spec.body, request.body ?? undefined, 'body') : undefined,
        });
      },
      handler: async (request, reply) => {
        const input = parsedInput.get(request)!;
        return handler({
          params: input.params as z.output<P>,
          query: input.query as z.output<Q>,
          body: input.body as z.output<B>,
          request,
          reply,
        });
      },
      ...(this.checkResponses
        ? {
            onSend: async (_request: FastifyRequest, reply: FastifyReply, payload: unknown) =>
              checked(spec, reply, payload),
          }
        : {}),
    });
  }
}

/** The payload, or a 500 naming the drift when it does not match the documented response. */
function checked(spec: RouteSpec, reply: FastifyReply, payload: unknown): unknown {
  if (typeof payload !== 'string' || !String(reply.getHeader('content-type') ?? '').includes('json')) return payload;
  const mismatch = responseMismatch(spec, reply.statusCode, JSON.parse(payload));
  if (!mismatch) return payload;
  reply.code(500);
  const message = `The response does not match the API document: ${mismatch}.`;
  return JSON.stringify({ error: RESPONSE_MISMATCH, message });
}

function validate(schema: z.ZodType, value: unknown, where: Location): unknown {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const field = formatPath(keys.length ? [...issue.path, keys[0]!] : issue.path) || where;
  const what = keys.length
    ? `unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}`
    : issue.message;
  const message =
    where === 'body' && value === undefined
      ? 'A JSON request body is required.'
      : `Invalid ${where === 'path' ? 'path parameter' : where} field "${field}": ${what}.`;
  throw new HttpError(400, { error: 'validation_error', message, field, in: where });
}
