import { randomUUID } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import type { BigQuery, BigQueryOptions, Query } from '@google-cloud/bigquery';
import { ConfigError, ConnectionError, QueryError } from '../../errors.js';
import { type Connector, type ConnectorSettings, DEFAULT_TIMEOUT_MS, type QueryResult } from '../connector.js';
import { ConnectorBase, type StatementOptions } from '../connector-base.js';
import { ResultCollector } from '../result-collector.js';
import type { IntrospectOptions, SchemaMetadata } from '../schema-metadata.js';
import { bigqueryConfigSchema, bigqueryOptionsFromUrl, type BigQueryConfig } from './bigquery-config.js';
import { bigqueryDialect } from './bigquery-dialect.js';
import { wrapBigQueryError, type BigQueryPhase } from './bigquery-errors.js';
import { introspectBigQuery } from './bigquery-introspector.js';
import { decodeRowValues, parameterTypes, type RestRow, type RowField } from './bigquery-values.js';
import type { PrivilegeReport } from '../privileges.js';
import { inspectBigqueryPrivileges } from './bigquery-privileges.js';

/** Rows asked for per getQueryResults call; BigQuery also caps a page at about 10 MB. */
const PAGE_SIZE = 10_000;
/** Pause between polls when the server answers "job not complete" without long-polling. */
const POLL_DELAY_MS = 200;
/** How long to wait for jobs.cancel before reporting the timeout anyway. */
const CANCEL_WAIT_MS = 2_000;

/**
 * BigQuery over its REST API (`@google-cloud/bigquery`, imported on first use). Read-only by
 * construction: every statement is first dry-run (free, and it reports the statement type), and
 * anything but a SELECT is refused before a job runs. Jobs run under `maximumBytesBilled` and
 * `jobTimeoutMs`, results are read page by page up to the row cap, and a timeout or abort cancels the job.
 */
export class BigQueryConnector extends ConnectorBase {
  readonly engine = 'bigquery' as const;
  readonly dialect = bigqueryDialect;
  readonly projectId: string;
  private readonly config: BigQueryConfig;
  private readonly baseDir: string;
  private readonly secrets: string[];
  private client: Promise<BigQuery> | undefined;

  constructor(settings: ConnectorSettings) {
    super();
    let fromUrl: Record<string, unknown> = {};
    if (settings.url) {
      try {
        fromUrl = bigqueryOptionsFromUrl(settings.url);
      } catch (error) {
        // The URL itself is not echoed: it may carry an access token.
        throw new ConfigError(`Connection "${settings.id}": invalid BigQuery URL (${(error as Error).message}).`);
      }
    }
    const parsed = bigqueryConfigSchema.safeParse({ ...fromUrl, ...(settings.options ?? {}) });
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`).join('; ');
      throw new ConfigError(`Connection "${settings.id}": invalid BigQuery settings: ${problems}`);
    }
    if (!parsed.data.projectId) {
      throw new ConfigError(`Connection "${settings.id}": a BigQuery connection needs a project id.`, [], {
        hint: 'Use bigquery://<project>/<dataset> or set projectId.',
      });
    }
    this.config = parsed.data;
    this.projectId = parsed.data.projectId;
    this.baseDir = settings.baseDir;
    this.secrets = collectSecrets(parsed.data);
  }

  protected async serverVersion(): Promise<string> {
    const deadline = new Deadline(DEFAULT_TIMEOUT_MS);
    try {
      const client = await this.getClient();
      // The dataset lookup checks project, dataset and credentials; the dry run checks permission to run jobs. Neither bills.
      if (this.config.dataset) await deadline.race(client.dataset(this.config.dataset).getMetadata());
      await deadline.race(client.createQueryJob({ ...this.queryBase('SELECT 1'), dryRun: true }));
    } catch (error) {
      if (deadline.stopped) {
        throw new ConnectionError(`BigQuery did not answer within ${DEFAULT_TIMEOUT_MS} ms.`, {
          hint: 'Check the network (proxy, firewall) and `apiEndpoint`.',
        });
      }
      throw this.wrap(error, 'connect');
    } finally {
      deadline.dispose();
    }
    const where = this.config.location ? `, location ${this.config.location}` : '';
    return `BigQuery API v2 (project ${this.projectId}${where})`;
  }

  async introspect(options?: IntrospectOptions): Promise<SchemaMetadata> {
    try {
      const client = await this.getClient();
      const datasets = this.config.datasets ?? (this.config.dataset ? [this.config.dataset] : undefined);
      return await introspectBigQuery(
        client,
        { projectId: this.projectId, ...(datasets ? { datasets } : {}) },
        options,
      );
    } catch (error) {
      throw this.wrap(error, 'introspect');
    }
  }

  protected async runStatement(sql: string, options: StatementOptions): Promise<QueryResult> {
    const { maxRows, timeoutMs } = options;
    const started = performance.now();
    const deadline = new Deadline(timeoutMs, options.signal);
    let client: BigQuery | undefined;
    // Our own job id, so a timeout can cancel the job even while its insert is still in flight.
    const jobId = `datachat_${randomUUID().replace(/-/g, '')}`;
    let inserted = false;
    try {
      client = await deadline.race(this.getClient());
      const base = this.queryBase(sql, options.params);
      const [, dryRun] = await deadline.race(client.createQueryJob({ ...base, dryRun: true }));
      const statementType = dryRun?.statistics?.query?.statementType;
      if (statementType !== 'SELECT') {
        throw new QueryError(
          `Refused: BigQuery reports a ${statementType ?? 'non-query'} statement; only SELECT statements run.`,
          {
            hint: 'datachat only reads data. Run writes, DDL and scripts with your usual BigQuery tools.',
            details: { statementType: statementType ?? null },
          },
        );
      }
      inserted = true;
      const [job] = await deadline.race(
        client.createQueryJob({
          ...base,
          jobId,
          maximumBytesBilled: String(this.config.maximumBytesBilled),
          jobTimeoutMs: timeoutMs,
          labels: { client: 'datachat' },
        }),
      );
      const collector = new ResultCollector(maxRows, options.maxBytes);
      let fields: RowField[] = [];
      let pageToken: string | undefined;
      for (;;) {
        const remaining = maxRows - collector.rows.length;
        const request: Record<string, unknown> = {
          autoPaginate: false,
          skipParsing: true,
          maxResults: Math.max(1, Math.min(PAGE_SIZE, remaining)),
        };
        if (pageToken) request.pageToken = pageToken;
        const [page, , response] = await deadline.race(job.getQueryResults(request));
        if (response?.jobComplete === false) {
          await deadline.race(sleep(POLL_DELAY_MS));
          continue;
        }
        fields = (response?.schema?.fields ?? []) as RowField[];
        for (const row of (page ?? []) as RestRow[]) if (!collector.add(decodeRowValues(fields, row))) break;
        pageToken = response?.pageToken ?? undefined;
        if (!collector.open || !pageToken) break;
        if (collector.rows.length >= maxRows) {
          // Stop here: the next page is never requested. totalRows says whether it would have had rows.
          const total = response?.totalRows === undefined ? undefined : Number(response.totalRows);
          if (total === undefined || total > maxRows) collector.moreRows();
          break;
        }
      }
      const columns = fields.map((f) => ({
        name: f.name,
        type: (f.mode ?? '').toUpperCase() === 'REPEATED' ? `ARRAY<${f.type ?? ''}>` : (f.type ?? ''),
      }));
      return collector.result(columns, started);
    } catch (error) {
      if (deadline.stopped) {
        if (client && inserted) await cancelJob(client, jobId, this.config.location);
        throw deadline.stopped;
      }
      throw this.wrap(error, 'query');
    } finally {
      deadline.dispose();
    }
  }

  inspectPrivileges(): Promise<PrivilegeReport> {
    return inspectBigqueryPrivileges();
  }

  protected async release(): Promise<void> {
    // The SDK holds no sessions: dropping the client is enough.
    this.client = undefined;
  }

  private queryBase(sql: string, params?: readonly unknown[]): Query {
    const query: Query = { query: sql, useLegacySql: false };
    if (this.config.location) query.location = this.config.location;
    if (this.config.dataset) query.defaultDataset = { projectId: this.projectId, datasetId: this.config.dataset };
    if (params && params.length > 0) {
      query.params = [...params];
      const types = parameterTypes(params);
      if (types) query.types = types;
    }
    return query;
  }

  private getClient(): Promise<BigQuery> {
    this.client ??= this.createClient().catch((error: unknown) => {
      this.client = undefined;
      throw error;
    });
    return this.client;
  }

  private async createClient(): Promise<BigQuery> {
    const { BigQuery } = await import('@google-cloud/bigquery');
    const c = this.config;
    // Retries cover 5xx/429 and dropped connections; short delays keep an unreachable endpoint from stalling for a minute.
    const options: BigQueryOptions = { projectId: this.projectId, retryOptions: { maxRetries: 2, maxRetryDelay: 2 } };
    if (c.location) options.location = c.location;
    if (c.apiEndpoint) options.apiEndpoint = c.apiEndpoint;
    if (c.accessToken || (c.apiEndpoint && !c.credentials && !c.keyFilename)) {
      // A static token: nothing signs a JWT or looks for default credentials (which would probe the
      // GCE metadata server). Emulators and test servers get a dummy token they ignore.
      const { OAuth2Client } = await import('google-auth-library');
      const auth = new OAuth2Client();
      auth.setCredentials({ access_token: c.accessToken ?? 'emulator-no-auth' });
      options.authClient = auth;
    } else if (c.credentials) {
      options.credentials = parseCredentials(c.credentials);
    } else if (c.keyFilename) {
      options.keyFilename = isAbsolute(c.keyFilename) ? c.keyFilename : resolve(this.baseDir, c.keyFilename);
    }
    return new BigQuery(options);
  }

  private wrap(error: unknown, phase: BigQueryPhase) {
    return wrapBigQueryError(error, {
      phase,
      projectId: this.projectId,
      endpoint: this.config.apiEndpoint ?? 'https://bigquery.googleapis.com',
      secrets: this.secrets,
    });
  }
}

/** Settles on the first of: the work, the timeout, the abort signal. `stopped` says which stopped it. */
class Deadline {
  stopped: QueryError | undefined;
  private readonly stop: Promise<never>;
  private reject!: (error: QueryError) => void;
  private readonly timer: NodeJS.Timeout;
  private readonly onAbort = (): void => this.fire(new QueryError('Query cancelled.'));

  constructor(
    timeoutMs: number,
    private readonly signal?: AbortSignal,
  ) {
    this.stop = new Promise<never>((_, reject) => (this.reject = reject));
    this.stop.catch(() => undefined);
    this.timer = setTimeout(
      () =>
        this.fire(
          new QueryError(`Query timed out after ${timeoutMs} ms and was cancelled.`, {
            hint: 'Narrow the question or raise the timeout.',
          }),
        ),
      timeoutMs,
    );
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  race<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.stop]);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.signal?.removeEventListener('abort', this.onAbort);
  }

  private fire(error: QueryError): void {
    if (this.stopped) return;
    this.stopped = error;
    this.reject(error);
  }
}

/** Best-effort jobs.cancel, bounded in time; a job that already finished just ignores it. */
async function cancelJob(client: BigQuery, jobId: string, location: string | undefined): Promise<void> {
  const job = client.job(jobId, location ? { location } : {});
  await Promise.race([job.cancel().catch(() => undefined), sleep(CANCEL_WAIT_MS)]);
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms).unref());
}

function parseCredentials(credentials: string | Record<string, unknown>): Record<string, unknown> {
  if (typeof credentials !== 'string') return credentials;
  try {
    return JSON.parse(credentials) as Record<string, unknown>;
  } catch {
    // Never echo the value: it is key material.
    throw new ConfigError(
      'BigQuery `credentials` is not valid JSON (expected the contents of a service-account key file).',
    );
  }
}

/** Every secret value whose text must never reach an error message. */
function collectSecrets(config: BigQueryConfig): string[] {
  const secrets: string[] = [];
  if (config.accessToken) secrets.push(config.accessToken);
  if (typeof config.credentials === 'string') secrets.push(config.credentials);
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed =
      typeof config.credentials === 'string'
        ? (JSON.parse(config.credentials) as Record<string, unknown>)
        : config.credentials;
  } catch {
    parsed = undefined;
  }
  for (const key of ['private_key', 'client_secret', 'refresh_token', 'private_key_id']) {
    const value = parsed?.[key];
    if (typeof value === 'string' && value)
      secrets.push(value, ...value.split('\n').filter((line) => line.length >= 16));
  }
  return secrets;
}

export function createConnector(settings: ConnectorSettings): Connector {
  return new BigQueryConnector(settings);
}
