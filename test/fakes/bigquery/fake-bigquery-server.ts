import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeCatalog, type FakeField, type FakeTableSpec } from './fake-bigquery-catalog.js';
import { FakeApiError, FakeJobs, statusOfReason, type FakeJob } from './fake-bigquery-jobs.js';

export type { FakeField, FakeForeignKey, FakeTableSpec } from './fake-bigquery-catalog.js';
export { SLOW_MARKER } from './fake-bigquery-sql.js';

/**
 * A local HTTP server speaking the part of the BigQuery REST v2 API that `@google-cloud/bigquery`
 * uses for queries and metadata, over an in-process SQLite engine (see fake-bigquery-sql.ts for the
 * GoogleSQL subset). Query jobs run on a read-only connection, so writes are refused by the engine.
 *
 * Routes (under /bigquery/v2/projects/{project}): POST jobs (insert; honours dryRun and reports
 * statistics.query.statementType), GET jobs/{id}, POST jobs/{id}/cancel, GET queries/{id}
 * (getQueryResults: maxResults, pageToken, startIndex, timeoutMs long poll), POST queries (jobs.query),
 * GET datasets, GET datasets/{d}, GET datasets/{d}/tables, GET datasets/{d}/tables/{t}.
 *
 * A query containing `/* fake-bigquery:slow *\/` (or `=ms`) stays RUNNING for `slowQueryMs`
 * (or ms), so client timeouts and jobs.cancel run through the SDK's polling; a smaller
 * configuration.jobTimeoutMs makes the job fail with reason "timeout" at that time.
 */
export interface FakeBigQueryOptions {
  /** Default 'dc-test'. */
  projectId?: string;
  /** Default 'US'. */
  location?: string;
  /** Bearer token requests must carry; null accepts any request. Default 'fake-bigquery-token'. */
  accessToken?: string | null;
  /** Server-side cap on rows per results page (real BigQuery caps pages at ~10 MB). Default: no cap. */
  maxPageRows?: number;
  /** How long a slow-marked query runs, in ms. Default 60 000. */
  slowQueryMs?: number;
}

export interface FakeRequest {
  method: string;
  /** Path below /bigquery/v2, e.g. /projects/dc-test/queries/job_1. */
  path: string;
  query: Record<string, string>;
  body?: unknown;
}

export interface FakeBigQuery {
  /** Pass as `apiEndpoint`. */
  url: string;
  projectId: string;
  location: string;
  accessToken: string | null;
  /** Every request received, in order (for asserting pagination, dry runs and cancels). */
  requests: FakeRequest[];
  jobs: Map<string, FakeJob>;
  createDataset(id: string, options?: { description?: string }): void;
  createTable(dataset: string, id: string, spec: FakeTableSpec): void;
  createView(dataset: string, id: string, query: string, fields: FakeField[], description?: string): void;
  insertRows(dataset: string, table: string, rows: readonly (readonly unknown[] | Record<string, unknown>)[]): void;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 with an ephemeral port. */
export async function startFakeBigQuery(options: FakeBigQueryOptions = {}): Promise<FakeBigQuery> {
  const projectId = options.projectId ?? 'dc-test';
  const location = options.location ?? 'US';
  const accessToken = options.accessToken === undefined ? 'fake-bigquery-token' : options.accessToken;
  const catalog = new FakeCatalog();
  const jobs = new FakeJobs(catalog, projectId, location, options.slowQueryMs ?? 60_000);
  const requests: FakeRequest[] = [];
  const ctx: RouteContext = { projectId, location, catalog, jobs, maxPageRows: options.maxPageRows };

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      const apiError =
        error instanceof FakeApiError ? error : new FakeApiError(500, 'backendError', (error as Error).message);
      send(res, apiError.status, apiError.toBody());
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = await readBody(req);
    const body = raw ? (JSON.parse(raw) as unknown) : undefined;
    const path = url.pathname.replace(/^\/bigquery\/v2/, '');
    requests.push({
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      ...(body === undefined ? {} : { body }),
    });
    if (accessToken !== null && req.headers.authorization !== `Bearer ${accessToken}`) {
      throw new FakeApiError(
        401,
        'authError',
        'Request had invalid authentication credentials. Expected OAuth 2 access token.',
      );
    }
    send(res, 200, await route(ctx, req.method ?? 'GET', path, url.searchParams, body));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    projectId,
    location,
    accessToken,
    requests,
    jobs: jobs.jobs,
    createDataset: (id, o) => catalog.createDataset(id, o),
    createTable: (d, id, spec) => catalog.createTable(d, id, spec),
    createView: (d, id, q, fields, description) => catalog.createView(d, id, q, fields, description),
    insertRows: (d, t, rows) => catalog.insertRows(d, t, rows),
    async close() {
      jobs.releaseAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      catalog.close();
    },
  };
}

interface RouteContext {
  projectId: string;
  location: string;
  catalog: FakeCatalog;
  jobs: FakeJobs;
  maxPageRows: number | undefined;
}

async function route(
  ctx: RouteContext,
  method: string,
  path: string,
  qs: URLSearchParams,
  body: unknown,
): Promise<unknown> {
  const match = /^\/projects\/([^/]+)(\/.*)?$/.exec(path);
  if (!match) throw new FakeApiError(404, 'notFound', `Not found: ${path}`);
  if (decodeURIComponent(match[1]!) !== ctx.projectId)
    throw new FakeApiError(404, 'notFound', `Not found: Project ${decodeURIComponent(match[1]!)}`);
  const rest = (match[2] ?? '').split('/').filter(Boolean).map(decodeURIComponent);
  const [collection, id, sub, subId] = rest;
  if (collection === 'jobs' && method === 'POST' && !id)
    return ctx.jobs.insert(body as Parameters<FakeJobs['insert']>[0]);
  if (collection === 'jobs' && method === 'GET' && id && !sub) return ctx.jobs.resource(ctx.jobs.get(id));
  if (collection === 'jobs' && method === 'POST' && id && sub === 'cancel') return ctx.jobs.cancel(id);
  if (collection === 'queries' && method === 'GET' && id) return queryResults(ctx, ctx.jobs.get(id), qs);
  if (collection === 'queries' && method === 'POST' && !id) return jobsQuery(ctx, body as Record<string, unknown>);
  if (collection === 'datasets' && method === 'GET') return datasets(ctx, id, sub, subId);
  throw new FakeApiError(404, 'notFound', `Not found: ${method} ${path} is not implemented by the fake`);
}

function datasets(
  ctx: RouteContext,
  datasetId: string | undefined,
  sub: string | undefined,
  tableId: string | undefined,
): unknown {
  const { projectId, location, catalog } = ctx;
  const datasetResource = (id: string) => ({
    kind: 'bigquery#dataset',
    id: `${projectId}:${id}`,
    datasetReference: { projectId, datasetId: id },
    location,
    ...(catalog.datasets.get(id)?.description ? { description: catalog.datasets.get(id)!.description } : {}),
  });
  if (!datasetId) return { kind: 'bigquery#datasetList', datasets: [...catalog.datasets.keys()].map(datasetResource) };
  const dataset = catalog.datasets.get(datasetId);
  if (!dataset) throw new FakeApiError(404, 'notFound', `Not found: Dataset ${projectId}:${datasetId}`);
  if (!sub) return datasetResource(datasetId);
  if (sub !== 'tables') throw new FakeApiError(404, 'notFound', `Not found: ${sub}`);
  const reference = (id: string) => ({ projectId, datasetId, tableId: id });
  if (!tableId) {
    const tables = [...dataset.tables.entries()].map(([id, t]) => ({
      kind: 'bigquery#table',
      id: `${projectId}:${datasetId}.${id}`,
      tableReference: reference(id),
      type: t.type,
    }));
    return { kind: 'bigquery#tableList', tables, totalItems: tables.length };
  }
  const table = dataset.tables.get(tableId);
  if (!table) throw new FakeApiError(404, 'notFound', `Not found: Table ${projectId}:${datasetId}.${tableId}`);
  const constraints: Record<string, unknown> = {};
  if (table.primaryKey?.length) constraints.primaryKey = { columns: table.primaryKey };
  if (table.foreignKeys?.length) {
    constraints.foreignKeys = table.foreignKeys.map((fk) => ({
      ...(fk.name ? { name: fk.name } : {}),
      referencedTable: { projectId, datasetId: fk.referencedDataset ?? datasetId, tableId: fk.referencedTable },
      columnReferences: fk.columns.map((c, i) => ({ referencingColumn: c, referencedColumn: fk.referencedColumns[i] })),
    }));
  }
  return {
    kind: 'bigquery#table',
    id: `${projectId}:${datasetId}.${tableId}`,
    tableReference: reference(tableId),
    type: table.type,
    location,
    creationTime: String(table.creationTime),
    schema: { fields: table.fields },
    ...(table.description ? { description: table.description } : {}),
    ...(table.type === 'TABLE' ? { numRows: String(catalog.rowCount(datasetId, tableId)), numBytes: '0' } : {}),
    ...(table.viewQuery ? { view: { query: table.viewQuery, useLegacySql: false } } : {}),
    ...(Object.keys(constraints).length ? { tableConstraints: constraints } : {}),
  };
}

/** getQueryResults: long-polls up to timeoutMs (default 10 s, as BigQuery), then returns one page. */
async function queryResults(ctx: RouteContext, job: FakeJob, qs: URLSearchParams): Promise<unknown> {
  await ctx.jobs.waitFor(job, qs.has('timeoutMs') ? Number(qs.get('timeoutMs')) : 10_000);
  return page(ctx, job, {
    maxResults: qs.has('maxResults') ? Number(qs.get('maxResults')) : undefined,
    pageToken: qs.get('pageToken') ?? undefined,
    startIndex: qs.has('startIndex') ? Number(qs.get('startIndex')) : undefined,
    int64Timestamps: qs.get('formatOptions.useInt64Timestamp') === 'true',
  });
}

/** jobs.query: insert + wait + first page in one call. */
async function jobsQuery(ctx: RouteContext, body: Record<string, unknown>): Promise<unknown> {
  const {
    maxResults,
    timeoutMs,
    dryRun,
    location,
    requestId: _requestId,
    formatOptions,
    jobCreationMode: _mode,
    ...query
  } = body as Record<string, unknown> & { formatOptions?: { useInt64Timestamp?: boolean } };
  const inserted = ctx.jobs.insert({
    jobReference: { ...(location ? { location: String(location) } : {}) },
    configuration: { query, ...(dryRun ? { dryRun: true } : {}) },
  });
  if (dryRun) return { kind: 'bigquery#queryResponse', jobComplete: true, ...inserted };
  const job = ctx.jobs.get((inserted.jobReference as { jobId: string }).jobId);
  await ctx.jobs.waitFor(job, typeof timeoutMs === 'number' ? timeoutMs : 10_000);
  return {
    ...(page(ctx, job, {
      maxResults: typeof maxResults === 'number' ? maxResults : undefined,
      int64Timestamps: formatOptions?.useInt64Timestamp === true,
    }) as object),
    kind: 'bigquery#queryResponse',
  };
}

function page(
  ctx: RouteContext,
  job: FakeJob,
  o: { maxResults?: number; pageToken?: string; startIndex?: number; int64Timestamps: boolean },
): unknown {
  const jobReference = { projectId: ctx.projectId, jobId: job.id, location: job.location };
  if (job.state !== 'DONE') return { kind: 'bigquery#getQueryResultsResponse', jobReference, jobComplete: false };
  if (job.error) throw new FakeApiError(statusOfReason(job.error.reason), job.error.reason, job.error.message);
  const all = job.rows ?? [];
  const fields = job.schema?.fields ?? [];
  const offset = o.pageToken
    ? Number(
        Buffer.from(o.pageToken, 'base64url')
          .toString()
          .replace(/^offset:/, ''),
      )
    : (o.startIndex ?? 0);
  const size = Math.min(
    o.maxResults ?? Number.POSITIVE_INFINITY,
    ctx.maxPageRows ?? Number.POSITIVE_INFINITY,
    all.length - offset,
  );
  const slice = all.slice(offset, offset + Math.max(0, size));
  const end = offset + slice.length;
  return {
    kind: 'bigquery#getQueryResultsResponse',
    jobReference,
    jobComplete: true,
    cacheHit: false,
    totalBytesProcessed: '0',
    schema: { fields },
    totalRows: String(all.length),
    // BigQuery omits `rows` on an empty page.
    ...(slice.length
      ? { rows: slice.map((row) => ({ f: fields.map((f, i) => ({ v: encode(f, row[i], o.int64Timestamps) })) })) }
      : {}),
    ...(end < all.length ? { pageToken: Buffer.from(`offset:${end}`).toString('base64url') } : {}),
  };
}

/** A stored SQLite value in the REST row format: every scalar a string, arrays [{v}], records {f}. */
function encode(field: FakeField, value: unknown, int64Timestamps: boolean): unknown {
  if (value === null || value === undefined) return null;
  if (field.mode === 'REPEATED') {
    const items = typeof value === 'string' ? (JSON.parse(value) as unknown[]) : [];
    return items.map((item) => ({ v: encode({ ...field, mode: 'NULLABLE' }, item, int64Timestamps) }));
  }
  switch (field.type.toUpperCase()) {
    case 'BOOL':
    case 'BOOLEAN':
      return value === 1 || value === true || value === 'true' ? 'true' : 'false';
    case 'BYTES':
      return Buffer.isBuffer(value) ? value.toString('base64') : Buffer.from(String(value)).toString('base64');
    case 'TIMESTAMP': {
      const micros = timestampMicros(String(value));
      if (micros === undefined) return String(value);
      return int64Timestamps ? micros.toString() : String(Number(micros) / 1e6);
    }
    case 'RECORD':
    case 'STRUCT': {
      const object = (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>;
      return { f: (field.fields ?? []).map((f) => ({ v: encode(f, object[f.name], int64Timestamps) })) };
    }
    case 'JSON':
      return typeof value === 'string' ? value : JSON.stringify(value);
    default:
      return String(value);
  }
}

/** Microseconds since the epoch of '2024-01-02 03:04:05[.ffffff][ UTC|Z|+hh:mm]' (UTC when no zone). */
function timestampMicros(text: string): bigint | undefined {
  let s = text
    .trim()
    .replace(/\s*UTC$/i, 'Z')
    .replace(' ', 'T');
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) s += 'T00:00:00';
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(s)) s += 'Z';
  const fraction = /\.(\d+)/.exec(s)?.[1] ?? '';
  const millis = Date.parse(s.replace(/\.\d+/, ''));
  if (Number.isNaN(millis)) return undefined;
  return BigInt(millis) * 1000n + BigInt(fraction.padEnd(6, '0').slice(0, 6) || '0');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(body));
}
