/**
 * Source of the child process that runs SQLite statements. better-sqlite3 is synchronous, and the
 * bundled SQLite lacks the progress callback, so a runaway `sqlite3_step` can only be stopped by
 * ending the process that runs it: a worker thread cannot be terminated while it is inside native
 * code. The connector kills this process (SIGKILL) on timeout or abort and starts another for the
 * next statement.
 *
 * Kept as a CommonJS string run with `node -e` so it runs the same from `src/` (tests) and `dist/`
 * (the CLI). The connection is read-only twice over: opened `readonly` and with `PRAGMA query_only`.
 * argv: [file, driverPath]. Protocol over the IPC channel: the child first sends `{ ready: true }`
 * or `{ ready: false, message }`, then answers each `{ id, sql, params, maxRows }` with
 * `{ id, ok, columns, rows, truncated }` or `{ id, ok: false, message, code }`.
 */
export const SQLITE_CHILD_SOURCE = `
'use strict';
const [file, driverPath] = process.argv.slice(1);
// Never outlive the parent: a SIGKILLed parent cannot kill us, and our main thread may be stuck in
// sqlite3_step, so a thread of our own watches for the re-parenting and ends the process.
const { Worker } = require('node:worker_threads');
new Worker(
  'const ppid = ' + process.ppid + '; setInterval(() => { if (process.ppid !== ppid) process.kill(process.pid, "SIGKILL"); }, 500);',
  { eval: true },
).unref();
process.on('disconnect', () => process.exit(0));
let db;
try {
  const Database = require(driverPath);
  db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('query_only = 1');
  db.defaultSafeIntegers(false);
  process.send({ ready: true });
} catch (error) {
  process.send({ ready: false, message: String((error && error.message) || error) });
}
process.on('message', (msg) => {
  try {
    const stmt = db.prepare(msg.sql);
    if (!stmt.reader) {
      throw Object.assign(new Error('Only statements that return rows can run here.'), { code: 'SQLITE_READONLY_STATEMENT' });
    }
    const columns = stmt.columns().map((c) => ({ name: c.name, type: c.type || undefined }));
    const rows = [];
    let truncated = false;
    for (const row of stmt.iterate(...(msg.params || []))) {
      if (rows.length >= msg.maxRows) { truncated = true; break; }
      rows.push(row);
    }
    process.send({ id: msg.id, ok: true, columns, rows, truncated });
  } catch (error) {
    process.send({ id: msg.id, ok: false, message: String((error && error.message) || error), code: error && error.code });
  }
});
`;
