import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dataPointViewSchema,
  engineSchema,
  pendingEditResultSchema,
  searchResultSchema,
} from '../../src/server/schemas.js';
import {
  expectShape,
  initializeSample,
  startServer,
  tempProject,
  type TestServer,
} from '../integration/server/support.js';

/** The server side of the web UI: its pages without a token, and the API endpoints it added. */
describe('web UI routes and the API endpoints the UI uses', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = startServer(tempProject('web-api'));
    await initializeSample(server, false);
    // Approve the metric the tests read back.
    const approved = await server.call('POST', '/api/v1/datapoints/pending/sample/revenue/approve');
    expect(approved.status, approved.text).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await server.close();
    rmSync(dirname(server.dir), { recursive: true, force: true });
  });

  it('GET /engines lists every engine with the fields of its config schema, secrets marked', async () => {
    const reply = await server.call('GET', '/api/v1/engines');
    expect(reply.status).toBe(200);
    const engines = reply.json.map((e: unknown) => expectShape(engineSchema, e));
    expect(engines.map((e: { id: string }) => e.id)).toEqual([
      'sqlite',
      'postgresql',
      'mysql',
      'clickhouse',
      'bigquery',
      'snowflake',
    ]);
    const pg = engines.find((e: { id: string }) => e.id === 'postgresql')!;
    expect(pg.url_schemes).toEqual(['postgres', 'postgresql']);
    expect(pg.fields.find((f: { key: string }) => f.key === 'password')).toMatchObject({ secret: true, kind: 'text' });
    expect(pg.fields.find((f: { key: string }) => f.key === 'port')).toMatchObject({ secret: false, kind: 'number' });
    expect(pg.fields.find((f: { key: string }) => f.key === 'sslmode')?.choices).toContain('verify-full');
  });

  it('GET /datapoints/search ranks the revenue metric for a revenue question', async () => {
    const reply = await server.call('GET', '/api/v1/datapoints/search?q=total%20revenue%20by%20month&k=5');
    expect(reply.status, reply.text).toBe(200);
    const result = expectShape(searchResultSchema, reply.json);
    expect(result.routing.targets).toEqual(['sample']);
    expect(result.datapoints.length).toBeGreaterThan(0);
    expect(result.datapoints.length).toBeLessThanOrEqual(5);
    expect(result.datapoints.slice(0, 3).map((d) => d.id)).toContain('revenue');
    const missing = await server.call('GET', '/api/v1/datapoints/search');
    expect(missing.json).toMatchObject({ error: 'validation_error', field: 'q', in: 'query' });
  });

  it('GET /datapoints/{connection}/{id} returns the DataPoint and its YAML; PUT .../yaml validates it as the CLI does', async () => {
    const one = await server.call('GET', '/api/v1/datapoints/sample/revenue');
    expect(one.status, one.text).toBe(200);
    const view = expectShape(dataPointViewSchema, one.json);
    expect(view.yaml).toContain('id: revenue');

    const invalid = view.yaml.replace(/^name: .*$/m, 'name:\n  - not a string');
    // The issue points at the offending value, as `datachat check` does.
    const line = invalid.split('\n').indexOf('  - not a string') + 1;
    const refused = await server.call('PUT', '/api/v1/datapoints/sample/revenue/yaml', { yaml: invalid });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toBe('datapoint_invalid');
    expect(refused.json.details.issues[0], refused.text).toMatchObject({ line, path: 'name' });
    const unchanged = await server.call('GET', '/api/v1/datapoints/sample/revenue');
    expect(unchanged.json.yaml).toBe(view.yaml);

    const broken = await server.call('PUT', '/api/v1/datapoints/sample/revenue/yaml', { yaml: 'type: [unclosed' });
    expect(broken.status).toBe(400);
    expect(broken.json.details.issues[0].line).toBe(1);

    const edited = view.yaml.replace(/^description: .*$/m, 'description: Edited in the web UI.');
    const saved = await server.call('PUT', '/api/v1/datapoints/sample/revenue/yaml', { yaml: edited });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json.datapoint.description).toBe('Edited in the web UI.');
  });

  it('PUT /datapoints/pending/{connection}/{id} edits a pending DataPoint, refusing invalid YAML at its line', async () => {
    const list = await server.call('GET', '/api/v1/datapoints/pending?limit=1');
    const item = list.json[0];
    expect(item.yaml).toContain(`id: ${item.datapoint.id}`);
    expect(item.yaml).not.toContain('status:');
    const [connection, id] = item.id.split('/');
    const url = `/api/v1/datapoints/pending/${connection}/${id}`;
    const bad = await server.call('PUT', url, { yaml: item.yaml.replace(/^type: .*$/m, 'type: Nope') });
    expect(bad.status).toBe(400);
    expect(bad.json.details.issues[0]).toMatchObject({ line: 1, path: 'type' });
    const same = await server.call('PUT', url, { yaml: item.yaml });
    expect(expectShape(pendingEditResultSchema, same.json)).toEqual({ status: 'unchanged', key: item.id });
    const renamed = await server.call('PUT', url, {
      yaml: item.yaml.replace(/^name: .*$/m, 'name: Renamed in review'),
    });
    expect(renamed.json).toEqual({ status: 'updated', key: item.id });
    const after = await server.call('GET', '/api/v1/datapoints/pending?limit=1000');
    expect(after.json.find((p: { id: string }) => p.id === item.id).name).toBe('Renamed in review');
    const unknown = await server.call('PUT', '/api/v1/datapoints/pending/sample/nope', { yaml: item.yaml });
    expect(unknown.status).toBe(404);
  });
  it('POST /datapoints/pending/approve|reject take several keys, all resolved before anything changes', async () => {
    const list = (await server.call('GET', '/api/v1/datapoints/pending?limit=1000')).json as { id: string }[];
    const [a, b, c] = list.map((p) => p.id);
    const refused = await server.call('POST', '/api/v1/datapoints/pending/approve', { ids: [a, 'sample/nope'] });
    expect(refused.status).toBe(404);
    const still = (await server.call('GET', '/api/v1/datapoints/pending?limit=1000')).json as { id: string }[];
    expect(still.map((p) => p.id)).toContain(a);
    const approved = await server.call('POST', '/api/v1/datapoints/pending/approve', { ids: [a, b] });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.json.approved.map((x: { key: string }) => x.key)).toEqual([a, b]);
    expect(approved.json.sync).toBeDefined();
    const rejected = await server.call('POST', '/api/v1/datapoints/pending/reject', { ids: [c], reason: 'not ours' });
    expect(rejected.json.rejected.map((x: { key: string }) => x.key)).toEqual([c]);
    const after = (await server.call('GET', '/api/v1/datapoints/pending?limit=1000')).json as { id: string }[];
    expect(after).toHaveLength(list.length - 3);
    const empty = await server.call('POST', '/api/v1/datapoints/pending/approve', { ids: [] });
    expect(empty.json).toMatchObject({ error: 'validation_error', field: 'ids' });
  });
});

describe('web UI pages under DATACHAT_API_TOKEN', () => {
  let server: TestServer;
  beforeAll(() => {
    server = startServer(tempProject('web-token'), { env: { DATACHAT_API_TOKEN: 's3cret-token' } });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dirname(server.dir), { recursive: true, force: true });
  });

  it('serves the pages and assets without the token (they carry no data); the API still needs it', async () => {
    for (const path of ['/', '/setup', '/chat', '/review', '/datapoints', '/datapoints/sample/revenue', '/databases']) {
      const page = await server.app.inject({ method: 'GET', url: path });
      expect([200, 503], path).toContain(page.statusCode);
      expect(page.headers['content-security-policy']).toMatch(/script-src 'self';/);
      expect(page.headers['content-security-policy']).toContain("object-src 'none'");
      expect(page.headers['x-content-type-options']).toBe('nosniff');
    }
    const api = await server.app.inject({ method: 'GET', url: '/api/v1/system/status' });
    expect(api.statusCode).toBe(401);
    // Only GETs of UI paths are public: a POST to one is still refused.
    const post = await server.app.inject({ method: 'POST', url: '/chat', payload: {} });
    expect(post.statusCode).toBe(401);
    const traversal = await server.app.inject({ method: 'GET', url: '/assets/..%2f..%2fpackage.json' });
    expect(traversal.statusCode).toBe(404);
  });
});
