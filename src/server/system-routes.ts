import { checkInitializationStatus } from '../services/status-service.js';
import { replyWithJob } from './jobs.js';
import { ERROR, type Router } from './route.js';
import { initializeBody, initializeResultSchema, initStatusSchema, jobAcceptedSchema, waitQuery } from './schemas.js';
import type { ServerServices } from './services.js';

/** The System Initialization endpoints (docs/rest-api.md), over status-service and init-service. */
export function systemRoutes(router: Router, services: ServerServices): void {
  router.define(
    {
      method: 'GET',
      url: '/system/status',
      operationId: 'getSystemStatus',
      summary: 'Initialization status and the missing setup steps',
      tag: 'system',
      responses: { 200: { description: 'Status', schema: initStatusSchema } },
    },
    async () => checkInitializationStatus(services.project),
  );

  router.define(
    {
      method: 'POST',
      url: '/system/initialize',
      operationId: 'initializeSystem',
      summary: 'Run the initialization wizard (a job)',
      description:
        'Adds the databases (and/or the sample one), introspects, profiles, generates DataPoints and syncs. Re-running resumes. Returns 202 and a job; with `?wait=true`, the initialize response `{status, databases_added, datapoints_generated, pending_review, next_step}`.',
      tag: 'system',
      query: waitQuery,
      body: initializeBody,
      responses: {
        200: { description: 'Completed (with ?wait=true)', schema: initializeResultSchema },
        202: { description: 'Job started', schema: jobAcceptedSchema },
        400: ERROR('Invalid body, or nothing to initialize'),
      },
    },
    async ({ query, body, reply }) => {
      const job = services.initializeJob({
        databases: body.databases,
        sample: body.sample,
        profile: body.auto_profile,
        generate: body.auto_generate_datapoints,
        autoApprove: body.auto_approve_datapoints,
        offline: body.offline,
      });
      return replyWithJob(reply, job, query.wait, router.prefix);
    },
  );
}
