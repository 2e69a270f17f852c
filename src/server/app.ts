import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyListenOptions, type FastifyServerOptions } from 'fastify';
import type { ProjectContext } from '../services/project-context.js';
import { redactSecrets } from '../util/redact.js';
import { registerSecurity } from './auth.js';
import { safeLogger } from './log-serializers.js';
import { chatRoutes } from './chat-routes.js';
import { databaseRoutes } from './databases-routes.js';
import { datapointRoutes } from './datapoints-routes.js';
import { toHttpError } from './errors.js';
import { assertSafeExposure } from './exposure.js';
import { toJson } from './json.js';
import { registerMcpRoute } from '../mcp/mcp-http.js';
import { metaRoutes } from './meta-routes.js';
import { buildOpenApi } from './openapi.js';
import { preRedacted } from './paging.js';
import { reviewRoutes } from './review-routes.js';
import { Router } from './route.js';
import { ServerServices } from './services.js';
import { systemRoutes } from './system-routes.js';
import { isWebRequest, webRoutes } from './web-routes.js';

export const API_PREFIX = '/api/v1';
const DESCRIPTION = [
  'Ask questions of your databases in plain language; manage connections and DataPoints.',
  'Without DATACHAT_API_TOKEN (loopback only), every POST, PUT and DELETE must send a JSON body',
  '(`Content-Type: application/json`) or the header `X-Datachat-Request: 1`, and an `Origin`, when present, must be this server or the --cors origin:',
  'otherwise 403 `cross_site_request`, so that no other web site can make a browser change anything here.',
  'Lists take `limit` (default 100, at most 1000) and `offset`, and return the total in `X-Total-Count`.',
  'Every JSON key is snake_case.',
  '\n\n**Versioning.** Within `/api/v1` changes are additive only: new endpoints, new optional request fields,',
  'new response fields, new values of enumerations that responses carry',
  '(`error` codes, `kind` of jobs, `missing_steps`). Clients must ignore response fields they do not know.',
  'A field is never renamed, removed, retyped or made required, an endpoint never removed, and a status code',
  'never changed under `/api/v1`; such changes come as `/api/v2`, with `/api/v1` kept alongside for at least',
  'one minor release.',
  '`info.version` is the datachat version, not the API version.',
].join(' ');
/** Largest accepted request body: 1 MiB (a DataPoint with hundreds of columns is ~100 KiB). */
export const BODY_LIMIT = 1024 * 1024;

export interface BuildAppOptions {
  /** The project served; the caller owns it (closes it after the app). */
  project: ProjectContext;
  /** DATACHAT_API_TOKEN, when set, makes every request require `Authorization: Bearer <token>`. */
  env: Readonly<Record<string, string | undefined>>;
  /** fastify logger options; off by default. */
  logger?: FastifyServerOptions['logger'];
  /** The one origin allowed by CORS; CORS is off when unset. */
  cors?: string;
  /** Chat questions answered concurrently; more wait in FIFO order. Default 4. */
  chatConcurrency?: number;
  /**
   * Check every response against its documented schema (500 `response_schema_mismatch` on drift);
   * for tests. Default false.
   */
  checkResponses?: boolean;
  /** Folder of the built web UI (index.html, assets/). Default: the package's dist/web. */
  webDir?: string;
}

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/**
 * The REST API of docs/rest-api.md (under /api/v1) over the CLI's services. Not
 * listening yet: `serve` calls listen(), tests use inject(). Closing the app waits for running jobs.
 */
export function buildApp(options: BuildAppOptions): FastifyInstance {
  const app = Fastify({ logger: safeLogger(options.logger), bodyLimit: BODY_LIMIT });
  const services = new ServerServices(options.project, options.chatConcurrency, (message) => app.log.warn(message));

  // JSON only: refusing text/plain means no cross-site "simple" request (form, sendBeacon) gets a body in.
  app.removeContentTypeParser('text/plain');
  // An empty body with Content-Type: application/json means "no body" (bodiless POSTs such as
  // /databases/{id}/test send the JSON type to pass the cross-site check) rather than a 400.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (typeof body === 'string' && body.trim() === '') return done(null, undefined);
    return parseJson(request, body.toString(), done);
  });
  const token = options.env.DATACHAT_API_TOKEN || undefined;
  registerSecurity(app, { token, corsOrigin: options.cors, isPublic: isWebRequest });
  guardListen(app, token);
  // After authentication: the files (config, DataPoints) are the truth, edited by other processes too.
  app.addHook('onRequest', async (request) => services.followFiles(request.log));
  // Database drivers return bigint for big integers; JSON has no such type.
  app.setReplySerializer((payload) => toJson(payload));
  // Last line of defence: no response body, whatever produced it, carries a known secret or a URL password.
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    if (preRedacted.has(request)) return payload;
    return typeof payload === 'string' ? redactSecrets(payload, services.secrets('payload')) : payload;
  });
  app.setErrorHandler((error, request, reply) => {
    const { status, body } = toHttpError(error, services.secrets());
    if (status >= 500) request.log.error({ code: body.error, message: body.message }, 'request failed');
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: 'not_found',
      message: `No endpoint ${request.method} ${request.url.split('?')[0]}.`,
      hint: `See ${API_PREFIX}/openapi.json.`,
    }),
  );

  const router = new Router(app, API_PREFIX, options.checkResponses === true);
  let document: Record<string, unknown> | undefined;
  const openapi = (): Record<string, unknown> =>
    (document ??= buildOpenApi(router.routes, API_PREFIX, {
      title: 'datachat API',
      version: VERSION,
      description: DESCRIPTION,
    }));
  databaseRoutes(router, services);
  datapointRoutes(router, services);
  reviewRoutes(router, services);
  systemRoutes(router, services);
  chatRoutes(router, services);
  metaRoutes(router, services, { version: VERSION, openapi });
  // The MCP server (as `datachat mcp` serves on stdio) at /mcp, over the same services and security.
  registerMcpRoute(
    app,
    {
      project: options.project,
      asker: services.asker,
      write: (fn) => services.write(fn),
      answer: (fn) => services.chatSlots.run(fn),
      freshIndex: () => services.freshIndex(),
      secrets: () => services.secrets(),
    },
    { log: (line) => app.log.info(line) },
  );
  webRoutes(app, options.webDir);

  app.addHook('onClose', async () => {
    await services.jobs.settled();
    await services.writes.idle();
  });
  return app;
}

/**
 * Every listen() of the app, not only `serve`'s, follows the exposure rule: beyond loopback only with a
 * token (assertSafeExposure). fastify's default host is localhost; a Unix socket (`path`) is local.
 */
function guardListen(app: FastifyInstance, token: string | undefined): void {
  const listen = app.listen.bind(app) as (...args: unknown[]) => unknown;
  const guarded = (...args: unknown[]): unknown => {
    const options = (typeof args[0] === 'object' && args[0] !== null ? args[0] : {}) as FastifyListenOptions;
    try {
      if (options.path === undefined) assertSafeExposure(options.host ?? 'localhost', token);
    } catch (error) {
      const callback = args.at(-1);
      if (typeof callback === 'function') return void callback(error);
      return Promise.reject(error);
    }
    return listen(...args);
  };
  (app as unknown as { listen: typeof guarded }).listen = guarded;
}
