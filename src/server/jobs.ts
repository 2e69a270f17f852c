import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { JobStore, StoredJob } from '../knowledge/job-store.js';

export type JobKind = 'profile' | 'generate' | 'initialize' | 'sync';
/** `interrupted`: the server process stopped (crash, kill -9, restart) while the job ran. */
export type JobStatus = 'running' | 'completed' | 'failed' | 'interrupted';

/** What GET /api/v1/jobs/{id} returns. */
export interface JobView {
  job_id: string;
  kind: JobKind;
  status: JobStatus;
  progress: { message: string; steps_done: number; updated_at: string };
  created_at: string;
  finished_at: string | null;
  /** The endpoint's synchronous response (what `?wait=true` returns), once completed. */
  result?: unknown;
  /** The error response (its HTTP status included) once failed. */
  error?: Record<string, unknown> & { status: number };
}

/** The progress seam handed to a job's task: InitProgress-compatible, plus a plain callback. */
export interface JobProgress {
  step(message: string): void;
  done(message: string): void;
}

export type JobOutcome = { ok: true; result: unknown } | { ok: false; status: number; body: Record<string, unknown> };

export interface StartedJob {
  id: string;
  /** Settles when the task does; never rejects. */
  outcome: Promise<JobOutcome>;
}

/** How often (ms) a process with running jobs tells the job store it is alive. */
const HEARTBEAT_MS = 10_000;

/**
 * Registry of long-running work (profile, generate, initialize): POST answers 202 with a job id at
 * once; the task runs in the background and GET /jobs/{id} reports progress and the result. The last
 * `retain` finished jobs stay in memory; every job is also written to the job store (knowledge.db)
 * when given, so a restarted server still reports them, and reports jobs that were running when the
 * process died as `interrupted`. Store writes are queued in order and never fail a job.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, JobView>();
  private readonly running = new Set<Promise<JobOutcome>>();
  private writes: Promise<void> = Promise.resolve();
  private heartbeat: NodeJS.Timeout | undefined;
  /** `<pid>:<instance>`: who runs a job, so another process can tell it was orphaned. */
  readonly owner = `${process.pid}:${randomBytes(6).toString('hex')}`;

  constructor(
    /** Maps a task's error to its HTTP status and (redacted) body. */
    private readonly toError: (error: unknown) => { status: number; body: Record<string, unknown> },
    private readonly retain = 100,
    /** Opens the persistent job store; jobs live in memory only without it. */
    private readonly openStore?: () => Promise<JobStore>,
    /** Told when a store write fails (the job itself goes on). */
    private readonly onStoreError: (error: unknown) => void = () => undefined,
  ) {}

  /** Starts `task` now; `present` turns its result into the public response shape. */
  start<T>(kind: JobKind, task: (progress: JobProgress) => Promise<T>, present: (result: T) => unknown): StartedJob {
    const id = `job_${randomBytes(8).toString('hex')}`;
    const now = new Date().toISOString();
    const view: JobView = {
      job_id: id,
      kind,
      status: 'running',
      progress: { message: 'queued', steps_done: 0, updated_at: now },
      created_at: now,
      finished_at: null,
    };
    this.jobs.set(id, view);
    this.persist(view);
    const report = (message: string, finished: boolean): void => {
      view.progress = {
        message,
        steps_done: view.progress.steps_done + (finished ? 1 : 0),
        updated_at: new Date().toISOString(),
      };
      this.persist(view);
    };
    const progress: JobProgress = { step: (m) => report(m, false), done: (m) => report(m, true) };
    const outcome = (async (): Promise<JobOutcome> => {
      try {
        const result = present(await task(progress));
        Object.assign(view, { status: 'completed', result, finished_at: new Date().toISOString() });
        report('completed', false);
        return { ok: true, result };
      } catch (error) {
        const { status, body } = this.toError(error);
        Object.assign(view, { status: 'failed', error: { ...body, status }, finished_at: new Date().toISOString() });
        report('failed', false);
        return { ok: false, status, body };
      }
    })();
    this.running.add(outcome);
    this.startHeartbeat();
    void outcome.then(() => {
      this.running.delete(outcome);
      if (this.running.size === 0) this.stopHeartbeat();
      this.prune();
    });
    return { id, outcome };
  }

  /** A job of this process, else one from the store (another or an earlier server process). */
  async get(id: string): Promise<JobView | undefined> {
    const live = this.jobs.get(id);
    if (live || !this.openStore) return live;
    await this.writes;
    const stored = (await this.openStore()).get(id);
    return stored ? toView(stored) : undefined;
  }

  /** Resolves when every job running now has finished and its last state is stored (server shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.running]);
    await this.writes;
  }

  private persist(view: JobView): void {
    const openStore = this.openStore;
    if (!openStore) return;
    // A snapshot now: the view keeps changing while the write waits its turn.
    const snapshot: StoredJob = {
      id: view.job_id,
      kind: view.kind,
      status: view.status,
      progress: { ...view.progress },
      owner: this.owner,
      created_at: view.created_at,
      finished_at: view.finished_at,
      ...(view.result === undefined ? {} : { result: view.result }),
      ...(view.error ? { error: view.error } : {}),
    };
    this.writes = this.writes.then(async () => (await openStore()).save(snapshot)).catch(this.onStoreError);
  }

  private startHeartbeat(): void {
    const openStore = this.openStore;
    if (!openStore || this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      this.writes = this.writes.then(async () => (await openStore()).heartbeat()).catch(this.onStoreError);
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.status !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - this.retain))) this.jobs.delete(job.job_id);
  }
}

function toView(job: StoredJob): JobView {
  return {
    job_id: job.id,
    kind: job.kind as JobKind,
    status: job.status as JobStatus,
    progress: job.progress,
    created_at: job.created_at,
    finished_at: job.finished_at,
    ...(job.result === undefined ? {} : { result: job.result }),
    ...(job.error ? { error: job.error } : {}),
  };
}

/**
 * The response of an endpoint that runs as a job: 202 `{job_id, status: 'running', status_url}` (and
 * a Location header), or with `wait`, the job's synchronous result (200) or its error response.
 */
export async function replyWithJob(
  reply: FastifyReply,
  job: StartedJob,
  wait: boolean | undefined,
  prefix: string,
): Promise<unknown> {
  const statusUrl = `${prefix}/jobs/${job.id}`;
  if (!wait) {
    reply.code(202).header('location', statusUrl);
    return { job_id: job.id, status: 'running', status_url: statusUrl };
  }
  const outcome = await job.outcome;
  if (outcome.ok) return outcome.result;
  reply.code(outcome.status);
  return outcome.body;
}
