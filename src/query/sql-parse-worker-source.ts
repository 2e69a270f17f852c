/**
 * Source of the worker thread that runs node-sql-parser for the SQL guard. Some inputs make the PEG
 * grammars backtrack exponentially (`SELECT ((((((((((((1`: seconds of CPU, gigabytes, then V8 aborts the
 * whole process), so parsing happens here, under resource limits, where the guard can give up on it.
 * Kept as an eval'd CommonJS string so it runs the same from `src/` (tests) and `dist/` (the CLI).
 *
 * Protocol: `state` is an Int32Array over a SharedArrayBuffer; the worker stores 1 in state[0] once it has
 * loaded the grammars and starts parsing, 2 when the reply is posted on `port`; both are notified so the
 * main thread can wait synchronously (Atomics.wait) with a deadline.
 */
export const SQL_PARSE_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const state = new Int32Array(workerData.state);
const port = workerData.port;
const parsers = new Map();
function parserFor(build) {
  let parser = parsers.get(build);
  if (!parser) {
    const path = workerData.builds[build];
    if (!path) throw new Error('unknown parser database "' + build + '"');
    parser = new (require(path).Parser)();
    parsers.set(build, parser);
  }
  return parser;
}
function describe(error) {
  const message = String((error && error.message) || error).split('\\n')[0];
  const start = error && error.location && error.location.start;
  const short = message.length > 200 ? message.slice(0, 200) + '…' : message;
  return start && start.line ? short + ' (line ' + start.line + ', column ' + start.column + ')' : short;
}
port.on('message', (msg) => {
  let reply;
  try {
    for (const database of msg.databases) parserFor(database.toLowerCase());
  } catch (error) {
    reply = { ok: false, message: describe(error), elapsedMs: 0 };
  }
  Atomics.store(state, 0, 1);
  Atomics.notify(state, 0);
  const started = performance.now();
  if (!reply) {
    let first;
    for (const database of msg.databases) {
      try {
        const parsed = parserFor(database.toLowerCase()).parse(msg.sql, { database });
        reply = { ok: true, parsed: { ast: parsed.ast, tableList: parsed.tableList }, database };
        break;
      } catch (error) {
        if (first === undefined) first = describe(error);
      }
    }
    reply = reply || { ok: false, message: first || 'no parser available' };
    reply.elapsedMs = performance.now() - started;
  }
  port.postMessage(reply);
  Atomics.store(state, 0, 2);
  Atomics.notify(state, 0);
});
parentPort.postMessage('ready');
`;
