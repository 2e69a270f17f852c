import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { SQL_PARSE_WORKER_SOURCE } from './sql-parse-worker-source.js';

/** Limits on one parse; see `DEFAULT_PARSE_BUDGET`. */
export interface ParseBudget {
  /** Wall-clock milliseconds the grammars get for one statement (all fallback grammars together). */
  timeMs: number;
  /** Old-generation heap of the parser worker, in MiB; past it the worker dies and the parse is refused. */
  memoryMb: number;
  /**
   * Parse on the calling thread, skipping the worker's start (~50 ms), when the statement is short and
   * shallow (see `IN_THREAD_LIMITS`). Only for SQL that datachat's own compiler wrote: the grammars'
   * exponential cases need deep nesting, which such SQL never has. The guard's checks are unchanged.
   */
  inThread?: boolean;
}

/** What the calling thread parses itself with `inThread`: anything longer or deeper goes to the worker. */
const IN_THREAD_LIMITS = { chars: 4000, depth: 6 };

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
  'athena',
  'bigquery',
  'db2',
  'flinksql',
  'hive',
  'mariadb',
  'mysql',
  'noql',
  'postgresql',
  'redshift',
  'snowflake',
  'sqlite',
  'transactsql',
  'trino',
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
  if (budget.inThread && shallow(sql)) return parseHere(sql, databases, started);
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
    // The budget is wall-clock: on a starved machine even ordinary SQL can outlast it. Shallow SQL cannot
    // backtrack exponentially (the premise of the in-thread path), so it is parsed here rather than refused.
    if (finished === 'timed-out' && shallow(sql)) return parseHere(sql, databases, started);
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

/** Short, with parentheses nested at most `IN_THREAD_LIMITS.depth` deep (counted on the raw text: conservative). */
function shallow(sql: string): boolean {
  if (sql.length > IN_THREAD_LIMITS.chars) return false;
  let depth = 0;
  for (const char of sql) {
    if (char === '(' && ++depth > IN_THREAD_LIMITS.depth) return false;
    if (char === ')') depth--;
  }
  return true;
}

interface SqlParser {
  parse(sql: string, options: { database: string }): { ast: unknown; tableList: unknown };
}
const hereParsers = new Map<string, SqlParser>();

/** The worker's parse, on this thread: the first grammar of `databases` that accepts `sql`. */
function parseHere(sql: string, databases: string[], started: number): BoundedParse {
  let first: string | undefined;
  for (const database of databases) {
    const build = database.toLowerCase();
    try {
      let parser = hereParsers.get(build);
      if (!parser) {
        if (!BUILDS.includes(build)) throw new Error(`unknown parser database "${build}"`);
        const { Parser } = requireBuild(`node-sql-parser/build/${build}.js`) as { Parser: new () => SqlParser };
        parser = new Parser();
        hereParsers.set(build, parser);
      }
      const parsed = parser.parse(sql, { database });
      const elapsedMs = performance.now() - started;
      return { ok: true, parsed: { ast: parsed.ast, tableList: parsed.tableList }, database, elapsedMs };
    } catch (error) {
      first ??= describeParseError(error);
    }
  }
  const elapsedMs = performance.now() - started;
  return { ok: false, message: first ?? 'no parser available', budgetExceeded: false, elapsedMs };
}

/** The worker's `describe` (sql-parse-worker-source.ts): first line, at most 200 characters, and where. */
function describeParseError(error: unknown): string {
  const e = error as { message?: string; location?: { start?: { line?: number; column?: number } } } | undefined;
  const message = String(e?.message ?? error).split('\n')[0]!;
  const short = message.length > 200 ? `${message.slice(0, 200)}…` : message;
  const start = e?.location?.start;
  return start?.line ? `${short} (line ${start.line}, column ${start.column})` : short;
}
