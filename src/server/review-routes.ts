import { z } from 'zod';
import { serializeDataPoint } from '../datapoints/datapoint-yaml.js';
import type { ReviewItem } from '../services/review-service.js';
import { PAGE_HEADERS, pageQuery, sendPage } from './paging.js';
import { ERROR, type Router } from './route.js';
import {
  pendingBatchBody,
  pendingEditResultSchema,
  pendingItemSchema,
  pendingParams,
  qualifiedParams,
  reviewResultSchema,
  yamlBody,
} from './schemas.js';
import type { ServerServices } from './services.js';

/** The review endpoints for pending DataPoints (docs/rest-api.md): list, approve, reject, edit, over review-service. */
export function reviewRoutes(router: Router, services: ServerServices): void {
  const { review } = services;
  const pendingView = (item: ReviewItem) => ({
    id: item.key,
    datapoint: item.dataPoint,
    confidence: item.confidence,
    source: item.source,
    status: 'pending_review' as const,
    type: item.type,
    name: item.name,
    connection: item.connection,
    replaces_approved: item.replaces_approved,
    file: item.file,
    approved_file: item.approved_file,
    diff: item.diff,
    yaml: pendingYaml(item),
  });

  router.define(
    {
      method: 'GET',
      url: '/datapoints/pending',
      operationId: 'listPendingDataPoints',
      summary: 'DataPoints awaiting review (paged)',
      tag: 'datapoints',
      query: pageQuery,
      responses: {
        200: { description: 'Pending DataPoints', schema: z.array(pendingItemSchema), headers: PAGE_HEADERS },
        400: ERROR('Invalid limit or offset'),
      },
    },
    async ({ query, request, reply }) => {
      // Under the write lock: an approval running meanwhile would move files out from under the listing.
      const items = await services.write(() => review.list().map((item) => services.finishJson(pendingView(item))));
      return sendPage(request, reply, items, query);
    },
  );

  for (const action of ['approve', 'reject'] as const) {
    router.define(
      {
        method: 'POST',
        url: `/datapoints/pending/${action}`,
        operationId: `${action}PendingDataPoints`,
        summary: `${action === 'approve' ? 'Approve' : 'Reject'} several pending DataPoints at once (one sync)`,
        description:
          'Every key is resolved first: one unknown key is a 404 and nothing changes. The review screen\'s "approve all" / "reject all".',
        tag: 'datapoints',
        body: pendingBatchBody,
        responses: {
          200: { description: 'Done', schema: reviewResultSchema },
          400: ERROR('Invalid body'),
          404: ERROR('No such pending DataPoint'),
        },
      },
      async ({ body }) =>
        services.write(() =>
          action === 'approve' ? review.approve(body.ids) : review.reject(body.ids, { reason: body.reason }),
        ),
    );
  }

  for (const action of ['approve', 'reject'] as const) {
    router.define(
      {
        method: 'POST',
        url: `/datapoints/pending/:id/${action}`,
        operationId: `${action}PendingDataPoint`,
        summary:
          action === 'approve'
            ? 'Approve a pending DataPoint (moves it into datapoints/ and syncs)'
            : 'Reject (delete) a pending DataPoint',
        tag: 'datapoints',
        params: pendingParams,
        responses: {
          200: { description: 'Done', schema: reviewResultSchema },
          404: ERROR('No such pending DataPoint'),
        },
      },
      async ({ params }) => services.write(() => review[action]([params.id])),
    );
    router.define(
      {
        method: 'POST',
        url: `/datapoints/pending/:connection/:id/${action}`,
        operationId: `${action}PendingDataPointByKey`,
        summary: `${action === 'approve' ? 'Approve' : 'Reject'} a pending DataPoint by its unencoded key (\`sample/revenue\`)`,
        description: `The same as POST /datapoints/pending/{id}/${action} with \`{id}\` = \`<connection>%2F<id>\`.`,
        tag: 'datapoints',
        params: qualifiedParams,
        responses: {
          200: { description: 'Done', schema: reviewResultSchema },
          404: ERROR('No such pending DataPoint'),
        },
      },
      async ({ params }) => services.write(() => review[action]([`${params.connection}/${params.id}`])),
    );
  }

  router.define(
    {
      method: 'PUT',
      url: '/datapoints/pending/:connection/:id',
      operationId: 'editPendingDataPoint',
      summary: 'Replace a pending DataPoint with edited YAML (it stays pending)',
      description:
        "Validated as `datachat review` validates the editor's file: invalid YAML or fields are a 400 `datapoint_invalid` with `details.issues` (line, path, message) and nothing is written.",
      tag: 'datapoints',
      params: qualifiedParams,
      body: yamlBody,
      responses: {
        200: { description: 'Edited (or unchanged)', schema: pendingEditResultSchema },
        400: ERROR('Invalid YAML or DataPoint (issues with their lines in details.issues)'),
        404: ERROR('No such pending DataPoint'),
      },
    },
    async ({ params, body }) => {
      const result = await services.write(() => review.editText(`${params.connection}/${params.id}`, body.yaml));
      return { status: result.status as 'updated' | 'unchanged', key: result.key };
    },
  );
}

/** A pending DataPoint as the YAML its editor shows (without the review status, as `datachat review` edits it). */
function pendingYaml(item: ReviewItem): string {
  const { status: _status, ...rest } = item.dataPoint as typeof item.dataPoint & { status?: unknown };
  return serializeDataPoint(rest as typeof item.dataPoint);
}
