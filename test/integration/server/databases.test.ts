import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectionTestSchema,
  connectionViewSchema,
  jobAcceptedSchema,
  jobViewSchema,
  profileResultSchema,
} from '../../../src/server/schemas.js';
import { expectShape, initializeSample, startServer, tempProject, waitForJob, type TestServer } from './support.js';

/** `"` inside the password checks that its JSON-escaped form (`\"`) is redacted too. */
const PASSWORD = 'Sup3r"Secret-pw';
const URL_WITH_PASSWORD = `postgresql://analyst:${encodeURIComponent(PASSWORD)}@127.0.0.1:1/analytics`;
const FORMS = [PASSWORD, encodeURIComponent(PASSWORD), JSON.stringify(PASSWORD).slice(1, -1), 'Sup3r'];

describe('REST API: databases', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = startServer(tempProject('databases'));
    await initializeSample(server, true);
  }, 120_000);
  afterAll(async () => {
    await server.close();
    rmSync(dirname(server.dir), { recursive: true, force: true });
  });

  it('POST /databases stores the password encrypted and never returns it', async () => {
    const reply = await server.call('POST', '/api/v1/databases', {
      name: 'Warehouse',
      database_url: URL_WITH_PASSWORD,
      tags: ['prod'],
      description: 'analytics',
    });
    expect(reply.status, reply.text).toBe(201);
    expect(reply.headers.location).toBe('/api/v1/databases/warehouse');
    const view = expectShape(connectionViewSchema, reply.json);
    expect(view).toMatchObject({
      connection_id: 'warehouse',
      name: 'Warehouse',
      database_type: 'postgresql',
      is_default: false,
      tags: ['prod'],
      description: 'analytics',
    });
    expect(view.database_url).toBe('postgresql://analyst@127.0.0.1:1/analytics');
    expect(readFileSync(join(server.dir, '.datachat.yml'), 'utf8')).not.toContain('Sup3r');
  });

  it('POST /databases: 400 naming the field, 409 on a duplicate', async () => {
    const cases: [unknown, string][] = [
      [{ database_url: 'sqlite:x.db' }, 'name'],
      [{ name: 'x', database_url: 'sqlite:x.db', database_type: 'oracle' }, 'database_type'],
      [{ name: 'x', database_url: 'sqlite:x.db', password: 'p' }, 'password'],
      [{ name: 'x', database_url: 'sqlite:x.db', tags: 'a,b' }, 'tags'],
      [{ name: 'x', database_url: '' }, 'database_url'],
    ];
    for (const [body, field] of cases) {
      const reply = await server.call('POST', '/api/v1/databases', body);
      expect(reply.status, reply.text).toBe(400);
      expect(reply.json).toMatchObject({ error: 'validation_error', field, in: 'body' });
    }
    const noBody = await server.call('POST', '/api/v1/databases');
    expect(noBody.json).toMatchObject({ error: 'validation_error', field: 'body' });
    const unknownScheme = await server.call('POST', '/api/v1/databases', {
      name: 'o',
      database_url: 'oracle://scott:TigerPw123@db/orcl',
    });
    expect(unknownScheme.status).toBe(400);
    expect(unknownScheme.json.error).toBe('usage_error');
    expect(unknownScheme.text).not.toContain('TigerPw123');
    const duplicate = await server.call('POST', '/api/v1/databases', {
      name: 'warehouse',
      database_url: 'sqlite:other.db',
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json).toMatchObject({ error: 'conflict', field: 'name' });
  });

  it('GET /databases and GET /databases/{id}', async () => {
    const list = await server.call('GET', '/api/v1/databases');
    const views = expectShape(z.array(connectionViewSchema), list.json);
    expect(views.map((v) => v.connection_id)).toEqual(['sample', 'warehouse']);
    expect(views[0]).toMatchObject({ is_default: true, database_type: 'sqlite' });
    expect(views[0]!.datapoint_count).toBeGreaterThan(10);
    expect(views[0]!.last_profiled).not.toBeNull();
    const one = await server.call('GET', '/api/v1/databases/warehouse');
    expect(expectShape(connectionViewSchema, one.json).connection_id).toBe('warehouse');
    const missing = await server.call('GET', '/api/v1/databases/nope');
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ error: 'not_found' });
    expect(missing.json.hint).toContain('warehouse');
  });

  it('POST /databases/{id}/test: ok, unreachable (502, redacted), unknown (404)', async () => {
    const ok = await server.call('POST', '/api/v1/databases/sample/test');
    expect(ok.status).toBe(200);
    expect(expectShape(connectionTestSchema, ok.json)).toMatchObject({ connection_id: 'sample', ok: true });
    const down = await server.call('POST', '/api/v1/databases/warehouse/test');
    if (down.status === 200) expect(down.json.ok).toBe(false);
    else expect(down.json.error).toBe('connection_failed');
    expect([200, 502]).toContain(down.status);
    expect((await server.call('POST', '/api/v1/databases/nope/test')).status).toBe(404);
  });

  it('POST /databases/{id}/profile: 202 + polling, ?wait=true with generation, errors', async () => {
    const started = await server.call('POST', '/api/v1/databases/sample/profile', { sample_size: 100 });
    expect(started.status).toBe(202);
    const job = expectShape(jobAcceptedSchema, started.json);
    const polled = await waitForJob(server, job.status_url);
    const view = expectShape(jobViewSchema, polled.json);
    expect(view, polled.text).toMatchObject({ status: 'completed', kind: 'profile' });
    const result = expectShape(profileResultSchema, view.result);
    expect(result).toMatchObject({ connection_id: 'sample', table_count: 8, tables_profiled: 8, generation: null });

    const waited = await server.call('POST', '/api/v1/databases/sample/profile?wait=true', {
      tables: ['orders'],
      generate_datapoints: true,
      offline: true,
    });
    expect(waited.status, waited.text).toBe(200);
    const withGeneration = expectShape(profileResultSchema, waited.json);
    expect(withGeneration.tables_profiled).toBe(1);
    expect(withGeneration.generation).toMatchObject({ connection_id: 'sample', method: 'heuristic' });
    expect(withGeneration.generation!.changes.every((c) => c.file.startsWith('datapoints/'))).toBe(true);

    const noBody = await server.call('POST', '/api/v1/databases/sample/profile?wait=true');
    expect(noBody.status).toBe(200);

    expect((await server.call('POST', '/api/v1/databases/sample/profile', { sample_size: 0 })).json).toMatchObject({
      error: 'validation_error',
      field: 'sample_size',
    });
    expect((await server.call('POST', '/api/v1/databases/sample/profile', { tables: 'orders' })).json).toMatchObject({
      field: 'tables',
    });
    expect((await server.call('POST', '/api/v1/databases/nope/profile', {})).status).toBe(404);

    const failed = await server.call('POST', '/api/v1/databases/warehouse/profile?wait=true', {});
    expect(failed.status).toBeGreaterThanOrEqual(500);
    const failedJob = await server.call('POST', '/api/v1/databases/warehouse/profile', {});
    const failedView = (await waitForJob(server, failedJob.json.status_url)).json;
    expect(failedView.status).toBe('failed');
    expect(failedView.error.status).toBeGreaterThanOrEqual(500);
  }, 60_000);

  it('PUT /databases/{id}/default', async () => {
    const reply = await server.call('PUT', '/api/v1/databases/warehouse/default');
    expect(reply.status).toBe(200);
    expect(expectShape(connectionViewSchema, reply.json).is_default).toBe(true);
    const list = (await server.call('GET', '/api/v1/databases')).json as {
      connection_id: string;
      is_default: boolean;
    }[];
    expect(list.filter((c) => c.is_default).map((c) => c.connection_id)).toEqual(['warehouse']);
    expect((await server.call('PUT', '/api/v1/databases/nope/default')).status).toBe(404);
    expect((await server.call('PUT', '/api/v1/databases/sample/default')).json.is_default).toBe(true);
  });

  it('other endpoints while the credentialed connection exists', async () => {
    for (const url of [
      '/api/v1/system/status',
      '/api/v1/datapoints?connection_id=sample&type=Business',
      '/api/v1/openapi.json',
      '/api/v1/datapoints/pending',
    ]) {
      expect((await server.call('GET', url)).status).toBe(200);
    }
    expect(
      (await server.call('POST', '/api/v1/chat', { message: 'how many orders', target_database: 'warehouse' })).status,
    ).toBeGreaterThanOrEqual(400);
    expect(
      (
        await server.call('POST', '/api/v1/datapoints/generate?wait=true', {
          connection_id: 'warehouse',
          offline: true,
        })
      ).status,
    ).toBeGreaterThanOrEqual(500);
  });

  it('DELETE /databases/{id}', async () => {
    const reply = await server.call('DELETE', '/api/v1/databases/warehouse');
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ connection_id: 'warehouse', deleted: true });
    expect((await server.call('GET', '/api/v1/databases/warehouse')).status).toBe(404);
    expect((await server.call('DELETE', '/api/v1/databases/warehouse')).status).toBe(404);
    const secrets = readdirSync(join(server.dir, '.datachat'));
    expect(secrets).toContain('secrets.json');
  });

  it('the password appears in no response body of any endpoint', () => {
    expect(server.bodies.length).toBeGreaterThan(30);
    for (const body of server.bodies) for (const form of FORMS) expect(body).not.toContain(form);
  });
});
