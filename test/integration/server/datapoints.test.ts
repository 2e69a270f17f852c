import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dataPointChangeSchema,
  dataPointListItemSchema,
  generateResultSchema,
  jobAcceptedSchema,
  jobViewSchema,
  pendingItemSchema,
  reviewResultSchema,
  syncProfileResultSchema,
  syncResultSchema,
} from '../../../src/server/schemas.js';
import { expectShape, initializeSample, startServer, tempProject, waitForJob, type TestServer } from './support.js';

const metric = (id: string, extra: Record<string, unknown> = {}) => ({
  type: 'Business',
  id,
  name: `Metric ${id}`,
  connection: 'sample',
  expression: 'COUNT(*)',
  table: 'orders',
  aggregation: 'COUNT',
  description: 'test metric',
  ...extra,
});

describe('REST API: datapoints', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = startServer(tempProject('datapoints'));
    // Not auto-approved: the generated DataPoints wait in pending/ for the review endpoints.
    await initializeSample(server, false);
  }, 120_000);
  afterAll(async () => {
    await server.close();
    rmSync(dirname(server.dir), { recursive: true, force: true });
  });

  it('GET /datapoints/pending lists the documented shape', async () => {
    const reply = await server.call('GET', '/api/v1/datapoints/pending');
    const items = expectShape(z.array(pendingItemSchema), reply.json);
    expect(items.length).toBeGreaterThan(20);
    expect(items.find((i) => i.id === 'sample/revenue')).toMatchObject({
      status: 'pending_review',
      source: 'auto_generated',
      type: 'Business',
      connection: 'sample',
    });
    expect(items.every((i) => i.datapoint.status === 'pending')).toBe(true);
  });

  it('approve and reject: by <connection>/<id> (encoded) or bare id; 404 unknown', async () => {
    const approved = await server.call('POST', '/api/v1/datapoints/pending/sample%2Frevenue/approve');
    expect(approved.status, approved.text).toBe(200);
    const result = expectShape(reviewResultSchema, approved.json);
    expect(result.approved).toEqual([
      { key: 'sample/revenue', file: 'datapoints/sample/business/revenue.yaml', replaced: false },
    ]);
    expect(result.sync!.total).toBeGreaterThan(8);
    const rejected = await server.call('POST', '/api/v1/datapoints/pending/orders_count/reject');
    expect(expectShape(reviewResultSchema, rejected.json).rejected).toEqual([
      { key: 'sample/orders_count', file: '.datachat/pending/sample/business/orders_count.yaml' },
    ]);
    for (const action of ['approve', 'reject']) {
      const missing = await server.call('POST', `/api/v1/datapoints/pending/sample%2Fnope/${action}`);
      expect(missing.status).toBe(404);
      expect(missing.json.error).toBe('not_found');
    }
    expect((await server.call('POST', '/api/v1/datapoints/pending/orders_count/approve')).status).toBe(404);
  });

  it('GET /datapoints with connection_id and type filters', async () => {
    const all = expectShape(z.array(dataPointListItemSchema), (await server.call('GET', '/api/v1/datapoints')).json);
    expect(all.some((d) => d.id === 'revenue' && d.type === 'Business')).toBe(true);
    const schemas = expectShape(
      z.array(dataPointListItemSchema),
      (await server.call('GET', '/api/v1/datapoints?connection_id=sample&type=Schema')).json,
    );
    expect(schemas).toHaveLength(8);
    expect(schemas.every((d) => d.type === 'Schema' && d.connection === 'sample')).toBe(true);
    expect((await server.call('GET', '/api/v1/datapoints?type=Metric')).json).toMatchObject({
      error: 'validation_error',
      field: 'type',
      in: 'query',
    });
    expect((await server.call('GET', '/api/v1/datapoints?connection_id=nope')).status).toBe(404);
  });

  it('POST /datapoints: 201, validation 400 naming the field, 409 on a taken id', async () => {
    const reply = await server.call('POST', '/api/v1/datapoints', metric('api_orders', { synonyms: ['api tally'] }));
    expect(reply.status, reply.text).toBe(201);
    const change = expectShape(dataPointChangeSchema, reply.json);
    expect(change).toMatchObject({ key: 'sample/api_orders', file: 'datapoints/sample/business/api_orders.yaml' });
    expect(readFileSync(join(server.dir, change.file), 'utf8')).toMatch(
      /^# yaml-language-server: \$schema=\.\.\/\.\.\/datapoint\.schema\.json\ntype: Business\nid: api_orders/,
    );
    const chat = await server.call('POST', '/api/v1/chat', { message: 'api tally' });
    expect(chat.json).toMatchObject({ method: 'metric', sources: expect.arrayContaining(['api_orders']) });

    const invalid: [unknown, string][] = [
      [metric('bad', { aggregation: 'MEDIAN' }), 'aggregation'],
      [metric('Bad Id'), 'id'],
      [{ ...metric('x'), type: 'Metric' }, 'type'],
      [metric('x', { colour: 'red' }), 'colour'],
      [
        { type: 'Schema', id: 't', name: 'T', connection: 'sample', table: 't', columns: [{ type: 'int' }] },
        'columns[0].name',
      ],
    ];
    for (const [body, field] of invalid) {
      const bad = await server.call('POST', '/api/v1/datapoints', body);
      expect(bad.status, bad.text).toBe(400);
      expect(bad.json).toMatchObject({ error: 'validation_error', field, in: 'body' });
    }
    const unknownConnection = await server.call('POST', '/api/v1/datapoints', metric('y', { connection: 'nope' }));
    expect(unknownConnection.json).toMatchObject({ error: 'datapoint_invalid', field: 'connection' });
    const taken = await server.call('POST', '/api/v1/datapoints', metric('orders'));
    expect(taken.status).toBe(409);
    expect(taken.json).toMatchObject({ error: 'datapoint_invalid', field: 'id' });
  });

  it('an invalid YAML file elsewhere: the write is refused (400 naming that file) and nothing is written', async () => {
    const broken = join(server.dir, 'datapoints/sample/business/broken.yaml');
    writeFileSync(broken, 'type: Business\nid: broken\n');
    try {
      const reply = await server.call('POST', '/api/v1/datapoints', metric('never_written'));
      expect(reply.status).toBe(400);
      expect(reply.json.error).toBe('datapoint_invalid');
      expect(reply.json.message).toContain('broken.yaml');
      expect(existsSync(join(server.dir, 'datapoints/sample/business/never_written.yaml'))).toBe(false);
    } finally {
      rmSync(broken);
    }
    expect((await server.call('POST', '/api/v1/datapoints/sync', {})).status).toBe(200);
  });

  it('PUT /datapoints/{id}: replaces, may change type, refuses renames; 404 unknown', async () => {
    const reply = await server.call(
      'PUT',
      '/api/v1/datapoints/api_orders',
      metric('api_orders', { description: 'edited' }),
    );
    expect(reply.status, reply.text).toBe(200);
    expect(expectShape(dataPointChangeSchema, reply.json).datapoint.description).toBe('edited');
    const asProcess = await server.call('PUT', '/api/v1/datapoints/sample%2Fapi_orders', {
      type: 'Process',
      id: 'api_orders',
      name: 'Nightly',
      connection: 'sample',
      schedule: '0 2 * * *',
    });
    expect(asProcess.json.file).toBe('datapoints/sample/process/api_orders.yaml');
    expect(existsSync(join(server.dir, 'datapoints/sample/business/api_orders.yaml'))).toBe(false);
    const rename = await server.call('PUT', '/api/v1/datapoints/api_orders', metric('other_id'));
    expect(rename.status).toBe(400);
    expect(rename.json.field).toBe('id');
    expect((await server.call('PUT', '/api/v1/datapoints/nope', metric('nope'))).status).toBe(404);
    expect((await server.call('PUT', '/api/v1/datapoints/api_orders', { type: 'Process' })).json).toMatchObject({
      error: 'validation_error',
      field: 'id',
    });
  });

  it('DELETE /datapoints/{id}: removes the file and the index entry; 404 unknown', async () => {
    const reply = await server.call('DELETE', '/api/v1/datapoints/api_orders?connection_id=sample');
    expect(reply.status).toBe(200);
    expect(expectShape(dataPointChangeSchema, reply.json).key).toBe('sample/api_orders');
    expect(existsSync(join(server.dir, 'datapoints/sample/process/api_orders.yaml'))).toBe(false);
    const list = (await server.call('GET', '/api/v1/datapoints?connection_id=sample')).json as { id: string }[];
    expect(list.some((d) => d.id === 'api_orders')).toBe(false);
    expect((await server.call('DELETE', '/api/v1/datapoints/api_orders')).status).toBe(404);
    expect((await server.call('DELETE', '/api/v1/datapoints/x?connection_id=nope')).status).toBe(404);
  });

  it('POST /datapoints/sync: filesystem (200), database_profile (job), validation', async () => {
    const fs = await server.call('POST', '/api/v1/datapoints/sync', { connection_id: 'sample', source: 'filesystem' });
    expect(expectShape(syncResultSchema, fs.json).up_to_date).toBe(true);
    expect((await server.call('POST', '/api/v1/datapoints/sync')).status).toBe(200);
    const job = await server.call('POST', '/api/v1/datapoints/sync', { source: 'database_profile' });
    expect(job.status).toBe(202);
    const done = expectShape(
      jobViewSchema,
      (await waitForJob(server, expectShape(jobAcceptedSchema, job.json).status_url)).json,
    );
    expect(done).toMatchObject({ status: 'completed', kind: 'sync' });
    expect(expectShape(syncProfileResultSchema, done.result).profiles.map((p) => p.connection_id)).toEqual(['sample']);
    expect((await server.call('POST', '/api/v1/datapoints/sync', { source: 'git' })).json).toMatchObject({
      field: 'source',
    });
    expect((await server.call('POST', '/api/v1/datapoints/sync', { connection_id: 'nope' })).status).toBe(404);
  }, 60_000);

  it('POST /datapoints/generate: 202 + polling, ?wait=true, errors', async () => {
    const started = await server.call('POST', '/api/v1/datapoints/generate', {
      connection_id: 'sample',
      tables: ['orders'],
      offline: true,
    });
    expect(started.status).toBe(202);
    const done = expectShape(jobViewSchema, (await waitForJob(server, started.json.status_url)).json);
    expect(done, JSON.stringify(done)).toMatchObject({ status: 'completed', kind: 'generate' });
    expect(expectShape(generateResultSchema, done.result).connection_id).toBe('sample');
    const waited = await server.call('POST', '/api/v1/datapoints/generate?wait=true', { offline: true });
    expect(expectShape(generateResultSchema, waited.json).method).toBe('heuristic');
    expect((await server.call('POST', '/api/v1/datapoints/generate', { connection_id: 'nope' })).status).toBe(404);
    expect((await server.call('POST', '/api/v1/datapoints/generate', { auto_approve: 'yes' })).json).toMatchObject({
      field: 'auto_approve',
    });
  }, 60_000);
});
