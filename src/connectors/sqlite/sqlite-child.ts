import { spawn, type ChildProcess } from 'node:child_process';
import { ConnectionError, QueryError } from '../../errors.js';
import { SQLITE_CHILD_SOURCE } from './sqlite-child-source.js';

/** What the child sends back for one statement. */
export interface ChildReply {
  id: number;
  ok: boolean;
  columns?: { name: string; type?: string }[];
  rows?: unknown[][];
  truncatedBy?: 'rows' | 'bytes';
  bytes?: number;
  message?: string;
  code?: string;
}

export interface ChildRequest {
  sql: string;
  params: readonly unknown[];
  maxRows: number;
  maxBytes: number;
}

/** How long a fresh child may take to open the database before it counts as failed. */
const START_TIMEOUT_MS = 15_000;

/** Children alive in this process, killed when it exits so that none keeps running a statement. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // `exit` handlers run synchronously; kill() is a plain syscall, so it still works there.
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

interface Job {
  request: ChildRequest;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  resolve(reply: ChildReply): void;
  reject(error: Error): void;
}

/**
 * One child process running one SQLite file, kept between statements. Statements run one at a time
 * (SQLite is single-threaded per connection anyway); the timeout counts from the moment a statement
 * reaches the child. On timeout or abort the child is killed with SIGKILL, which frees its core at
 * once, and the next statement starts a new one. The child never keeps this process alive.
 */
export class SqliteChild {
  private child: ChildProcess | undefined;
  private ready: Promise<ChildProcess> | undefined;
  private readonly queue: Job[] = [];
  private busy = false;
  /** Stops the statement now running (kills the child), if one is. */
  private stopRunning: ((error: QueryError) => void) | undefined;
  private nextId = 1;

  constructor(
    private readonly file: string,
    private readonly driverPath: string,
  ) {}

  /** The running child's process id (diagnostics and tests), if one is running. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  run(request: ChildRequest, timeoutMs: number, signal: AbortSignal | undefined): Promise<ChildReply> {
    return new Promise<ChildReply>((resolve, reject) => {
      const job: Job = { request, timeoutMs, signal, resolve, reject };
      const onQueuedAbort = (): void => {
        const index = this.queue.indexOf(job);
        if (index < 0) return;
        this.queue.splice(index, 1);
        reject(new QueryError('Query cancelled.'));
      };
      signal?.addEventListener('abort', onQueuedAbort, { once: true });
      job.resolve = (reply) => (signal?.removeEventListener('abort', onQueuedAbort), resolve(reply));
      job.reject = (error) => (signal?.removeEventListener('abort', onQueuedAbort), reject(error));
      this.queue.push(job);
      this.pump();
    });
  }

  /** Starts the child ahead of the first statement; a failed start is retried (and reported) by that statement. */
  warm(): void {
    this.start().catch(() => undefined);
  }

  /** Kills the child (if any) and waits until it is gone. Queued statements are refused. */
  async close(): Promise<void> {
    for (const job of this.queue.splice(0)) job.reject(new QueryError('The connection was closed.'));
    const child = this.child;
    this.stopRunning?.(new QueryError('Query cancelled: the connection was closed.'));
    this.child = undefined;
    this.ready = undefined;
    if (child) await kill(child);
  }

  private pump(): void {
    if (this.busy) return;
    const job = this.queue.shift();
    if (!job) return;
    this.busy = true;
    void this.dispatch(job).finally(() => {
      this.busy = false;
      this.pump();
    });
  }

  private async dispatch(job: Job): Promise<void> {
    let child: ChildProcess;
    try {
      child = await this.start();
    } catch (error) {
      return job.reject(error as Error);
    }
    const id = this.nextId++;
    await new Promise<void>((done) => {
      const finish = (outcome: () => void): void => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        job.signal?.removeEventListener('abort', onAbort);
        this.stopRunning = undefined;
        outcome();
        done();
      };
      const stop = (error: QueryError): void => {
        // Detach first: the statement is over for the caller even while the kill completes.
        this.forget(child);
        finish(() => job.reject(error));
        void kill(child);
      };
      const onMessage = (reply: ChildReply): void => {
        if (reply.id === id) finish(() => job.resolve(reply));
      };
      const onExit = (code: number | null, signal: string | null): void => {
        this.forget(child);
        const how = signal ?? `exit ${code}`;
        finish(() => job.reject(new QueryError(`The SQLite process ended unexpectedly (${how}).`)));
      };
      const onAbort = (): void => stop(new QueryError('Query cancelled.'));
      const timedOut = (): QueryError =>
        new QueryError(`Query timed out after ${job.timeoutMs} ms and was cancelled.`, {
          hint: 'Narrow the question or raise the timeout.',
        });
      const timer = setTimeout(() => stop(timedOut()), job.timeoutMs);
      if (job.signal?.aborted) return finish(() => job.reject(new QueryError('Query cancelled.')));
      child.on('message', onMessage);
      child.on('exit', onExit);
      job.signal?.addEventListener('abort', onAbort, { once: true });
      this.stopRunning = stop;
      child.send({ id, ...job.request });
    });
  }

  private forget(child: ChildProcess): void {
    if (this.child !== child) return;
    this.child = undefined;
    this.ready = undefined;
  }

  private start(): Promise<ChildProcess> {
    this.ready ??= this.spawnChild();
    const pending = this.ready;
    pending.catch(() => {
      if (this.ready === pending) this.ready = undefined;
    });
    return pending;
  }

  private spawnChild(): Promise<ChildProcess> {
    installExitHook();
    // NODE_OPTIONS could carry a test runner's loader hooks: the child needs none of them.
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, ['-e', SQLITE_CHILD_SOURCE, this.file, this.driverPath], {
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      serialization: 'advanced',
      env,
    });
    this.child = child;
    live.add(child);
    child.once('exit', () => live.delete(child));
    // A send to a child that just died reports here; its 'exit' handler does the rest.
    child.on('error', () => undefined);
    // Idle between statements, the child must not keep this process alive; a running statement's
    // timer does.
    child.unref();
    child.channel?.unref();
    return new Promise<ChildProcess>((resolve, reject) => {
      const fail = (message: string, cause?: unknown): void => {
        clearTimeout(timer);
        child.off('message', onMessage);
        this.forget(child);
        void kill(child);
        const error = new ConnectionError(
          `Cannot open SQLite database ${this.file}: ${message}`,
          cause ? { cause } : undefined,
        );
        reject(error);
      };
      const onMessage = (message: { ready?: boolean; message?: string }): void => {
        if (message.ready === undefined) return;
        if (!message.ready) {
          fail(message.message ?? 'unknown error');
          return;
        }
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('error', onError);
        resolve(child);
      };
      const onError = (error: Error): void => fail(error.message, error);
      const noAnswer = `no answer from the SQLite process within ${START_TIMEOUT_MS} ms`;
      const timer = setTimeout(() => fail(noAnswer), START_TIMEOUT_MS);
      child.on('message', onMessage);
      child.once('error', onError);
      child.once('exit', (code, signal) => fail(`the SQLite process ended (${signal ?? `exit ${code}`})`));
    });
  }
}

/** SIGKILL, resolved once the process is gone (its core is free then). */
function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    // Idle children are unref'd: without this, a process with nothing else to do would end before
    // the exit event, leaving whoever awaits this promise unsettled.
    child.ref();
    child.kill('SIGKILL');
  });
}
