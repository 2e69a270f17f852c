import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-cli.js';
import { startServer, tempProject, type TestServer } from './support.js';

const EVIL = 'https://evil.example';
const HOST = '127.0.0.1:8080';
const TEST = '/api/v1/databases/sample/test';
const JSON_TYPE = { 'content-type': 'application/json' };
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Cross-site request forgery: without a token, a web page the user visits must not be able to make
 * the browser fire state-changing requests at the local API (form posts, no-cors fetch, sendBeacon),
 * while scripts, the CLI and the API's own web origin keep working.
 */
describe('REST API: browser safety', () => {
  let dir: string;
  let server: TestServer;
  let withCors: TestServer;
  let withToken: TestServer;

  beforeAll(() => {
    dir = tempProject('browser');
    const init = runCli(['init', '--sample', '--yes', '--auto-approve', '--dir', dir]);
    expect(init.code, init.stderr).toBe(0);
    server = startServer(dir);
    withCors = startServer(dir, { cors: 'http://localhost:5173' });
    withToken = startServer(dir, { env: { DATACHAT_API_TOKEN: 'browser-token-0123456789' } });
  }, 60_000);
  afterAll(async () => {
    for (const s of [server, withCors, withToken]) await s.close();
    rmSync(dirname(dir), { recursive: true, force: true });
  });

  /** A raw request: exactly these headers (the test helper's defaults left out). */
  type Headers = Record<string, string>;
  const raw = async (target: TestServer, method: Method, url: string, headers: Headers, payload?: string) => {
    const body = payload === undefined ? {} : { payload };
    const response = await target.app.inject({ method, url, headers: { host: HOST, ...headers }, ...body });
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(response.body) as Record<string, unknown>;
    } catch {
      json = undefined;
    }
    return { status: response.statusCode, json, headers: response.headers };
  };

  const ATTACKED = ['/api/v1/databases/sample/profile', '/api/v1/datapoints/sync', '/api/v1/databases/sample/test'];

  it.each(ATTACKED)('POST %s from a foreign page with no body is 403 (and nothing runs)', async (url) => {
    const reply = await raw(server, 'POST', url, { origin: EVIL });
    expect(reply.status).toBe(403);
    expect(reply.json).toMatchObject({ error: 'cross_site_request' });
    expect(String(reply.json?.message)).toContain(EVIL);
  });

  it.each([
    ['a form post', { origin: EVIL, 'content-type': 'application/x-www-form-urlencoded' }, 'a=1'],
    ['a text/plain fetch (no-cors)', { origin: EVIL, 'content-type': 'text/plain' }, '{"generate":false}'],
    ['JSON from a foreign origin', { origin: EVIL, 'content-type': 'application/json' }, '{}'],
    ['the custom header from a foreign origin', { origin: EVIL, 'x-datachat-request': '1' }, undefined],
    ['an opaque origin (sandboxed frame, file://)', { origin: 'null', 'content-type': 'application/json' }, '{}'],
    ['another port of this host', { origin: 'http://127.0.0.1:9999', 'content-type': 'application/json' }, '{}'],
    ['a text/plain body without Origin', { 'content-type': 'text/plain' }, '{}'],
    ['no body, no header, no Origin', {}, undefined],
  ])('refuses %s', async (_label, headers: Record<string, string>, payload) => {
    for (const url of ATTACKED) {
      const reply = await raw(server, 'POST', url, headers, payload);
      expect(reply.status, url).toBe(403);
      expect(reply.json).toMatchObject({ error: 'cross_site_request' });
    }
    const del = await raw(server, 'DELETE', '/api/v1/databases/sample', headers);
    expect(del.status).toBe(403);
    expect((await raw(server, 'GET', '/api/v1/databases/sample', {})).status).toBe(200);
  });

  it("lets scripts, the CLI style and the server's own web origin through", async () => {
    // CLI / script style: the custom header, no body.
    expect((await raw(server, 'POST', TEST, { 'x-datachat-request': '1' })).status).toBe(200);
    // JSON body (what fetch() from any client sends).
    expect((await raw(server, 'POST', TEST, JSON_TYPE, '{}')).status).toBe(200);
    // JSON content type with an empty body means "no body", not a 400.
    expect((await raw(server, 'POST', TEST, JSON_TYPE)).status).toBe(200);
    const utf8 = { 'content-type': 'application/json; charset=utf-8' };
    expect((await raw(server, 'POST', TEST, utf8, '{}')).status).toBe(200);
    // A page served by this very server (same host and port).
    for (const origin of [`http://${HOST}`, 'http://127.0.0.1:8080/']) {
      expect((await raw(server, 'POST', TEST, { origin, ...JSON_TYPE }, '{}')).status, origin).toBe(200);
    }
    // The one --cors origin (a web app on another port).
    const webApp = { origin: 'http://localhost:5173', ...JSON_TYPE };
    expect((await raw(withCors, 'POST', TEST, webApp, '{}')).status).toBe(200);
    expect((await raw(withCors, 'POST', TEST, { origin: EVIL, ...JSON_TYPE }, '{}')).status).toBe(403);
    // Reads are not blocked (the browser does not let a foreign page read the response without CORS).
    expect((await raw(server, 'GET', '/api/v1/databases', { origin: EVIL })).status).toBe(200);
  });

  it('a valid token lets any client through; without it the token server answers 401 first', async () => {
    const auth = { authorization: 'Bearer browser-token-0123456789' };
    expect((await raw(withToken, 'POST', TEST, { ...auth, origin: EVIL })).status).toBe(200);
    expect((await raw(withToken, 'POST', TEST, { origin: EVIL })).status).toBe(401);
  });

  it('a CORS preflight allows the custom header for the --cors origin', async () => {
    const headers = { host: HOST, origin: 'http://localhost:5173', 'access-control-request-method': 'POST' };
    const reply = await withCors.app.inject({ method: 'OPTIONS', url: TEST, headers });
    expect(reply.statusCode).toBe(204);
    expect(reply.headers['access-control-allow-headers']).toContain('x-datachat-request');
  });
});
