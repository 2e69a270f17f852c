import { z } from 'zod';
import { dataPointSchema } from '../datapoints/datapoint-model.js';
import { parseDataPoint, serializeDataPoint } from '../datapoints/datapoint-yaml.js';
import type { DataPointChange } from '../services/datapoint-service.js';
import { replyWithJob } from './jobs.js';
import { PAGE_HEADERS, pageQuery, sendPage } from './paging.js';
import { ERROR, type Router } from './route.js';
import {
  dataPointChangeSchema,
  dataPointListItemSchema,
  dataPointParams,
  dataPointRefQuery,
  dataPointViewSchema,
  generateBody,
  generateResultSchema,
  jobAcceptedSchema,
  listDataPointsQuery,
  qualifiedParams,
  searchDataPointsQuery,
  searchResultSchema,
  syncBody,
  syncProfileResultSchema,
  syncResultSchema,
  waitQuery,
  yamlBody,
} from './schemas.js';
import type { ServerServices } from './services.js';

/** The DataPoint Management endpoints (docs/rest-api.md), over generate- and datapoint-service; review is review-routes.ts. */
export function datapointRoutes(router: Router, services: ServerServices): void {
  const { project, datapoints } = services;
  const changeView = (c: DataPointChange) => ({ key: c.key, file: c.file, datapoint: c.dataPoint, sync: c.sync });

  router.define(
    {
      method: 'POST',
      url: '/datapoints/generate',
      operationId: 'generateDataPoints',
      summary: 'Generate DataPoints from the profile (a job)',
      description:
        'LLM when configured (unless `offline`), else heuristics. `auto_approve: false` leaves them pending review.',
      tag: 'datapoints',
      query: waitQuery,
      body: generateBody,
      responses: {
        200: { description: 'Result (with ?wait=true)', schema: generateResultSchema },
        202: { description: 'Job started', schema: jobAcceptedSchema },
        400: ERROR('Invalid body'),
        404: ERROR('Unknown connection'),
      },
    },
    async ({ query, body, reply }) => {
      const id = project.connection(body.connection_id).id;
      const job = services.job(
        'generate',
        (p) => services.generate(id, { tables: body.tables, autoApprove: body.auto_approve, offline: body.offline }, p),
        (r) => r,
      );
      return replyWithJob(reply, job, query.wait, router.prefix);
    },
  );

  router.define(
    {
      method: 'POST',
      url: '/datapoints/sync',
      operationId: 'syncDataPoints',
      summary: 'Sync DataPoints into the knowledge index',
      description:
        '`filesystem` (default) indexes the YAML incrementally and answers 200. `database_profile` re-profiles the database(s) first: a job (202, or ?wait=true).',
      tag: 'datapoints',
      query: waitQuery,
      body: syncBody,
      responses: {
        200: {
          description: 'Sync result (or, for database_profile with ?wait=true, profiles and sync)',
          schema: z.union([syncResultSchema, syncProfileResultSchema]),
        },
        202: { description: 'Job started (database_profile)', schema: jobAcceptedSchema },
        400: ERROR('Invalid body, or an invalid DataPoint file'),
        404: ERROR('Unknown connection'),
      },
    },
    async ({ query, body, reply }) => {
      const targets = body.connection_id
        ? [project.connection(body.connection_id).id]
        : project.config.connections.map((c) => c.id);
      if (body.source === 'filesystem') return services.write(() => datapoints.sync());
      const job = services.job(
        'sync',
        async (p) => {
          const profiles = [];
          for (const id of targets)
            profiles.push(await services.profile(id, { generate: false, autoApprove: false, offline: true }, p));
          return { profiles, sync: await datapoints.sync() };
        },
        (r) => r,
      );
      return replyWithJob(reply, job, query.wait, router.prefix);
    },
  );

  router.define(
    {
      method: 'GET',
      url: '/datapoints',
      operationId: 'listDataPoints',
      summary: 'List approved (indexed) DataPoints (paged)',
      description:
        'Ordered by connection, type and id. The serialised list is cached until the index or config changes.',
      tag: 'datapoints',
      query: listDataPointsQuery.extend(pageQuery.shape),
      responses: {
        200: { description: 'DataPoints', schema: z.array(dataPointListItemSchema), headers: PAGE_HEADERS },
        400: ERROR('Invalid filter, limit or offset'),
        404: ERROR('Unknown connection'),
      },
    },
    async ({ query, request, reply }) => {
      if (query.connection_id) project.connection(query.connection_id);
      return services.listSlots.run(async () => {
        await services.freshIndex();
        const filter = { connection: query.connection_id, type: query.type };
        const key = `datapoints:${filter.connection ?? '*'}:${filter.type ?? '*'}`;
        const items = await services.lists.get(key, await services.listStamp(), async () =>
          (await datapoints.list(filter)).map((d) => ({
            id: d.id,
            connection: d.connection,
            type: d.type,
            name: d.name,
            file: d.file,
            datapoint: d.dataPoint,
          })),
        );
        return sendPage(request, reply, items, query);
      });
    },
  );

  router.define(
    {
      method: 'POST',
      url: '/datapoints',
      operationId: 'addDataPoint',
      summary: 'Add an approved DataPoint (written as YAML, then synced)',
      tag: 'datapoints',
      body: dataPointSchema,
      responses: {
        201: { description: 'Added', schema: dataPointChangeSchema },
        400: ERROR('Invalid DataPoint'),
        409: ERROR('The id exists in this connection'),
      },
    },
    async ({ body, reply }) => {
      const change = await services.write(() => datapoints.add(body));
      reply.code(201);
      return changeView(change);
    },
  );

  router.define(
    {
      method: 'PUT',
      url: '/datapoints/:id',
      operationId: 'updateDataPoint',
      summary: 'Replace an approved DataPoint (id and connection stay)',
      tag: 'datapoints',
      params: dataPointParams,
      query: dataPointRefQuery,
      body: dataPointSchema,
      responses: {
        200: { description: 'Updated', schema: dataPointChangeSchema },
        400: ERROR('Invalid DataPoint'),
        404: ERROR('Unknown DataPoint'),
      },
    },
    async ({ params, query, body }) => {
      const [connection, id] = splitRef(params.id, query.connection_id ?? body.connection);
      return changeView(await services.write(() => datapoints.update(connection, id, body)));
    },
  );

  router.define(
    {
      method: 'PUT',
      url: '/datapoints/:connection/:id',
      operationId: 'updateDataPointByKey',
      summary: 'Replace an approved DataPoint, addressed as `<connection>/<id>` unencoded',
      tag: 'datapoints',
      params: qualifiedParams,
      body: dataPointSchema,
      responses: {
        200: { description: 'Updated', schema: dataPointChangeSchema },
        400: ERROR('Invalid DataPoint'),
        404: ERROR('Unknown DataPoint'),
      },
    },
    async ({ params, body }) =>
      changeView(await services.write(() => datapoints.update(params.connection, params.id, body))),
  );

  router.define(
    {
      method: 'DELETE',
      url: '/datapoints/:connection/:id',
      operationId: 'deleteDataPointByKey',
      summary: 'Delete an approved DataPoint, addressed as `<connection>/<id>` unencoded',
      tag: 'datapoints',
      params: qualifiedParams,
      responses: {
        200: { description: 'Deleted (the removed DataPoint)', schema: dataPointChangeSchema },
        404: ERROR('Unknown DataPoint'),
      },
    },
    async ({ params }) => changeView(await services.write(() => datapoints.remove(params.connection, params.id))),
  );

  router.define(
    {
      method: 'DELETE',
      url: '/datapoints/:id',
      operationId: 'deleteDataPoint',
      summary: 'Delete an approved DataPoint (removes its YAML file, then syncs)',
      tag: 'datapoints',
      params: dataPointParams,
      query: dataPointRefQuery,
      responses: {
        200: { description: 'Deleted (the removed DataPoint)', schema: dataPointChangeSchema },
        400: ERROR('Ambiguous id'),
        404: ERROR('Unknown DataPoint'),
      },
    },
    async ({ params, query }) =>
      changeView(
        await services.write(async () => {
          const found = await datapoints.resolve(params.id, query.connection_id);
          return datapoints.remove(found.connection, found.id);
        }),
      ),
  );

  router.define(
    {
      method: 'GET',
      url: '/datapoints/search',
      operationId: 'searchDataPoints',
      summary: 'Hybrid retrieval (BM25 + vectors + graph) over approved DataPoints, as `datachat context`',
      tag: 'datapoints',
      query: searchDataPointsQuery,
      responses: {
        200: { description: 'Routing and the DataPoints retrieved, best first', schema: searchResultSchema },
        400: ERROR('Invalid query'),
        404: ERROR('Unknown connection'),
      },
    },
    async ({ query }) => {
      await services.freshIndex();
      const { routing, retrieval } = await services.asker.context(query.q, {
        db: query.connection_id,
        k: query.k,
      });
      return {
        routing: {
          targets: routing.targets,
          reason: routing.reason,
          confidence: routing.confidence,
          method: routing.method,
        },
        datapoints: retrieval.datapoints.map((d) => ({
          connection: d.connection,
          id: d.id,
          type: d.type,
          name: d.name,
          score: d.score,
          bm25_rank: d.ranks.bm25 ?? null,
          vector_rank: d.ranks.vector ?? null,
        })),
        tables: retrieval.tables.map((t) => ({ connection: t.connection, table: t.table, score: t.score, via: t.via })),
        elapsed_ms: retrieval.elapsedMs,
      };
    },
  );

  router.define(
    {
      method: 'GET',
      url: '/datapoints/:connection/:id',
      operationId: 'getDataPointByKey',
      summary: 'One approved DataPoint, with its YAML',
      tag: 'datapoints',
      params: qualifiedParams,
      responses: {
        200: { description: 'The DataPoint', schema: dataPointViewSchema },
        404: ERROR('Unknown DataPoint'),
      },
    },
    async ({ params }) => {
      await services.freshIndex();
      const d = await datapoints.resolve(params.id, params.connection);
      return {
        id: d.id,
        connection: d.connection,
        type: d.type,
        name: d.name,
        file: d.file,
        datapoint: d.dataPoint,
        yaml: serializeDataPoint(d.dataPoint),
      };
    },
  );

  router.define(
    {
      method: 'PUT',
      url: '/datapoints/:connection/:id/yaml',
      operationId: 'updateDataPointYaml',
      summary: 'Replace an approved DataPoint with edited YAML (then synced)',
      description:
        'Validated as the CLI validates a DataPoint file: invalid YAML or fields are a 400 `datapoint_invalid` with `details.issues` (line, path, message) and nothing is written.',
      tag: 'datapoints',
      params: qualifiedParams,
      body: yamlBody,
      responses: {
        200: { description: 'Updated', schema: dataPointChangeSchema },
        400: ERROR('Invalid YAML or DataPoint (issues with their lines in details.issues)'),
        404: ERROR('Unknown DataPoint'),
      },
    },
    async ({ params, body }) => {
      const parsed = parseDataPoint(`${params.connection}/${params.id}.yaml`, body.yaml);
      return changeView(await services.write(() => datapoints.update(params.connection, params.id, parsed)));
    },
  );
}

/** `<connection>/<id>` or `<id>` (+ a connection) → [connection, id]. */
function splitRef(ref: string, connection: string): [string, string] {
  const slash = ref.indexOf('/');
  return slash > 0 ? [ref.slice(0, slash), ref.slice(slash + 1)] : [connection, ref];
}
