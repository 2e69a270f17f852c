import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './errors.js';

export interface SecurityOptions {
  /** When set, every request needs `Authorization: Bearer <token>` (DATACHAT_API_TOKEN). */
  token?: string;
  /** The one browser origin allowed by CORS; CORS is off (no headers at all) when unset. */
  corsOrigin?: string;
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
 * - Without one (the server is bound to loopback): the Host header must name a loopback host. A web
 *   page cannot then reach the API through DNS rebinding (its requests would carry the attacker's
 *   host name), and cross-site form posts are refused anyway because only JSON bodies are accepted.
 */
export function registerSecurity(app: FastifyInstance, options: SecurityOptions): void {
  const { corsOrigin, token } = options;
  if (corsOrigin) {
    app.addHook('onRequest', async (request, reply) => {
      reply.header('vary', 'Origin');
      if (request.headers.origin !== corsOrigin) return;
      reply.header('access-control-allow-origin', corsOrigin);
      if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
        reply.header('access-control-allow-methods', 'GET, POST, PUT, DELETE');
        reply.header('access-control-allow-headers', 'authorization, content-type');
        reply.header('access-control-max-age', '600');
        return reply.code(204).send();
      }
    });
  }
  if (token) {
    app.addHook('onRequest', async (request, reply) => {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
      if (match && tokensEqual(match[1]!, token)) return;
      reply.header('www-authenticate', 'Bearer realm="datachat"');
      throw new HttpError(401, { error: 'unauthorized', message: 'A valid bearer token is required.', hint: 'Send `Authorization: Bearer <DATACHAT_API_TOKEN>`.' });
    });
  } else {
    app.addHook('onRequest', async (request) => {
      if (isLoopbackHost(hostnameOf(request))) return;
      throw new HttpError(403, { error: 'forbidden', message: `Host "${request.headers.host ?? ''}" is not a loopback address.`, hint: 'Without DATACHAT_API_TOKEN the API only answers requests addressed to 127.0.0.1 or localhost.' });
    });
  }
}
