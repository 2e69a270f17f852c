import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

/** Items a list returns when the client gives no `limit`. */
export const DEFAULT_PAGE_SIZE = 100;
/** Largest `limit` accepted: a page stays a bounded amount of work and memory. */
export const MAX_PAGE_SIZE = 1000;

const queryInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.int().min(min).max(max));

/** `limit` and `offset` of a list endpoint (merge into its query schema). */
export const pageQuery = z.object({
  limit: queryInt(1, MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .describe(`items per page (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE})`),
  offset: queryInt(0, 1_000_000_000).default(0).describe('items to skip; the `Link` header names the next page'),
});

export interface Page {
  limit: number;
  offset: number;
}

/** Requests answered with already-redacted JSON (ListCache items): the app's onSend redaction skips them. */
export const preRedacted = new WeakSet<FastifyRequest>();

/** How a paged list documents its headers in OpenAPI. */
export const PAGE_HEADERS = {
  'X-Total-Count': 'Items in the whole list (all pages), after filters',
  Link: '`<url>; rel="next"` while more items follow',
};

/**
 * Answers one page of a list whose items are already JSON and redacted (see ListCache): a JSON array body (the
 * shape the list endpoints of docs/rest-api.md have), the total in `X-Total-Count`, and `Link: <…>; rel="next"`
 * while more follow. Returned as a string, so fastify sends it without serialising again.
 */
export function sendPage(request: FastifyRequest, reply: FastifyReply, items: readonly string[], page: Page): string {
  const slice = items.slice(page.offset, page.offset + page.limit);
  reply.header('x-total-count', String(items.length));
  if (page.offset + slice.length < items.length) {
    const url = new URL(request.url, 'http://localhost');
    url.searchParams.set('limit', String(page.limit));
    url.searchParams.set('offset', String(page.offset + slice.length));
    reply.header('link', `<${url.pathname}${url.search}>; rel="next"`);
  }
  reply.type('application/json; charset=utf-8');
  preRedacted.add(request);
  return `[${slice.join(',')}]`;
}
