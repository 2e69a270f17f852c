import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerSchema,
  healthSchema,
  initializeResultSchema,
  initStatusSchema,
  jobAcceptedSchema,
  jobViewSchema,
  notInitializedSchema,
} from '../../../src/server/schemas.js';
import { expectShape, startServer, tempProject, waitForJob, type TestServer } from './support.js';

const SEED_503 = {
  error: 'system_not_initialized',
  message: 'DataChat requires setup. Please initialize the system first.',
  setup_url: '/api/v1/system/initialize',
  documentation: '/api/v1/docs/setup',
};

/** System status/initialize, chat, health, OpenAPI, jobs and HTTP-level errors, via fastify.inject. */
describe('REST API: system, chat, meta', () => {
  let server: TestServer;

  beforeAll(() => {
    server = startServer(tempProject('system'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dirname(server.dir), { recursive: true, force: true });
  });

  describe('before initialization', () => {
    it('GET /system/status lists the missing steps', async () => {
      const reply = await server.call('GET', '/api/v1/system/status');
      expect(reply.status).toBe(200);
      const status = expectShape(initStatusSchema, reply.json);
      expect(status).toMatchObject({
        is_initialized: false,
        has_databases: false,
        has_datapoints: false,
        setup_required: true,
      });
      expect(status.missing_steps).toEqual(['add_database_connection', 'profile_schema', 'generate_datapoints']);
    });

    it('POST /chat answers 503 with exactly the not-initialized body', async () => {
      const reply = await server.call('POST', '/api/v1/chat', {
        message: 'How many users in production?',
        conversation_id: 'conv_123',
        cross_database: false,
      });
      expect(reply.status).toBe(503);
      expect(reply.json).toEqual(SEED_503);
      expectShape(notInitializedSchema, reply.json);
    });

    it('POST /datapoints/generate without any database is 503 too', async () => {
      const reply = await server.call('POST', '/api/v1/datapoints/generate', {});
      expect(reply.status).toBe(503);
      expect(reply.json).toEqual(SEED_503);
    });

    it('POST /system/initialize validates its body', async () => {
      const nothing = await server.call('POST', '/api/v1/system/initialize', {});
      expect(nothing.status).toBe(400);
      expect(nothing.json).toMatchObject({ error: 'validation_error', field: 'databases', in: 'body' });
      const unknown = await server.call('POST', '/api/v1/system/initialize', { sample: true, auto_aprove: true });
      expect(unknown.json).toMatchObject({ error: 'validation_error', field: 'auto_aprove' });
      const wrongType = await server.call('POST', '/api/v1/system/initialize', {
        databases: [{ name: 'x', database_url: 'mysql://u@h/db', database_type: 'postgresql' }],
      });
      expect(wrongType.status).toBe(400);
      expect(wrongType.json.field).toBe('databases[0].database_type');
      const badEngine = await server.call('POST', '/api/v1/system/initialize', {
        databases: [{ name: 'x', database_url: 'x', database_type: 'oracle' }],
      });
      expect(badEngine.json).toMatchObject({ error: 'validation_error', field: 'databases[0].database_type' });
    });
  });

  describe('initialization as a job', () => {
    it('202 with a job, polled to completion with the initialize response as result', async () => {
      const started = await server.call('POST', '/api/v1/system/initialize', {
        sample: true,
        offline: true,
        auto_approve_datapoints: true,
      });
      expect(started.status).toBe(202);
      const accepted = expectShape(jobAcceptedSchema, started.json);
      expect(started.headers.location).toBe(accepted.status_url);
      expect(accepted.status_url).toBe(`/api/v1/jobs/${accepted.job_id}`);
      const done = await waitForJob(server, accepted.status_url, 120_000);
      const job = expectShape(jobViewSchema, done.json);
      expect(job.status, done.text).toBe('completed');
      expect(job.kind).toBe('initialize');
      expect(job.progress.steps_done).toBeGreaterThan(2);
      const result = expectShape(initializeResultSchema, job.result);
      expect(result).toMatchObject({
        status: 'completed',
        databases_added: 1,
        pending_review: 0,
        next_step: 'ask_questions',
      });
      expect(result.datapoints_generated).toBeGreaterThan(10);
    }, 120_000);

    it('?wait=true re-runs (resumes) and returns the initialize response synchronously', async () => {
      const reply = await server.call('POST', '/api/v1/system/initialize?wait=true', {
        sample: true,
        offline: true,
        auto_profile: false,
        auto_generate_datapoints: false,
      });
      expect(reply.status).toBe(200);
      expect(Object.keys(reply.json).sort()).toEqual([
        'databases_added',
        'datapoints_generated',
        'next_step',
        'pending_review',
        'status',
      ]);
      expect(reply.json).toMatchObject({ status: 'completed', databases_added: 0 });
    }, 60_000);

    it('GET /jobs/{id} is 404 for an unknown job; wait must be a boolean', async () => {
      const reply = await server.call('GET', '/api/v1/jobs/job_nope');
      expect(reply.status).toBe(404);
      expect(reply.json).toMatchObject({ error: 'not_found', field: 'job_id' });
      const bad = await server.call('POST', '/api/v1/system/initialize?wait=maybe', { sample: true });
      expect(bad.json).toMatchObject({ error: 'validation_error', field: 'wait', in: 'query' });
    });

    it('status is initialized afterwards', async () => {
      const status = (await server.call('GET', '/api/v1/system/status')).json;
      expect(status).toMatchObject({
        is_initialized: true,
        has_databases: true,
        has_datapoints: true,
        missing_steps: [],
      });
    });
  });

  describe('chat when initialized', () => {
    it('answers compiler questions with the metric compiler', async () => {
      const reply = await server.call('POST', '/api/v1/chat', { message: 'revenue by month in 2024' });
      expect(reply.status, reply.text).toBe(200);
      const answer = expectShape(answerSchema, reply.json);
      expect(answer).toMatchObject({ method: 'metric', database_used: 'sample', columns: ['month', 'revenue'] });
      expect(answer.data).toHaveLength(12);
      expect(answer.metrics.llm_calls).toBe(0);
      const channel = await server.call('POST', '/api/v1/chat', { message: 'how many orders by channel' });
      expect(channel.json.method).toBe('metric');
      expect(channel.json.data.length).toBe(3);
    });

    it('honours target_database, cross_database and conversation_id', async () => {
      const target = await server.call('POST', '/api/v1/chat', {
        message: 'how many orders',
        target_database: 'sample',
      });
      expect(target.json.routing).toMatchObject({ targets: ['sample'], method: 'explicit' });
      const cross = await server.call('POST', '/api/v1/chat', { message: 'how many orders', cross_database: true });
      expect(cross.status).toBe(200);
      expect(cross.json.routing).toMatchObject({ targets: ['sample'], reason: 'cross-database question' });
      const first = await server.call('POST', '/api/v1/chat', { message: 'revenue in 2024' });
      const follow = await server.call('POST', '/api/v1/chat', {
        message: 'and by month?',
        conversation_id: first.json.conversation_id,
      });
      expect(follow.json.conversation_id).toBe(first.json.conversation_id);
      expect(follow.json.data).toHaveLength(12);
    });

    it('errors: unknown target 404, missing message 400 with field, LLM needed 501', async () => {
      const unknown = await server.call('POST', '/api/v1/chat', {
        message: 'how many orders',
        target_database: 'nope',
      });
      expect(unknown.status).toBe(404);
      expect(unknown.json.error).toBe('not_found');
      const missing = await server.call('POST', '/api/v1/chat', { conversation_id: 'c' });
      expect(missing.status).toBe(400);
      expect(missing.json).toMatchObject({ error: 'validation_error', field: 'message', in: 'body' });
      const blank = await server.call('POST', '/api/v1/chat', { message: '   ' });
      expect(blank.json.field).toBe('message');
      const wrongType = await server.call('POST', '/api/v1/chat', { message: 'x', cross_database: 'yes' });
      expect(wrongType.json.field).toBe('cross_database');
      const llm = await server.call('POST', '/api/v1/chat', { message: 'which customers spend the most?' });
      expect(llm.status).toBe(501);
      expect(llm.json).toMatchObject({ error: 'llm_required' });
      expect(llm.json.hint).toMatch(/llm:/);
    });
  });

  describe('meta and HTTP-level errors', () => {
    it('GET /health', async () => {
      const reply = await server.call('GET', '/api/v1/health');
      expect(expectShape(healthSchema, reply.json).status).toBe('ok');
      expect(reply.headers['cache-control']).toBe('no-store');
    });

    it('GET /openapi.json is a valid OpenAPI 3.1 document covering every route', async () => {
      const reply = await server.call('GET', '/api/v1/openapi.json');
      expect(reply.status).toBe(200);
      const doc = reply.json;
      expect(doc.openapi).toBe('3.1.0');
      await SwaggerParser.validate(structuredClone(doc));
      const operations = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      );
      expect(operations.sort()).toEqual(
        [
          'POST /api/v1/databases',
          'GET /api/v1/databases',
          'GET /api/v1/engines',
          'GET /api/v1/datapoints/search',
          'GET /api/v1/datapoints/{connection}/{id}',
          'PUT /api/v1/datapoints/{connection}/{id}/yaml',
          'PUT /api/v1/datapoints/pending/{connection}/{id}',
          'POST /api/v1/datapoints/pending/approve',
          'POST /api/v1/datapoints/pending/reject',
          'GET /api/v1/databases/{connection_id}',
          'POST /api/v1/databases/{connection_id}/test',
          'POST /api/v1/databases/{connection_id}/profile',
          'PUT /api/v1/databases/{connection_id}/default',
          'DELETE /api/v1/databases/{connection_id}',
          'GET /api/v1/databases/{connection_id}/profile',
          'POST /api/v1/datapoints/generate',
          'GET /api/v1/datapoints/pending',
          'POST /api/v1/datapoints/pending/{id}/approve',
          'POST /api/v1/datapoints/pending/{id}/reject',
          'POST /api/v1/datapoints/pending/{connection}/{id}/approve',
          'POST /api/v1/datapoints/pending/{connection}/{id}/reject',
          'POST /api/v1/datapoints/sync',
          'GET /api/v1/datapoints',
          'POST /api/v1/datapoints',
          'PUT /api/v1/datapoints/{id}',
          'DELETE /api/v1/datapoints/{id}',
          'PUT /api/v1/datapoints/{connection}/{id}',
          'DELETE /api/v1/datapoints/{connection}/{id}',
          'GET /api/v1/system/status',
          'POST /api/v1/system/initialize',
          'POST /api/v1/chat',
          'GET /api/v1/health',
          'GET /api/v1/openapi.json',
          'GET /api/v1/jobs/{job_id}',
          'GET /api/v1/docs/setup',
        ].sort(),
      );
      expect(doc.components.schemas.DataPointInput.oneOf).toHaveLength(4);
      expect(doc.paths['/api/v1/chat'].post.responses['503'].content['application/json'].schema.$ref).toBe(
        '#/components/schemas/SystemNotInitialized',
      );
    });

    it('unknown route 404, bad JSON 400, text/plain 403 (or 415 from a script), body over 1 MiB 413', async () => {
      expect((await server.call('GET', '/api/v1/nope')).json).toMatchObject({ error: 'not_found' });
      const badJson = await server.call('POST', '/api/v1/chat', '{"message":', { 'content-type': 'application/json' });
      expect(badJson.status).toBe(400);
      expect(badJson.json.error).toBe('invalid_json');
      // A text/plain POST is what a foreign page can send without a preflight: refused as cross-site first.
      const text = await server.call('POST', '/api/v1/chat', 'how many orders', { 'content-type': 'text/plain' });
      expect(text.status).toBe(403);
      expect(text.json.error).toBe('cross_site_request');
      const marked = await server.call('POST', '/api/v1/chat', 'how many orders', {
        'content-type': 'text/plain',
        'x-datachat-request': '1',
      });
      expect(marked.status).toBe(415);
      const big = await server.call('POST', '/api/v1/chat', { message: 'x'.repeat(1024 * 1024 + 10) });
      expect(big.status).toBe(413);
      expect(big.json.error).toBe('payload_too_large');
    });
  });
});
