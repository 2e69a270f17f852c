import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';

export type JobKind = 'profile' | 'generate' | 'initialize' | 'sync';
export type JobStatus = 'running' | 'completed' | 'failed';

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

/**
 * In-memory registry of long-running work (profile, generate, initialize): POST answers 202 with a
 * job id at once; the task runs in the background and GET /jobs/{id} reports progress and the
 * result. Keeps the last `retain` finished jobs; running jobs are never dropped. Jobs do not survive
 * a restart (the work they did — files, index — does).
 */
export class JobRegistry {
  private readonly jobs = new Map<string, JobView>();
  private readonly running = new Set<Promise<JobOutcome>>();

  constructor(
    /** Maps a task's error to its HTTP status and (redacted) body. */
    private readonly toError: (error: unknown) => { status: number; body: Record<string, unknown> },
    private readonly retain = 100,
  ) {}

  /** Starts `task` now; `present` turns its result into the public response shape. */
  start<T>(kind: JobKind, task: (progress: JobProgress) => Promise<T>, present: (result: T) => unknown): StartedJob {
    const id = `job_${randomBytes(8).toString('hex')}`;
    const now = new Date().toISOString();
    const view: JobView = { job_id: id, kind, status: 'running', progress: { message: 'queued', steps_done: 0, updated_at: now }, created_at: now, finished_at: null };
    this.jobs.set(id, view);
    const report = (message: string, finished: boolean): void => {
      view.progress = { message, steps_done: view.progress.steps_done + (finished ? 1 : 0), updated_at: new Date().toISOString() };
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
    void outcome.then(() => {
      this.running.delete(outcome);
      this.prune();
    });
    return { id, outcome };
  }

  get(id: string): JobView | undefined {
    return this.jobs.get(id);
  }

  /** Resolves when every job running now has finished (server shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.running]);
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.status !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - this.retain))) this.jobs.delete(job.job_id);
  }
}

/**
 * The response of an endpoint that runs as a job: 202 `{job_id, status: 'running', status_url}` (and
 * a Location header), or with `wait`, the job's synchronous result (200) or its error response.
 */
export async function replyWithJob(reply: FastifyReply, job: StartedJob, wait: boolean | undefined, prefix: string): Promise<unknown> {
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
