import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './errors.js';

export interface SecurityOptions {
  /** When set, every request needs `Authorization: Bearer <token>` (DATACHAT_API_TOKEN). */
  token?: string;
  /** The one browser origin allowed by CORS; CORS is off (no headers at all) when unset. */
  corsOrigin?: string;
  /**
   * Requests that need no token (the web UI's pages and assets: they carry no data, and the UI then
   * asks for the token and sends it on every API call). The loopback Host check still applies.
   */
  isPublic?: (request: FastifyRequest) => boolean;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** True for the hosts `serve` may bind without a token. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Compares in constant time (hashing first makes the lengths equal, so length does not leak either). */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Methods that change state: a foreign web page must never be able to trigger them. */
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The header a non-browser client may send instead of a JSON body (a page cannot send it cross-site without CORS). */
export const REQUEST_HEADER = 'x-datachat-request';

/** `scheme://host:port` of an absolute origin with the default port made explicit, or undefined. */
function originHostPort(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`.toLowerCase();
  } catch {
    return undefined;
  }
}

/** `host:port` of the Host header (default port 80: the API speaks plain HTTP). */
function hostHeaderHostPort(host: string): string {
  const withPort = /:\d+$/.test(host) && !host.endsWith(']') ? host : `${host}:80`;
  return withPort.toLowerCase();
}

/**
 * Why a state-changing request without a valid token looks like it came from a foreign web page
 * (a cross-site "simple request": form post, fetch with no-cors, sendBeacon), or undefined when it
 * may proceed. Two independent checks, each enough on its own against simple requests:
 * - it must be JSON (`Content-Type: application/json`) or carry `X-Datachat-Request`: both force a
 *   CORS preflight, which the server only grants to the one --cors origin;
 * - an `Origin` header, when sent (browsers send it on every POST/PUT/DELETE), must be this server
 *   itself (same host and port as the Host header) or the --cors origin.
 */
export function crossSiteReason(request: FastifyRequest, corsOrigin: string | undefined): string | undefined {
  if (!STATE_CHANGING.has(request.method)) return undefined;
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== corsOrigin) {
    const from = originHostPort(origin);
    const self = hostHeaderHostPort(request.headers.host ?? '');
    if (!from || from !== self) return `Origin "${origin}" is not this server`;
  }
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && request.headers[REQUEST_HEADER] === undefined) {
    if (type) return `Content-Type "${type}" is not application/json`;
    return 'the request has neither a JSON body nor an X-Datachat-Request header';
  }
  return undefined;
}

/** The hostname of a Host header (`127.0.0.1:8080` → `127.0.0.1`, `[::1]:80` → `[::1]`). */
function hostnameOf(request: FastifyRequest): string {
  const host = request.headers.host ?? '';
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
}

/**
 * CORS, then authentication, as onRequest hooks (they run before body parsing, so an unauthenticated
 * client cannot make the server read a body).
 *
 * - With a token: every request must carry it; anything else is 401.
 * - Without one (the server is bound to loopback): the Host header must name a loopback host, so a web
 *   page cannot reach the API through DNS rebinding (its requests would carry the attacker's host
 *   name); and state-changing requests must pass crossSiteReason, so a page cannot fire them
 *   cross-site either (403 `cross_site_request`), body or not.
 */
export function registerSecurity(app: FastifyInstance, options: SecurityOptions): void {
  const { corsOrigin, token } = options;
  if (corsOrigin) {
    app.addHook('onRequest', async (request, reply) => {
      reply.header('vary', 'Origin');
      if (request.headers.origin !== corsOrigin) return;
      reply.header('access-control-allow-origin', corsOrigin);
      // Paged lists and jobs answer in headers a web app must be allowed to read.
      reply.header('access-control-expose-headers', 'x-total-count, link, location');
      if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
        reply.header('access-control-allow-methods', 'GET, POST, PUT, DELETE');
        reply.header('access-control-allow-headers', `authorization, content-type, ${REQUEST_HEADER}`);
        reply.header('access-control-max-age', '600');
        return reply.code(204).send();
      }
    });
  }
  if (token) {
    app.addHook('onRequest', async (request, reply) => {
      if (options.isPublic?.(request)) return;
      const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
      if (match && tokensEqual(match[1]!, token)) return;
      reply.header('www-authenticate', 'Bearer realm="datachat"');
      throw new HttpError(401, {
        error: 'unauthorized',
        message: 'A valid bearer token is required.',
        hint: 'Send `Authorization: Bearer <DATACHAT_API_TOKEN>`.',
      });
    });
  } else {
    app.addHook('onRequest', async (request) => {
      if (!isLoopbackHost(hostnameOf(request))) {
        throw new HttpError(403, {
          error: 'forbidden',
          message: `Host "${request.headers.host ?? ''}" is not a loopback address.`,
          hint: 'Without DATACHAT_API_TOKEN the API only answers requests addressed to 127.0.0.1 or localhost.',
        });
      }
      // Without a token, any web page the user visits could otherwise make the browser post to us.
      const reason = crossSiteReason(request, corsOrigin);
      if (reason) {
        throw new HttpError(403, {
          error: 'cross_site_request',
          message: `Refused a ${request.method} that may come from another web site: ${reason}.`,
          hint:
            'Send a JSON body with `Content-Type: application/json` or the header `X-Datachat-Request: 1`, from ' +
            "this server's own origin (or the --cors origin), or authenticate with DATACHAT_API_TOKEN.",
        });
      }
    });
  }
}
