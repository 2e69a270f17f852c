import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerSchema,
  connectionViewSchema,
  databaseProfileSchema,
  generateResultSchema,
  initStatusSchema,
  pendingItemSchema,
  profileResultSchema,
} from '../../../src/server/schemas.js';
import { expectShape, initializeSample, startServer, tempProject, type TestServer } from './support.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** Waits past the server's .datachat.yml check interval (250 ms), so the next request sees an edit. */
const settle = () => new Promise((r) => setTimeout(r, 300));

/** Edits .datachat.yml as a person (or another process) would. */
function editConfig(dir: string, edit: (doc: ReturnType<typeof parseDocument>) => void): void {
  const file = join(dir, '.datachat.yml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  edit(doc);
  writeFileSync(file, doc.toString());
}

function connectionIndex(dir: string, id: string): number {
  const doc = parseDocument(readFileSync(join(dir, '.datachat.yml'), 'utf8'));
  return (doc.toJS() as { connections: { id: string }[] }).connections.findIndex((c) => c.id === id);
}

/** Issue 19, "The REST API as a contract": seed models complete, correct values, natural ids. */
describe('REST API contract', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = startServer(tempProject('contract'));
    // Generated DataPoints wait in review.
    await initializeSample(server, false);
  }, 120_000);
  afterAll(async () => {
    await server.close();
    rmSync(dirname(server.dir), { recursive: true, force: true });
  });

  it('status is not ready while everything generated waits in review', async () => {
    const status = expectShape(initStatusSchema, (await server.call('GET', '/api/v1/system/status')).json);
    expect(status).toMatchObject({ is_initialized: false, setup_required: true, connections_not_ready: ['sample'] });
    expect(status.missing_steps).toEqual(['review_datapoints']);
    expect(status.pending_review).toBeGreaterThan(0);
  });

  it('pending DataPoints are approved and rejected by the natural <connection>/<id> path or the encoded one', async () => {
    const pending = expectShape(
      pendingItemSchema.array(),
      (await server.call('GET', '/api/v1/datapoints/pending?limit=1000')).json,
    );
    expect(pending.length).toBeGreaterThan(3);
    const [natural, encoded, rejected, ...rest] = pending.map((p) => p.id);
    expect(natural).toMatch(/^sample\/./);
    const a = await server.call('POST', `/api/v1/datapoints/pending/${natural}/approve`);
    expect(a.status, a.text).toBe(200);
    expect(a.json.approved).toEqual([expect.objectContaining({ key: natural })]);
    const b = await server.call('POST', `/api/v1/datapoints/pending/${encodeURIComponent(encoded!)}/approve`);
    expect(b.json.approved).toEqual([expect.objectContaining({ key: encoded })]);
    const r = await server.call('POST', `/api/v1/datapoints/pending/${rejected}/reject`);
    expect(r.json.rejected).toEqual([expect.objectContaining({ key: rejected })]);
    const missing = await server.call('POST', '/api/v1/datapoints/pending/sample/no_such_thing/approve');
    expect(missing.status).toBe(404);
    for (const key of rest)
      expect((await server.call('POST', `/api/v1/datapoints/pending/${key}/approve`)).status).toBe(200);

    const status = expectShape(initStatusSchema, (await server.call('GET', '/api/v1/system/status')).json);
    expect(status).toMatchObject({
      is_initialized: true,
      missing_steps: [],
      connections_not_ready: [],
      pending_review: 0,
    });
  }, 60_000);

  it('PUT and DELETE /datapoints/{connection}/{id} address an approved DataPoint without encoding', async () => {
    const list = (await server.call('GET', '/api/v1/datapoints?connection_id=sample&type=Business')).json as {
      id: string;
      datapoint: Record<string, unknown>;
    }[];
    const target = list.find((d) => d.id === 'revenue') ?? list[0]!;
    const put = await server.call('PUT', `/api/v1/datapoints/sample/${target.id}`, {
      ...target.datapoint,
      description: 'Edited through the natural path',
    });
    expect(put.status, put.text).toBe(200);
    expect(put.json.datapoint.description).toBe('Edited through the natural path');
    const del = await server.call('DELETE', `/api/v1/datapoints/sample/${target.id}`);
    expect(del.status, del.text).toBe(200);
    expect(del.json.key).toBe(`sample/${target.id}`);
    expect((await server.call('DELETE', `/api/v1/datapoints/sample/${target.id}`)).status).toBe(404);
  });

  it('PUT /databases/{id}/default reports the real datapoint_count', async () => {
    const got = expectShape(connectionViewSchema, (await server.call('GET', '/api/v1/databases/sample')).json);
    expect(got.datapoint_count).toBeGreaterThan(5);
    const put = await server.call('PUT', '/api/v1/databases/sample/default');
    expect(put.status).toBe(200);
    expect(expectShape(connectionViewSchema, put.json)).toMatchObject({
      is_default: true,
      datapoint_count: got.datapoint_count,
    });
  });

  it('GET /databases/{id}/profile returns the full DatabaseProfile, snake_case; the profile job returns it too', async () => {
    const reply = await server.call('GET', '/api/v1/databases/sample/profile');
    expect(reply.status, reply.text).toBe(200);
    const profile = expectShape(databaseProfileSchema, reply.json);
    expect(profile.tables.length).toBe(profile.table_count);
    const orders = profile.tables.find((t) => t.table_name === 'orders')!;
    expect(orders.foreign_keys).toContainEqual(
      expect.objectContaining({ columns: ['customer_id'], target_table: 'customers', target_columns: ['id'] }),
    );
    const job = await server.call('POST', '/api/v1/databases/sample/profile?wait=true', { tables: ['orders'] });
    expect(job.status, job.text).toBe(200);
    const result = expectShape(profileResultSchema, job.json);
    expect(result.profile.profiled_at).toBe(result.profiled_at);
    expect((await server.call('GET', '/api/v1/databases/sample/profile')).json.profiled_at).toBe(result.profiled_at);
  }, 60_000);

  it('the generate result is GeneratedDataPoints (docs/rest-api.md): lists, confidence_scores, generated_at', async () => {
    const reply = await server.call('POST', '/api/v1/datapoints/generate?wait=true', {
      connection_id: 'sample',
      offline: true,
    });
    expect(reply.status, reply.text).toBe(200);
    const result = expectShape(generateResultSchema, reply.json);
    expect(result.generated_at).toMatch(ISO);
    expect(result.schema_datapoints.length).toBe(result.counts.schema);
    expect(result.schema_datapoints.length).toBeGreaterThan(5);
    expect(result.schema_datapoints.every((d) => d.type === 'Schema')).toBe(true);
    expect(result.business_datapoints.every((d) => d.type === 'Business')).toBe(true);
    const keys = [...result.schema_datapoints, ...result.business_datapoints, ...result.process_datapoints].map(
      (d) => `${d.connection}/${d.id}`,
    );
    expect(Object.keys(result.confidence_scores).length).toBeGreaterThan(0);
    for (const [key, score] of Object.entries(result.confidence_scores)) {
      expect(keys).toContain(key);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
  }, 60_000);

  it('POST /system/initialize with an unreachable database registers nothing, and a retry works', async () => {
    const failed = await server.call('POST', '/api/v1/system/initialize?wait=true', {
      databases: [{ name: 'Warehouse', database_url: 'postgresql://analyst:Pw-Unreachable-1@127.0.0.1:1/analytics' }],
      auto_profile: false,
      auto_generate_datapoints: false,
    });
    expect(failed.status, failed.text).toBe(502);
    expect(failed.json.error).toBe('connection_failed');
    expect(
      ((await server.call('GET', '/api/v1/databases')).json as { connection_id: string }[]).map((c) => c.connection_id),
    ).toEqual(['sample']);
    expect(readFileSync(join(server.dir, '.datachat.yml'), 'utf8')).not.toContain('warehouse');
    const secrets = readFileSync(join(server.dir, '.datachat', 'secrets.json'), 'utf8');
    expect(secrets).not.toContain('warehouse');

    const retry = await server.call('POST', '/api/v1/system/initialize?wait=true', {
      databases: [{ name: 'Warehouse', database_url: 'sqlite:.datachat/sample.db' }],
      auto_profile: false,
      auto_generate_datapoints: false,
    });
    expect(retry.status, retry.text).toBe(200);
    expect(retry.json.databases_added).toBe(1);
    const view = expectShape(connectionViewSchema, (await server.call('GET', '/api/v1/databases/warehouse')).json);
    expect(view.created_at).toMatch(ISO);
    expect(Date.now() - Date.parse(view.created_at!)).toBeLessThan(60_000);
  }, 60_000);

  it('GET /databases/{id}/profile is 404 with a hint before the first profile', async () => {
    const reply = await server.call('GET', '/api/v1/databases/warehouse/profile');
    expect(reply.status).toBe(404);
    expect(reply.json).toMatchObject({ error: 'not_found', field: 'connection_id', in: 'path' });
    expect(reply.json.hint).toContain('POST /api/v1/databases/warehouse/profile');
    expect((await server.call('GET', '/api/v1/databases/nope/profile')).status).toBe(404);
  });

  it('a connected database without DataPoints makes status not ready; an inactive one does not', async () => {
    const added = await server.call('POST', '/api/v1/databases', {
      name: 'empty',
      database_url: 'sqlite:.datachat/sample.db',
      tags: ['scratch', 'eu'],
    });
    expect(added.status, added.text).toBe(201);
    let status = expectShape(initStatusSchema, (await server.call('GET', '/api/v1/system/status')).json);
    expect(status).toMatchObject({ is_initialized: false, connections_not_ready: ['empty'] });
    expect(status.missing_steps).toEqual(['profile_schema', 'generate_datapoints']);

    editConfig(server.dir, (doc) => doc.setIn(['connections', connectionIndex(server.dir, 'empty'), 'active'], false));
    await settle();
    status = expectShape(initStatusSchema, (await server.call('GET', '/api/v1/system/status')).json);
    expect(status).toMatchObject({ is_initialized: true, connections_not_ready: [] });
  });

  it('GET /databases filters by tags and active_only; created_at is null for a hand-written entry', async () => {
    editConfig(server.dir, (doc) => {
      const connections = doc.get('connections') as { add(v: unknown): void };
      connections.add(
        doc.createNode({ id: 'legacy', type: 'sqlite', url: 'sqlite:.datachat/sample.db', tags: ['eu'] }),
      );
    });
    await settle();
    const ids = async (query: string) =>
      ((await server.call('GET', `/api/v1/databases${query}`)).json as { connection_id: string }[]).map(
        (c) => c.connection_id,
      );
    expect(await ids('')).toEqual(['sample', 'warehouse', 'empty', 'legacy']);
    expect(await ids('?active_only=true')).toEqual(['sample', 'warehouse', 'legacy']);
    expect(await ids('?tags=eu')).toEqual(['empty', 'legacy']);
    expect(await ids('?tags=eu,scratch')).toEqual(['empty']);
    expect(await ids('?tags=eu&active_only=true')).toEqual(['legacy']);
    expect(await ids('?tags=sample&active_only=1')).toEqual(['sample']);
    expect((await server.call('GET', '/api/v1/databases?active_only=maybe')).json).toMatchObject({
      error: 'validation_error',
      field: 'active_only',
    });
    const legacy = expectShape(connectionViewSchema, (await server.call('GET', '/api/v1/databases/legacy')).json);
    expect(legacy.created_at).toBeNull();
  });

  it('is_active: false takes a connection out of cross-database answers (target_database still reaches it)', async () => {
    editConfig(server.dir, (doc) => {
      doc.setIn(['connections', connectionIndex(server.dir, 'legacy'), 'active'], false);
      doc.setIn(['connections', connectionIndex(server.dir, 'empty'), 'active'], true);
      doc.setIn(['connections', connectionIndex(server.dir, 'warehouse'), 'active'], false);
    });
    await settle();
    // A catalog question: every connection can answer it, DataPoint metrics or not.
    const reply = await server.call('POST', '/api/v1/chat', {
      message: 'How many rows are in the orders table?',
      cross_database: true,
    });
    expect(reply.status, reply.text).toBe(200);
    const answer = expectShape(answerSchema, reply.json);
    expect(answer.routing.targets.sort()).toEqual(['empty', 'sample']);
    const explicit = await server.call('POST', '/api/v1/chat', {
      message: 'How many rows are in the orders table?',
      target_database: 'warehouse',
    });
    expect(explicit.status, explicit.text).toBe(200);
    expect(explicit.json.database_used).toBe('warehouse');
  }, 60_000);
});

describe('REST API contract: the documents', () => {
  let server: TestServer;

  beforeAll(() => {
    server = startServer(tempProject('contract-docs'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dirname(server.dir), { recursive: true, force: true });
  });

  it('the 503 documentation field points at a page this server serves', async () => {
    const reply = await server.call('POST', '/api/v1/chat', { message: 'How many orders?' });
    expect(reply.status).toBe(503);
    const docs = await server.call('GET', reply.json.documentation);
    expect(docs.status).toBe(200);
    expect(String(docs.headers['content-type'])).toContain('text/markdown');
    expect(docs.text).toContain('POST /api/v1/system/initialize');
    expect(docs.text).toContain(reply.json.setup_url);
  });

  it('the OpenAPI document states the versioning policy and declares only snake_case fields', async () => {
    const doc = (await server.call('GET', '/api/v1/openapi.json')).json;
    expect(doc.info.description).toMatch(/Versioning/);
    expect(doc.info.description).toMatch(/additive only/);
    expect(doc.paths['/api/v1/docs/setup'].get.responses['200'].content['text/markdown']).toBeDefined();
    const camel: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) {
        node.forEach((n, i) => {
          walk(n, `${path}[${i}]`);
        });
        return;
      }
      if (!node || typeof node !== 'object') return;
      const properties = (node as { properties?: Record<string, unknown> }).properties;
      if (properties && typeof properties === 'object') {
        for (const name of Object.keys(properties)) if (/[A-Z]/.test(name)) camel.push(`${path}.${name}`);
      }
      for (const [key, child] of Object.entries(node)) walk(child, `${path}.${key}`);
    };
    walk(doc.components.schemas, 'components.schemas');
    for (const [path, ops] of Object.entries(
      doc.paths as Record<string, Record<string, { parameters?: { name: string }[] }>>,
    )) {
      for (const op of Object.values(ops))
        for (const p of op.parameters ?? [])
          if (/[A-Z]/.test(p.name) && p.name !== 'X-Datachat-Request') camel.push(`${path} ${p.name}`);
    }
    expect(camel).toEqual([]);
  });
});
