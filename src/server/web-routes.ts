import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The web UI's routes: every client-side route answers index.html (the SPA routes itself), and
 * `/assets/*` the bundle that scripts/build-web.mjs wrote into dist/web. Nothing comes from a CDN.
 */
export const UI_ROUTES = ['/', '/setup', '/databases', '/datapoints', '/review', '/chat'] as const;

/**
 * No inline script, no foreign origin, no framing. Styles: the CSS file, plus the <style> elements
 * CodeMirror creates (style-mod only uses constructable stylesheets inside shadow roots), admitted by
 * a per-response nonce rather than 'unsafe-inline'; uPlot styles through `element.style` (the CSSOM,
 * which CSP does not govern).
 */
export function contentSecurityPolicy(styleNonce?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    styleNonce ? `style-src 'self' 'nonce-${styleNonce}'` : "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** The placeholder scripts/build-web.mjs writes into index.html: `<meta name="csp-nonce" content="…">`. */
const NONCE_PLACEHOLDER = '__CSP_NONCE__';

/** Where `npm run build` puts the bundle: <package>/dist/web (the same path from src/ and from dist/). */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../dist/web/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
};

/** True for the UI's own GETs (pages and assets): they carry no data, so they need no API token. */
export function isWebRequest(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0]!;
  if (path.startsWith('/assets/') || path === '/favicon.ico') return true;
  return UI_ROUTES.some((route) => path === route || (route !== '/' && path.startsWith(`${route}/`)));
}

interface WebFile {
  body: Buffer;
  type: string;
}

/** Reads the bundle once (a few hundred KiB): the files never change while the server runs. */
function loadBundle(dir: string): Map<string, WebFile> {
  const files = new Map<string, WebFile>();
  const walk = (folder: string, prefix: string): void => {
    for (const name of readdirSync(folder)) {
      const full = join(folder, name);
      if (statSync(full).isDirectory()) walk(full, `${prefix}${name}/`);
      else
        files.set(`${prefix}${name}`, {
          body: readFileSync(full),
          type: TYPES[extname(name)] ?? 'application/octet-stream',
        });
    }
  };
  if (existsSync(dir)) walk(dir, '');
  return files;
}

function uiHeaders(reply: FastifyReply, type: string, styleNonce?: string): FastifyReply {
  return reply
    .header('content-type', type)
    .header('content-security-policy', contentSecurityPolicy(styleNonce))
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY');
}

export function webRoutes(app: FastifyInstance, webDir = DEFAULT_WEB_DIR): void {
  let bundle: Map<string, WebFile> | undefined;
  const files = (): Map<string, WebFile> => (bundle ??= loadBundle(webDir));

  const page = async (_request: FastifyRequest, reply: FastifyReply) => {
    const index = files().get('index.html');
    if (!index) {
      return uiHeaders(reply.code(503), 'text/plain; charset=utf-8').send(
        'The web UI is not built. Run `npm run build` (it writes dist/web), then restart `datachat serve`.',
      );
    }
    // A fresh nonce per page: CodeMirror reads it from the meta tag for the <style> elements it adds.
    const nonce = randomBytes(16).toString('base64');
    return uiHeaders(reply, index.type, nonce).send(index.body.toString('utf8').replaceAll(NONCE_PLACEHOLDER, nonce));
  };
  for (const route of UI_ROUTES) {
    app.get(route, page);
    if (route !== '/') app.get(`${route}/*`, page);
  }
  app.get('/assets/*', async (request, reply) => {
    const name = (request.params as { '*': string })['*'];
    const file = files().get(`assets/${name}`);
    if (!file || name.includes('..')) {
      return reply.code(404).send({ error: 'not_found', message: `No asset ${name}.` });
    }
    return uiHeaders(reply, file.type).send(file.body);
  });
  app.get('/favicon.ico', async (_request, reply) => {
    const file = files().get('favicon.svg');
    if (!file) return reply.code(204).send();
    return uiHeaders(reply, file.type).send(file.body);
  });
}
