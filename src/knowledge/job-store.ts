import type { KnowledgeStore } from './knowledge-store.js';

/** One background job as kept in knowledge.db. JSON columns are parsed. */
export interface StoredJob {
  id: string;
  kind: string;
  /** `running`, `completed`, `failed`, or `interrupted` (its process died while it ran). */
  status: string;
  progress: { message: string; steps_done: number; updated_at: string };
  result?: unknown;
  error?: Record<string, unknown> & { status: number };
  /** `<pid>:<instance>` of the process running it. */
  owner: string;
  created_at: string;
  finished_at: string | null;
}

export interface JobStoreOptions {
  /** This process's owner string (`<pid>:<instance>`). */
  owner: string;
  /** A running job whose owner has not written for this long (ms) is interrupted. Default 60 s. */
  staleAfterMs?: number;
  /** Whether a process id is alive (a seam for tests). */
  isAlive?: (pid: number) => boolean;
}

/** Finished jobs kept; older ones are deleted as new ones finish. */
const RETAIN_FINISHED = 1000;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Jobs in knowledge.db (migration 3), so a restarted server still answers GET /jobs/{id}. A job that
 * was running when its process died is reported as `interrupted`: its owner's pid is gone, or is this
 * very process (a container restart reuses pid 1), or it stopped heart-beating.
 */
export class JobStore {
  private readonly staleAfterMs: number;
  private readonly isAlive: (pid: number) => boolean;

  constructor(
    private readonly store: KnowledgeStore,
    private readonly options: JobStoreOptions,
  ) {
    this.staleAfterMs = options.staleAfterMs ?? 60_000;
    this.isAlive = options.isAlive ?? pidAlive;
  }

  save(job: StoredJob, now = new Date()): void {
    const stamp = now.toISOString();
    const upsert = this.store.db.prepare(
      `INSERT INTO jobs(id, kind, status, progress, result, error, owner, created_at, updated_at, heartbeat_at,
         finished_at)
       VALUES (@id, @kind, @status, @progress, @result, @error, @owner, @created_at, @stamp, @stamp, @finished_at)
       ON CONFLICT(id) DO UPDATE SET status = excluded.status, progress = excluded.progress,
         result = excluded.result, error = excluded.error, updated_at = excluded.updated_at,
         heartbeat_at = excluded.heartbeat_at, finished_at = excluded.finished_at`,
    );
    const row = {
      id: job.id,
      kind: job.kind,
      status: job.status,
      progress: JSON.stringify(job.progress),
      result: job.result === undefined ? null : JSON.stringify(job.result),
      error: job.error === undefined ? null : JSON.stringify(job.error),
      owner: job.owner,
      created_at: job.created_at,
      stamp,
      finished_at: job.finished_at,
    };
    this.store.write(() => {
      upsert.run(row);
      if (job.status !== 'running') this.prune();
    });
  }

  /** Marks this process's running jobs as alive (call every few seconds while any runs). */
  heartbeat(now = new Date()): void {
    const stmt = this.store.db.prepare(`UPDATE jobs SET heartbeat_at = ? WHERE owner = ? AND status = 'running'`);
    this.store.write(() => stmt.run(now.toISOString(), this.options.owner));
  }

  /** The job, with a dead owner's running job turned into `interrupted` (and stored so). */
  get(id: string, now = new Date()): StoredJob | undefined {
    const row = this.store.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    if (!row) return undefined;
    const job = fromRow(row);
    if (job.status === 'running' && this.orphaned(row, now)) {
      const stamp = now.toISOString();
      job.status = 'interrupted';
      job.finished_at = stamp;
      const message = 'interrupted: the server stopped while this job ran';
      job.progress = { ...job.progress, message, updated_at: stamp };
      job.error = {
        error: 'job_interrupted',
        message: 'The server process stopped before this job finished.',
        hint: 'Start the job again.',
        status: 500,
      };
      const stmt = this.store.db.prepare(
        `UPDATE jobs SET status = 'interrupted', progress = ?, error = ?, finished_at = ?, updated_at = ?
         WHERE id = ? AND status = 'running'`,
      );
      this.store.write(() => stmt.run(JSON.stringify(job.progress), JSON.stringify(job.error), stamp, stamp, id));
    }
    return job;
  }

  private orphaned(row: JobRow, now: Date): boolean {
    if (row.owner === this.options.owner) return false;
    const pid = Number(row.owner.split(':')[0]);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !this.isAlive(pid)) return true;
    return now.getTime() - Date.parse(row.heartbeat_at) > this.staleAfterMs;
  }

  private prune(): void {
    this.store.db
      .prepare(
        `DELETE FROM jobs WHERE status != 'running'
         AND id NOT IN (SELECT id FROM jobs WHERE status != 'running' ORDER BY finished_at DESC LIMIT ?)`,
      )
      .run(RETAIN_FINISHED);
  }
}

interface JobRow {
  id: string;
  kind: string;
  status: string;
  progress: string;
  result: string | null;
  error: string | null;
  owner: string;
  created_at: string;
  heartbeat_at: string;
  finished_at: string | null;
}

function fromRow(row: JobRow): StoredJob {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    progress: JSON.parse(row.progress) as StoredJob['progress'],
    ...(row.result === null ? {} : { result: JSON.parse(row.result) as unknown }),
    ...(row.error === null ? {} : { error: JSON.parse(row.error) as StoredJob['error'] }),
    owner: row.owner,
    created_at: row.created_at,
    finished_at: row.finished_at,
  };
}
