import type { FastifyServerOptions } from 'fastify';
import { redactSecrets } from '../util/redact.js';

interface RequestLike {
  method?: string;
  url?: string;
  ip?: string;
  routeOptions?: { url?: string };
}

/**
 * What `serve --verbose` logs of a request: method, path and client address. Never the query
 * string (questions, `database_url`s and tokens travel there), headers or bodies; error messages
 * go through the one redaction.
 */
export const safeLogSerializers = {
  req: (req: RequestLike) => {
    const url = req.url ?? '';
    const query = url.indexOf('?');
    return { method: req.method, url: query < 0 ? url : `${url.slice(0, query)}?…`, remoteAddress: req.ip };
  },
  err: (err: Error & { code?: unknown; statusCode?: unknown }) => ({
    type: err.name,
    message: redactSecrets(err.message ?? ''),
    // The stack's first line repeats the message; frames are kept for debugging.
    stack: redactSecrets(err.stack ?? ''),
    ...(err.code !== undefined ? { code: err.code } : {}),
    ...(err.statusCode !== undefined ? { statusCode: err.statusCode } : {}),
  }),
};

/** A fastify `logger` option with the safe serializers applied (false stays false). */
export function safeLogger(logger: FastifyServerOptions['logger'] | undefined): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const base = logger === true ? {} : logger;
  return { ...base, serializers: { ...(base.serializers ?? {}), ...safeLogSerializers } };
}
