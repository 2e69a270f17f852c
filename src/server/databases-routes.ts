import { z } from 'zod';
import { fieldPrompts } from '../connectors/engine-forms.js';
import { ENGINE_DESCRIPTORS } from '../connectors/registry.js';
import { HttpError } from './errors.js';
import { replyWithJob } from './jobs.js';
import { PAGE_HEADERS, pageQuery, sendPage } from './paging.js';
import { ERROR, type Router } from './route.js';
import {
  connectionParams,
  connectionTestSchema,
  connectionViewSchema,
  createDatabaseBody,
  databaseProfileSchema,
  deletedDatabaseSchema,
  engineSchema,
  jobAcceptedSchema,
  listDatabasesQuery,
  profileBody,
  profileResultSchema,
  waitQuery,
} from './schemas.js';
import type { ServerServices } from './services.js';

/** The Database Management endpoints (docs/rest-api.md), over ConnectionService and the profiler. */
export function databaseRoutes(router: Router, services: ServerServices): void {
  const { connections, project } = services;

  router.define(
    {
      method: 'GET',
      url: '/engines',
      operationId: 'listEngines',
      summary: 'The database engines and the fields of their connection settings',
      description:
        "What an add-database form shows: each engine's URL schemes and the fields of its config schema (labels, descriptions, which are secret).",
      tag: 'databases',
      responses: { 200: { description: 'Engines', schema: z.array(engineSchema) } },
    },
    async () =>
      ENGINE_DESCRIPTORS.map((engine) => ({
        id: engine.id,
        label: engine.label,
        url_schemes: [...engine.urlSchemes],
        fields: fieldPrompts(engine.configSchema).map((f) => ({
          key: f.key,
          label: f.label,
          description: f.description ?? null,
          secret: f.secret,
          kind: f.kind,
          choices: f.choices,
        })),
      })),
  );

  router.define(
    {
      method: 'POST',
      url: '/databases',
      operationId: 'createDatabase',
      summary: 'Add a database connection',
      description:
        'A password in `database_url` is moved to the encrypted secret store; responses show the URL with `***`.',
      tag: 'databases',
      body: createDatabaseBody,
      responses: {
        201: { description: 'Added', schema: connectionViewSchema },
        400: ERROR('Invalid body or URL'),
        409: ERROR('A connection with this id exists'),
      },
    },
    async ({ body, reply }) => {
      const view = await services.addDatabase({
        name: body.name,
        url: body.database_url,
        type: body.database_type,
        tags: body.tags,
        description: body.description,
        makeDefault: body.is_default,
      });
      reply.code(201).header('location', `${router.prefix}/databases/${encodeURIComponent(view.connection_id)}`);
      return view;
    },
  );

  router.define(
    {
      method: 'GET',
      url: '/databases',
      operationId: 'listDatabases',
      summary: 'List database connections (paged)',
      description:
        'As list_connections: `tags` keeps connections having every listed tag; ' +
        '`active_only=true` drops `is_active: false` ones.',
      tag: 'databases',
      query: listDatabasesQuery.extend(pageQuery.shape),
      responses: {
        200: { description: 'Connections', schema: z.array(connectionViewSchema), headers: PAGE_HEADERS },
        400: ERROR('Invalid filter, limit or offset'),
      },
    },
    async ({ query, request, reply }) =>
      services.listSlots.run(async () => {
        const tags = query.tags
          ?.split(',')
          .map((t) => t.trim())
          .filter(Boolean);
        const listed = await connections.list({ activeOnly: query.active_only === true, ...(tags ? { tags } : {}) });
        const items = listed.map((c) => services.finishJson(c));
        return sendPage(request, reply, items, query);
      }),
  );

  router.define(
    {
      method: 'GET',
      url: '/databases/:connection_id',
      operationId: 'getDatabase',
      summary: 'Get one database connection',
      tag: 'databases',
      params: connectionParams,
      responses: {
        200: { description: 'The connection', schema: connectionViewSchema },
        404: ERROR('Unknown connection'),
      },
    },
    async ({ params }) => connections.get(params.connection_id),
  );

  router.define(
    {
      method: 'POST',
      url: '/databases/:connection_id/test',
      operationId: 'testDatabase',
      summary: 'Test a connection (latency, server version)',
      tag: 'databases',
      params: connectionParams,
      responses: {
        200: { description: 'Test result', schema: connectionTestSchema },
        404: ERROR('Unknown connection'),
        502: ERROR('The database could not be reached'),
      },
    },
    async ({ params }) => connections.test(params.connection_id),
  );

  router.define(
    {
      method: 'POST',
      url: '/databases/:connection_id/profile',
      operationId: 'profileDatabase',
      summary: 'Profile a database and refresh its Schema DataPoints (a job)',
      description:
        'Returns 202 and a job to poll; with `?wait=true`, the profile summary. `generate_datapoints: true` then generates DataPoints (pending review unless `auto_approve`).',
      tag: 'databases',
      params: connectionParams,
      query: waitQuery,
      body: profileBody,
      responses: {
        200: { description: 'Profile summary (with ?wait=true)', schema: profileResultSchema },
        202: { description: 'Job started', schema: jobAcceptedSchema },
        400: ERROR('Invalid body'),
        404: ERROR('Unknown connection'),
      },
    },
    async ({ params, query, body, reply }) => {
      const id = project.connection(params.connection_id).id;
      const job = services.profileJob(id, {
        sampleSize: body.sample_size,
        tables: body.tables,
        generate: body.generate_datapoints,
        autoApprove: body.auto_approve,
        offline: body.offline,
      });
      return replyWithJob(reply, job, query.wait, router.prefix);
    },
  );

  router.define(
    {
      method: 'GET',
      url: '/databases/:connection_id/profile',
      operationId: 'getDatabaseProfile',
      summary: 'The last profile of a database (a DatabaseProfile)',
      description: 'What the last POST /databases/{id}/profile (or initialization) stored. 404 when never profiled.',
      tag: 'databases',
      params: connectionParams,
      responses: {
        200: { description: 'The profile', schema: databaseProfileSchema },
        404: ERROR('Unknown connection, or never profiled'),
      },
    },
    async ({ params }) => {
      const id = project.connection(params.connection_id).id;
      // Lazily, like the profile job: the profiler's modules are not needed to serve anything else.
      const { profileView, readStoredProfile } = await import('../services/profile-service.js');
      const profile = readStoredProfile(project, id);
      if (!profile) {
        throw new HttpError(404, {
          error: 'not_found',
          message: `Connection "${id}" has not been profiled yet.`,
          hint: `Profile it first: POST /api/v1/databases/${id}/profile (or \`datachat profile ${id}\`).`,
          field: 'connection_id',
          in: 'path',
        });
      }
      return profileView(profile);
    },
  );

  router.define(
    {
      method: 'PUT',
      url: '/databases/:connection_id/default',
      operationId: 'setDefaultDatabase',
      summary: 'Make a connection the default',
      tag: 'databases',
      params: connectionParams,
      responses: {
        200: { description: 'The new default', schema: connectionViewSchema },
        404: ERROR('Unknown connection'),
      },
    },
    async ({ params }) => services.write(() => connections.setDefault(params.connection_id)),
  );

  router.define(
    {
      method: 'DELETE',
      url: '/databases/:connection_id',
      operationId: 'deleteDatabase',
      summary: 'Remove a connection and its stored secret',
      description:
        'Its DataPoint files stay in datapoints/ (they are reviewed content); remove them with DELETE /datapoints/{id}.',
      tag: 'databases',
      params: connectionParams,
      responses: { 200: { description: 'Removed', schema: deletedDatabaseSchema }, 404: ERROR('Unknown connection') },
    },
    async ({ params }) =>
      services.write(() => {
        const id = project.connection(params.connection_id).id;
        connections.remove(id);
        return { connection_id: id, deleted: true as const };
      }),
  );
}
