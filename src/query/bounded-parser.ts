import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { SQL_PARSE_WORKER_SOURCE } from './sql-parse-worker-source.js';

/** Limits on one parse; see `DEFAULT_PARSE_BUDGET`. */
export interface ParseBudget {
  /** Wall-clock milliseconds the grammars get for one statement (all fallback grammars together). */
  timeMs: number;
  /** Old-generation heap of the parser worker, in MiB; past it the worker dies and the parse is refused. */
  memoryMb: number;
}

/**
 * Ordinary queries parse in 1-5 ms (p99 under 20 ms on a loaded machine); a grammar that backtracks
 * exponentially is stopped after 2 s and 256 MiB instead of the 15 s and ~2 GB that end in a V8 abort.
 */
export const DEFAULT_PARSE_BUDGET: ParseBudget = { timeMs: 2000, memoryMb: 256 };

/** How long a fresh worker may take to start and load its grammars (not counted in the parse budget). */
const BOOT_MS = 15_000;

export type BoundedParse =
  | { ok: true; parsed: { ast: unknown; tableList: unknown }; database: string; elapsedMs: number }
  | { ok: false; message: string; budgetExceeded: boolean; elapsedMs: number };

const BUILDS = [
  'athena', 'bigquery', 'db2', 'flinksql', 'hive', 'mariadb', 'mysql', 'noql', 'postgresql', 'redshift', 'snowflake',
  'sqlite', 'transactsql', 'trino',
];
const requireBuild = createRequire(import.meta.url);
let buildPaths: Record<string, string> | undefined;

interface ParserWorker {
  worker: Worker;
  state: Int32Array;
  port: MessagePort;
  memoryMb: number;
}
let current: ParserWorker | undefined;

function start(memoryMb: number): ParserWorker {
  buildPaths ??= Object.fromEntries(BUILDS.map((b) => [b, requireBuild.resolve(`node-sql-parser/build/${b}.js`)]));
  const state = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(SQL_PARSE_WORKER_SOURCE, {
    eval: true,
    workerData: { state: state.buffer, port: port2, builds: buildPaths },
    transferList: [port2],
    resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
  });
  // The worker must never keep the CLI alive, and its death (out of memory) must never reach the process.
  worker.unref();
  port1.unref();
  worker.on('error', () => undefined);
  worker.on('exit', () => {
    if (current?.worker === worker) current = undefined;
  });
  return { worker, state, port: port1, memoryMb };
}

function stop(handle: ParserWorker): void {
  if (current === handle) current = undefined;
  handle.port.close();
  void handle.worker.terminate().catch(() => undefined);
}

/**
 * Parses `sql` with the first of `databases` (node-sql-parser names) whose grammar accepts it, in a
 * persistent worker thread, synchronously (Atomics.wait): the guard stays a plain function. Past the time
 * or memory budget the worker is terminated (a fresh one starts on the next call) and the parse refused.
 */
export function parseBounded(
  sql: string,
  databases: string[],
  budget: ParseBudget = DEFAULT_PARSE_BUDGET,
): BoundedParse {
  const started = performance.now();
  if (current && current.memoryMb !== budget.memoryMb) stop(current);
  const handle = (current ??= start(budget.memoryMb));
  Atomics.store(handle.state, 0, 0);
  handle.port.postMessage({ sql, databases });
  const booted = Atomics.wait(handle.state, 0, 0, BOOT_MS);
  if (booted === 'timed-out') {
    stop(handle);
    const elapsedMs = performance.now() - started;
    return { ok: false, message: 'the SQL parser did not start', budgetExceeded: true, elapsedMs };
  }
  const finished = Atomics.wait(handle.state, 0, 1, budget.timeMs);
  const reply =
    finished === 'timed-out' ? undefined : (receiveMessageOnPort(handle.port)?.message as Reply | undefined);
  if (!reply) {
    stop(handle);
    return {
      ok: false,
      message: `parsing took longer than ${budget.timeMs} ms or more than ${budget.memoryMb} MiB`,
      budgetExceeded: true,
      elapsedMs: performance.now() - started,
    };
  }
  const elapsedMs = performance.now() - started;
  return reply.ok
    ? { ok: true, parsed: reply.parsed, database: reply.database, elapsedMs }
    : { ok: false, message: reply.message, budgetExceeded: false, elapsedMs };
}

type Reply =
  | { ok: true; parsed: { ast: unknown; tableList: unknown }; database: string }
  | { ok: false; message: string };
