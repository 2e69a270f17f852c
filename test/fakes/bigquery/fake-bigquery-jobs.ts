import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { FakeCatalog, FakeField } from './fake-bigquery-catalog.js';
import { slowMarkerMs, statementTypeOf, translateSql } from './fake-bigquery-sql.js';

/** An error BigQuery would report: HTTP status plus `errors[].reason`. */
export class FakeApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }

  toBody(): Record<string, unknown> {
    const status =
      {
        400: 'INVALID_ARGUMENT',
        401: 'UNAUTHENTICATED',
        403: 'PERMISSION_DENIED',
        404: 'NOT_FOUND',
        409: 'ALREADY_EXISTS',
      }[this.status] ?? 'INTERNAL';
    return {
      error: {
        code: this.status,
        message: this.message,
        errors: [{ message: this.message, domain: 'global', reason: this.reason }],
        status,
      },
    };
  }
}

const STATUS_OF_REASON: Record<string, number> = {
  invalidQuery: 400,
  notFound: 404,
  accessDenied: 403,
  stopped: 400,
  timeout: 400,
  invalid: 400,
};

interface QueryParameter {
  name?: string;
  parameterType?: { type?: string };
  parameterValue?: { value?: unknown };
}

interface QueryConfig {
  query?: string;
  useLegacySql?: boolean;
  defaultDataset?: { datasetId?: string };
  parameterMode?: string;
  queryParameters?: QueryParameter[];
  maximumBytesBilled?: string;
}

export interface FakeJob {
  id: string;
  location: string;
  configuration: { query: QueryConfig; dryRun?: boolean; jobTimeoutMs?: string; labels?: Record<string, string> };
  statementType: string;
  state: 'RUNNING' | 'DONE';
  error?: FakeApiError;
  schema?: { fields: FakeField[] };
  rows?: unknown[][];
  created: number;
  ended?: number;
  timer?: NodeJS.Timeout;
  waiters: Set<() => void>;
}

/** Query jobs over the catalog: run synchronously on SQLite, or held RUNNING by the slow marker. */
export class FakeJobs {
  readonly jobs = new Map<string, FakeJob>();

  constructor(
    private readonly catalog: FakeCatalog,
    private readonly projectId: string,
    private readonly location: string,
    private readonly slowQueryMs: number,
  ) {}

  /** jobs.insert; a dry run validates and reports the statement type without creating a job. */
  insert(body: {
    jobReference?: { jobId?: string; location?: string };
    configuration?: FakeJob['configuration'];
  }): Record<string, unknown> {
    const configuration = body.configuration;
    const query = configuration?.query;
    if (!configuration || !query?.query)
      throw new FakeApiError(400, 'invalid', 'The fake BigQuery only runs query jobs.');
    if (query.useLegacySql === true)
      throw new FakeApiError(400, 'invalidQuery', 'The fake BigQuery only speaks GoogleSQL (useLegacySql: false).');
    const statementType = statementTypeOf(query.query);
    const location = body.jobReference?.location ?? this.location;
    if (configuration.dryRun) {
      // Scripts and DDL are reported without validation: SQLite cannot check them as GoogleSQL.
      if (statementType === 'SELECT' || ['INSERT', 'UPDATE', 'DELETE'].includes(statementType)) {
        const db = this.catalog.openReadOnly(query.defaultDataset?.datasetId);
        try {
          this.prepare(db, query.query);
        } finally {
          db.close();
        }
      }
      return {
        kind: 'bigquery#job',
        configuration,
        jobReference: { projectId: this.projectId, location },
        status: { state: 'DONE' },
        statistics: {
          creationTime: String(Date.now()),
          totalBytesProcessed: '0',
          query: { statementType, totalBytesProcessed: '0', totalBytesBilled: '0', cacheHit: false },
        },
      };
    }
    const id = body.jobReference?.jobId ?? `job_${randomUUID().replace(/-/g, '')}`;
    if (this.jobs.has(id))
      throw new FakeApiError(409, 'duplicate', `Already Exists: Job ${this.projectId}:${location}.${id}`);
    const job: FakeJob = {
      id,
      location,
      configuration,
      statementType,
      state: 'RUNNING',
      created: Date.now(),
      waiters: new Set(),
    };
    this.jobs.set(id, job);
    const slowMs = slowMarkerMs(query.query, this.slowQueryMs);
    const jobTimeoutMs = configuration.jobTimeoutMs ? Number(configuration.jobTimeoutMs) : undefined;
    if (slowMs === undefined) {
      this.run(job);
    } else if (jobTimeoutMs !== undefined && jobTimeoutMs < slowMs) {
      // Server-side jobTimeoutMs: BigQuery cancels the job itself.
      job.timer = setTimeout(
        () =>
          this.finish(
            job,
            new FakeApiError(
              400,
              'timeout',
              `Job execution was cancelled: Job timed out after ${jobTimeoutMs / 1000}s`,
            ),
          ),
        jobTimeoutMs,
      );
    } else {
      job.timer = setTimeout(() => this.run(job), slowMs);
    }
    job.timer?.unref();
    return this.resource(job);
  }

  get(id: string): FakeJob {
    const job = this.jobs.get(id);
    if (!job) throw new FakeApiError(404, 'notFound', `Not found: Job ${this.projectId}:${this.location}.${id}`);
    return job;
  }

  cancel(id: string): Record<string, unknown> {
    const job = this.get(id);
    if (job.state !== 'DONE')
      this.finish(job, new FakeApiError(400, 'stopped', 'Job execution was cancelled: User requested cancellation'));
    return { kind: 'bigquery#jobCancelResponse', job: this.resource(job) };
  }

  /** Resolves when the job is done or after `timeoutMs`, whichever comes first (the long poll of getQueryResults). */
  waitFor(job: FakeJob, timeoutMs: number): Promise<void> {
    if (job.state === 'DONE' || timeoutMs <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        job.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      job.waiters.add(done);
    });
  }

  /** Releases every long poll (server shutdown). */
  releaseAll(): void {
    for (const job of this.jobs.values()) {
      clearTimeout(job.timer);
      for (const waiter of [...job.waiters]) waiter();
    }
  }

  resource(job: FakeJob): Record<string, unknown> {
    const error = job.error ? { reason: job.error.reason, message: job.error.message } : undefined;
    return {
      kind: 'bigquery#job',
      id: `${this.projectId}:${job.location}.${job.id}`,
      jobReference: { projectId: this.projectId, jobId: job.id, location: job.location },
      configuration: { ...job.configuration, jobType: 'QUERY' },
      status: { state: job.state, ...(error ? { errorResult: error, errors: [error] } : {}) },
      statistics: {
        creationTime: String(job.created),
        startTime: String(job.created),
        ...(job.ended ? { endTime: String(job.ended) } : {}),
        query: { statementType: job.statementType, totalBytesProcessed: '0', totalBytesBilled: '0', cacheHit: false },
      },
    };
  }

  private prepare(db: Database.Database, query: string): Database.Statement {
    let translated: ReturnType<typeof translateSql>;
    try {
      translated = translateSql(query);
    } catch (error) {
      throw new FakeApiError(400, 'invalidQuery', (error as Error).message);
    }
    if (translated.multipleStatements)
      throw new FakeApiError(400, 'invalidQuery', 'The fake BigQuery does not run multi-statement scripts.');
    try {
      return db.prepare(translated.sql);
    } catch (error) {
      throw sqliteToApiError(error, this.projectId);
    }
  }

  private run(job: FakeJob): void {
    if (job.state === 'DONE') return;
    const query = job.configuration.query;
    const db = this.catalog.openReadOnly(query.defaultDataset?.datasetId);
    try {
      const stmt = this.prepare(db, query.query ?? '');
      const params = bindParameters(query);
      if (!stmt.reader) {
        stmt.run(params);
        job.schema = { fields: [] };
        job.rows = [];
      } else {
        const rows = stmt.raw(true).all(params) as unknown[][];
        job.schema = { fields: this.resultFields(stmt.columns(), rows) };
        job.rows = rows;
      }
      this.finish(job);
    } catch (error) {
      this.finish(job, error instanceof FakeApiError ? error : sqliteToApiError(error, this.projectId));
    } finally {
      db.close();
    }
  }

  private finish(job: FakeJob, error?: FakeApiError): void {
    if (job.state === 'DONE') return;
    clearTimeout(job.timer);
    job.state = 'DONE';
    job.ended = Date.now();
    if (error) job.error = error;
    for (const waiter of [...job.waiters]) waiter();
  }

  /** Result schema: table columns keep their BigQuery type; expressions get one inferred from the values. */
  private resultFields(columns: Database.ColumnDefinition[], rows: unknown[][]): FakeField[] {
    return columns.map((column, i) => {
      const known = this.catalog.fieldOf(column.database, column.table, column.column);
      // BigQuery names unaliased expressions f0_, f1_...
      const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(column.name) ? column.name : `f${i}_`;
      if (known) return { ...known, name, mode: known.mode === 'REPEATED' ? 'REPEATED' : 'NULLABLE' };
      const values = rows.map((r) => r[i]).filter((v) => v !== null && v !== undefined);
      let type = 'INT64';
      if (values.some((v) => typeof v === 'string')) type = 'STRING';
      else if (values.some((v) => Buffer.isBuffer(v))) type = 'BYTES';
      else if (values.some((v) => typeof v === 'number' && !Number.isInteger(v))) type = 'FLOAT64';
      return { name, type, mode: 'NULLABLE' };
    });
  }
}

/** Statuses for job errors surfaced by getQueryResults. */
export function statusOfReason(reason: string): number {
  return STATUS_OF_REASON[reason] ?? 400;
}

function bindParameters(query: QueryConfig): unknown[] | Record<string, unknown> {
  const decode = (p: QueryParameter): unknown => {
    const value = p.parameterValue?.value;
    if (value === null || value === undefined) return null;
    switch ((p.parameterType?.type ?? 'STRING').toUpperCase()) {
      case 'INT64':
      case 'FLOAT64':
      case 'NUMERIC':
      case 'BIGNUMERIC':
        return Number(value);
      case 'BOOL':
        return String(value) === 'true' ? 1 : 0;
      default:
        return String(value);
    }
  };
  const parameters = query.queryParameters ?? [];
  if (query.parameterMode === 'named') return Object.fromEntries(parameters.map((p) => [p.name ?? '', decode(p)]));
  return parameters.map(decode);
}

function sqliteToApiError(error: unknown, projectId: string): FakeApiError {
  const e = error as { code?: string; message?: string };
  const message = e.message ?? String(error);
  if (e.code?.startsWith('SQLITE_READONLY') || /readonly database/i.test(message)) {
    return new FakeApiError(
      403,
      'accessDenied',
      `Access Denied: Project ${projectId}: the fake BigQuery runs query jobs on a read-only database (${message})`,
    );
  }
  const table = /no such table: (\S+)/i.exec(message);
  if (table)
    return new FakeApiError(404, 'notFound', `Not found: Table ${projectId}:${table[1]} was not found in location US`);
  return new FakeApiError(400, 'invalidQuery', `Syntax error or unsupported by the fake: ${message}`);
}
