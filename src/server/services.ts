import { relative, sep } from 'node:path';
import type { EngineType } from '../connectors/engine-type.js';
import { engineFromUrl } from '../connectors/registry.js';
import { AskService } from '../services/ask-service.js';
import { ConnectionService, type AddConnectionInput, type ConnectionView } from '../services/connection-service.js';
import { DataPointService } from '../services/datapoint-service.js';
import type { GenerateOptions, GenerateResult } from '../services/generate-service.js';
import type { ProjectContext } from '../services/project-context.js';
import { ReviewService } from '../services/review-service.js';
import { redactSecrets } from '../util/redact.js';
import { HttpError, toHttpError } from './errors.js';
import { JobRegistry, type JobKind, type JobProgress, type StartedJob } from './jobs.js';
import { toJson } from './json.js';
import { ListCache } from './list-cache.js';
import { AsyncMutex, Semaphore } from './mutex.js';

/** How often (ms) requests check .datachat.yml for changes made by other processes (one stat each time). */
const CONFIG_CHECK_MS = 250;
/** List requests (GET /datapoints, /databases, /datapoints/pending) answered at once. */
const LIST_CONCURRENCY = 8;

export interface ProfileJobInput {
  sampleSize?: number;
  tables?: string[];
  generate: boolean;
  autoApprove: boolean;
  offline: boolean;
}

export interface InitializeJobInput {
  databases: { name: string; database_url: string; database_type?: EngineType }[];
  sample: boolean;
  profile: boolean;
  generate: boolean;
  autoApprove: boolean;
  offline: boolean;
}

/**
 * The server's service layer: the CLI's services over one project, plus what a long-lived,
 * concurrent process needs. Every write (YAML, .datachat.yml, secrets, index sync) runs behind one
 * AsyncMutex, jobs included, so concurrent requests never interleave file writes and syncs; reads
 * run concurrently and only wait when the index is stale (see freshIndex).
 */
export class ServerServices {
  readonly writes = new AsyncMutex();
  /**
   * Chat questions answered at once; the rest wait in FIFO order. Answering is CPU-bound on this
   * thread (retrieval, planning, guard) with the SQL on the connector's side, so a few in flight
   * overlap the two and more only stretch every request (and pile listeners on the SQLite worker).
   */
  readonly chatSlots: Semaphore;
  readonly jobs: JobRegistry;
  readonly connections: ConnectionService;
  readonly review: ReviewService;
  readonly datapoints: DataPointService;
  readonly asker: AskService;
  /**
   * List requests served at once; the rest queue, and each freed slot is handed on a later event-loop
   * turn, so a flood of list requests leaves room for every other route.
   */
  readonly listSlots = new Semaphore(LIST_CONCURRENCY, true);
  /** Serialised lists, redacted once when built (see listStamp). */
  readonly lists = new ListCache((json) => redactSecrets(json, this.secrets('payload')));
  private secretCache: { config: unknown; raw: string[]; payload: string[] } | undefined;
  private readonly configIds = new WeakMap<object, number>();
  private configCount = 0;
  private lastConfigCheck = 0;
  private reportedConfigError: string | undefined;

  constructor(
    readonly project: ProjectContext,
    chatConcurrency = 4,
    /** Where problems that fail no request go (the server's log). */
    warn: (message: string) => void = () => undefined,
  ) {
    this.chatSlots = new Semaphore(chatConcurrency);
    this.jobs = new JobRegistry(
      (error) => toHttpError(error, this.secrets()),
      100,
      async () => {
        const { JobStore } = await import('../knowledge/job-store.js');
        return new JobStore(await project.store(), { owner: this.jobs.owner });
      },
      (error) => warn(`cannot record a job in knowledge.db: ${(error as Error).message}`),
    );
    // API clients must not make the server open files outside the project (`sqlite:/etc/passwd`).
    this.connections = new ConnectionService(project, { confineFilesToProject: true });
    this.review = new ReviewService(project);
    this.datapoints = new DataPointService(project);
    this.asker = new AskService(project);
  }

  /** Runs `fn` holding the write lock. */
  write<T>(fn: () => T | Promise<T>): Promise<T> {
    return this.writes.run(fn);
  }

  /** Starts a background job that holds the write lock while it runs. */
  job<T>(kind: JobKind, task: (progress: JobProgress) => Promise<T>, present: (result: T) => unknown): StartedJob {
    return this.jobs.start(kind, (progress) => this.write(() => task(progress)), present);
  }

  /**
   * Before reading the index: sync it if the YAML changed, under the write lock, so the sync that
   * AskService and friends would otherwise run on their own never races a writer's sync. Cheap when
   * fresh (one stat per file); waits for a running writer only while the index is stale.
   */
  async freshIndex(): Promise<void> {
    if (this.project.config.connections.length === 0) return;
    // Throttled and shared by ProjectContext (project.freshnessIntervalMs); the sync runs under the write lock.
    return this.project.freshIndex({ exclusive: (sync) => this.write(sync) });
  }

  /**
   * Before each request: picks up a .datachat.yml changed by another process (`datachat db add`, an
   * editor, `git pull`), at most every CONFIG_CHECK_MS. Connectors of changed or removed connections
   * are closed by ProjectContext.reload. An invalid file keeps the last good config in force (a
   * half-saved edit must not take the server down) and is logged once per version of the file.
   */
  followFiles(log: { warn(obj: unknown, msg: string): void }): void {
    const now = Date.now();
    if (now - this.lastConfigCheck < CONFIG_CHECK_MS) return;
    this.lastConfigCheck = now;
    try {
      if (this.project.reloadIfChanged()) {
        this.reportedConfigError = undefined;
      }
    } catch (error) {
      const message = (error as Error).message;
      if (message !== this.reportedConfigError) {
        log.warn({ error: message }, 'ignoring an invalid .datachat.yml; the previous configuration stays in force');
      }
      this.reportedConfigError = message;
    }
  }

  /**
   * Changes whenever the knowledge index (its generation, also bumped by other processes' syncs) or the
   * config in force (hence the secrets redacted) changes: the ListCache key of index-backed lists.
   */
  async listStamp(): Promise<string> {
    let configId = this.configIds.get(this.project.config);
    if (configId === undefined) this.configIds.set(this.project.config, (configId = ++this.configCount));
    const generation = this.project.config.connections.length ? (await this.project.store()).generation() : 0;
    return `${configId}:${generation}`;
  }

  /** A response item as redacted JSON (for sendPage). */
  finishJson(value: unknown): string {
    return redactSecrets(toJson(value), this.secrets('payload'));
  }

  /** Secret values of the project (cached until .datachat.yml is reloaded). `payload` adds their JSON-escaped forms. */
  secrets(form: 'raw' | 'payload' = 'raw'): string[] {
    if (this.secretCache?.config !== this.project.config) {
      let raw: string[] = [];
      try {
        raw = [...new Set(this.project.knownSecrets())];
      } catch {
        // A broken secret store is reported where it is used; never fail a response over it.
      }
      const escaped = raw.map((s) => JSON.stringify(s).slice(1, -1)).filter((s, i) => s !== raw[i]);
      this.secretCache = { config: this.project.config, raw, payload: [...raw, ...escaped] };
    }
    return form === 'raw' ? this.secretCache.raw : this.secretCache.payload;
  }

  /** POST /databases: 409 (ConflictError from the service) when the id derived from the name is taken. */
  addDatabase(input: AddConnectionInput): Promise<ConnectionView> {
    return this.write(() => this.connections.add(input));
  }

  /** POST /databases/{id}/profile and sync from database_profile: profile, refresh Schema DataPoints, maybe generate. */
  profileJob(connectionId: string, input: ProfileJobInput): StartedJob {
    return this.job(
      'profile',
      (progress) => this.profile(connectionId, input, progress),
      (r) => r,
    );
  }

  async profile(connectionId: string, input: ProfileJobInput, progress: JobProgress) {
    const { runProfile, profileView } = await import('../services/profile-service.js');
    progress.step(`Profiling ${connectionId}`);
    const run = await runProfile(this.project, connectionId, {
      ...(input.sampleSize ? { sampleSize: input.sampleSize } : {}),
      ...(input.tables ? { tables: input.tables } : {}),
      onProgress: (e) => progress.step(`Profiled ${e.done}/${e.total} tables (${e.table})`),
    });
    const { profile } = run;
    progress.done(`${connectionId}: ${profile.summary.profiled} tables profiled`);
    const generation = input.generate
      ? await this.generate(connectionId, { autoApprove: input.autoApprove, offline: input.offline }, progress)
      : null;
    return {
      connection_id: profile.connection_id,
      profiled_at: profile.profiled_at,
      table_count: profile.table_count,
      total_rows: profile.total_rows,
      tables_profiled: profile.summary.profiled,
      tables_failed: profile.summary.failed,
      relationships: profile.relationships.length,
      datapoints_updated: run.datapoints_updated,
      datapoints_unchanged: run.datapoints_unchanged,
      generation,
      profile: profileView(profile),
    };
  }

  /** runGenerate with project-relative file paths in the result. */
  async generate(
    connectionId: string | undefined,
    options: GenerateOptions,
    progress: JobProgress,
  ): Promise<GenerateResult> {
    const { runGenerate } = await import('../services/generate-service.js');
    const result = await runGenerate(this.project, connectionId, { ...options, onProgress: (m) => progress.step(m) });
    const { counts } = result;
    progress.done(`${result.connection_id}: ${counts.schema} Schema and ${counts.business} Business DataPoints`);
    return { ...result, changes: result.changes.map((c) => ({ ...c, file: this.rel(c.file) })) };
  }

  /** POST /system/initialize: the initialization, non-interactive (docs/rest-api.md). */
  initializeJob(input: InitializeJobInput): StartedJob {
    if (!input.sample && input.databases.length === 0 && this.project.config.connections.length === 0) {
      throw new HttpError(400, {
        error: 'validation_error',
        message: 'Nothing to initialize: give `databases` and/or `sample: true`.',
        field: 'databases',
        in: 'body',
      });
    }
    for (const [i, db] of input.databases.entries()) {
      const inferred = engineFromUrl(db.database_url);
      if (db.database_type && inferred && inferred !== db.database_type) {
        throw new HttpError(400, {
          error: 'validation_error',
          message: `database_type is "${db.database_type}" but the URL is a ${inferred} URL.`,
          field: `databases[${i}].database_type`,
          in: 'body',
        });
      }
    }
    return this.job(
      'initialize',
      async (progress) => {
        const { initializeProject } = await import('../services/init-service.js');
        const databases = input.databases.map((d) => ({ name: d.name, url: d.database_url }));
        return initializeProject(
          this.project,
          {
            sample: input.sample,
            databases,
            profile: input.profile,
            generate: input.generate,
            autoApprove: input.autoApprove,
            offline: input.offline,
            confineFilesToProject: true,
          },
          progress,
        );
      },
      (r) => ({
        status: r.status,
        databases_added: r.databases_added,
        datapoints_generated: r.datapoints_generated,
        pending_review: r.pending_review,
        next_step: r.next_step,
      }),
    );
  }

  private rel(file: string): string {
    return relative(this.project.paths.root, file).split(sep).join('/');
  }
}
