import { z } from 'zod';
import { HttpError } from './errors.js';
import { ERROR, type Router } from './route.js';
import { healthSchema, jobParams, jobViewSchema } from './schemas.js';
import { SETUP_DOC, SETUP_DOC_PATH } from './setup-docs.js';
import type { ServerServices } from './services.js';

/** Health, jobs and the OpenAPI document. */
export function metaRoutes(
  router: Router,
  services: ServerServices,
  meta: { version: string; openapi: () => Record<string, unknown> },
): void {
  const started = performance.now();
  router.define(
    {
      method: 'GET',
      url: '/health',
      operationId: 'health',
      summary: 'Liveness',
      tag: 'meta',
      responses: { 200: { description: 'Alive', schema: healthSchema } },
    },
    async () => ({
      status: 'ok' as const,
      version: meta.version,
      uptime_s: Math.round((performance.now() - started) / 1000),
    }),
  );

  router.define(
    {
      method: 'GET',
      url: '/openapi.json',
      operationId: 'openapi',
      summary: 'This API as an OpenAPI 3.1 document',
      tag: 'meta',
      responses: { 200: { description: 'OpenAPI document', schema: z.record(z.string(), z.unknown()) } },
    },
    async () => meta.openapi(),
  );

  router.define(
    {
      method: 'GET',
      url: SETUP_DOC_PATH,
      operationId: 'setupDocs',
      summary: 'How to set the system up (Markdown): where the 503 `documentation` field points',
      tag: 'meta',
      responses: { 200: { description: 'The setup guide', schema: z.string(), contentType: 'text/markdown' } },
    },
    async ({ reply }) => {
      reply.type('text/markdown; charset=utf-8');
      return SETUP_DOC;
    },
  );

  router.define(
    {
      method: 'GET',
      url: '/jobs/:job_id',
      operationId: 'getJob',
      summary: 'Status, progress and result of a job (profile, generate, initialize, sync)',
      tag: 'meta',
      params: jobParams,
      description:
        'Jobs are kept in knowledge.db (the last 1,000 finished ones), so they survive a restart; ' +
        'a job that was running when the server stopped is `interrupted`.',
      responses: { 200: { description: 'The job', schema: jobViewSchema }, 404: ERROR('Unknown job') },
    },
    async ({ params }) => {
      const job = await services.jobs.get(params.job_id);
      if (!job) {
        throw new HttpError(404, {
          error: 'not_found',
          message: `No job "${params.job_id}".`,
          hint: 'The last 1,000 finished jobs are kept.',
          field: 'job_id',
          in: 'path',
        });
      }
      return job;
    },
  );
}
