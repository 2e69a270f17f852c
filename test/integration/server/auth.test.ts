import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackHost, tokensEqual } from '../../../src/server/auth.js';
import { startServer, tempProject, type TestServer } from './support.js';

const TOKEN = 'a-long-test-token-0123456789abcdef';

describe('REST API: authentication, host check, CORS', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempProject('auth');
  });
  afterAll(() => rmSync(dirname(dir), { recursive: true, force: true }));

  describe('with DATACHAT_API_TOKEN', () => {
    let server: TestServer;
    beforeAll(() => {
      server = startServer(dir, { env: { DATACHAT_API_TOKEN: TOKEN } });
    });
    afterAll(() => server.close());

    it('401 without a token, with a wrong one or a wrong scheme, on every kind of endpoint', async () => {
      const calls: [string, string, unknown?][] = [
        ['GET', '/api/v1/health'],
        ['GET', '/api/v1/databases'],
        ['POST', '/api/v1/chat', { message: 'x' }],
        ['GET', '/api/v1/openapi.json'],
        ['DELETE', '/api/v1/datapoints/x'],
        ['GET', '/api/v1/nope'],
      ];
      for (const [method, url, body] of calls) {
        for (const headers of [
          {},
          { authorization: `Bearer ${TOKEN}x` },
          { authorization: `Basic ${TOKEN}` },
          { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
          { authorization: 'Bearer' },
        ]) {
          const reply = await server.call(method as 'GET', url, body, headers);
          expect(reply.status, `${method} ${url} ${JSON.stringify(headers)}`).toBe(401);
          expect(reply.json).toMatchObject({ error: 'unauthorized' });
          expect(reply.headers['www-authenticate']).toBe('Bearer realm="datachat"');
        }
      }
      // An unauthenticated body is never parsed: a huge or malformed one is still just 401.
      expect((await server.call('POST', '/api/v1/chat', '{bad', { 'content-type': 'application/json' })).status).toBe(
        401,
      );
    });

    it('accepts the right token (any Host, since the token protects)', async () => {
      const ok = await server.call('GET', '/api/v1/health', undefined, { authorization: `Bearer ${TOKEN}` });
      expect(ok.status).toBe(200);
      const lower = await server.call('GET', '/api/v1/system/status', undefined, {
        authorization: `bearer ${TOKEN}`,
        host: 'datachat.example.com',
      });
      expect(lower.status).toBe(200);
      const chat = await server.call(
        'POST',
        '/api/v1/chat',
        { message: 'how many orders' },
        { authorization: `Bearer ${TOKEN}` },
      );
      expect(chat.status).toBe(503);
    });
  });

  describe('without a token (loopback only)', () => {
    let server: TestServer;
    beforeAll(() => {
      server = startServer(dir);
    });
    afterAll(() => server.close());

    it('answers loopback Host headers and refuses others (DNS rebinding)', async () => {
      for (const host of ['localhost:8080', '127.0.0.1:8080', '[::1]:8080', 'localhost']) {
        expect((await server.call('GET', '/api/v1/health', undefined, { host })).status, host).toBe(200);
      }
      const rebound = await server.call('GET', '/api/v1/databases', undefined, { host: 'attacker.example:8080' });
      expect(rebound.status).toBe(403);
      expect(rebound.json.error).toBe('forbidden');
    });

    it('CORS is off: no Access-Control headers, preflight not answered', async () => {
      const reply = await server.call('GET', '/api/v1/health', undefined, { origin: 'http://localhost:5173' });
      expect(reply.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await server.call('OPTIONS', '/api/v1/chat', undefined, {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
      });
      expect(preflight.status).toBe(404);
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('with --cors <origin>', () => {
    let server: TestServer;
    beforeAll(() => {
      server = startServer(dir, { cors: 'http://localhost:5173', env: { DATACHAT_API_TOKEN: TOKEN } });
    });
    afterAll(() => server.close());

    it('only that origin gets CORS headers; its preflight is answered without a token', async () => {
      const preflight = await server.call('OPTIONS', '/api/v1/chat', undefined, {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers).toMatchObject({
        'access-control-allow-origin': 'http://localhost:5173',
        'access-control-allow-headers': 'authorization, content-type, x-datachat-request',
        vary: 'Origin',
      });
      const get = await server.call('GET', '/api/v1/health', undefined, {
        origin: 'http://localhost:5173',
        authorization: `Bearer ${TOKEN}`,
      });
      expect(get.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      expect(get.headers['access-control-expose-headers']).toBe('x-total-count, link, location');
      const other = await server.call('GET', '/api/v1/health', undefined, {
        origin: 'http://evil.example',
        authorization: `Bearer ${TOKEN}`,
      });
      expect(other.status).toBe(200);
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
      const otherPreflight = await server.call('OPTIONS', '/api/v1/chat', undefined, {
        origin: 'http://evil.example',
        'access-control-request-method': 'POST',
      });
      expect(otherPreflight.status).toBe(401);
      expect(otherPreflight.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  it('helpers: constant-time token comparison and loopback hosts', () => {
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true);
    expect(tokensEqual(TOKEN, `${TOKEN}x`)).toBe(false);
    expect(tokensEqual('', TOKEN)).toBe(false);
    for (const host of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.1.2.3'])
      expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '192.168.1.2', 'example.com', '::']) expect(isLoopbackHost(host), host).toBe(false);
  });
});
