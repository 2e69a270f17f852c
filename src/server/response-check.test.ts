import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import type { RouteSpec } from './route.js';
import { responseMismatch } from './response-check.js';

const spec: RouteSpec = {
  method: 'GET',
  url: '/things',
  operationId: 'getThing',
  summary: 'a thing',
  tag: 'meta',
  responses: {
    200: {
      description: 'ok',
      schema: z.object({
        id: z.string(),
        nested: z.object({ count: z.int() }),
        labels: z.record(z.string(), z.string()),
      }),
    },
    204: { description: 'no body' },
  },
};

describe('responseMismatch', () => {
  it('accepts a body that matches, including any key of a record', () => {
    expect(responseMismatch(spec, 200, { id: 'a', nested: { count: 1 }, labels: { anyKey: 'x' } })).toBeUndefined();
    expect(responseMismatch(spec, 204, undefined)).toBeUndefined();
  });

  it.each([
    [{ id: 1, nested: { count: 1 }, labels: {} }, /id: /],
    [{ id: 'a', nested: { count: 1 }, labels: {}, latencyMs: 3 }, /undocumented field\(s\) latencyMs/],
    [{ id: 'a', nested: { count: 1, extra: true }, labels: {} }, /undocumented field\(s\) nested\.extra/],
    [{ id: 'a', labels: {} }, /nested: /],
  ])('reports drift: %j', (body, message) => {
    expect(responseMismatch(spec, 200, body)).toMatch(message);
  });

  it('an undocumented success status is drift; an undocumented error must have the common error body', () => {
    expect(responseMismatch(spec, 201, { id: 'a' })).toMatch(/status 201 is not documented/);
    expect(responseMismatch(spec, 401, { error: 'unauthorized', message: 'no' })).toBeUndefined();
    expect(responseMismatch(spec, 500, { oops: true })).toMatch(/500/);
    expect(
      responseMismatch(spec, 503, {
        error: 'system_not_initialized',
        message: 'm',
        setup_url: '/s',
        documentation: '/d',
      }),
    ).toBeUndefined();
  });
});
