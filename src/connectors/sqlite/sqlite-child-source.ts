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
 * or `{ ready: false, message }`, then answers each `{ id, sql, params, maxRows, maxBytes }` with
 * `{ id, ok, columns, rows, truncatedBy, bytes }` or `{ id, ok: false, message, code }`.
 */
export const SQLITE_CHILD_SOURCE = `
'use strict';
const [file, driverPath] = process.argv.slice(1);
// Never outlive the parent: a SIGKILLed parent cannot kill us, and our main thread may be stuck in
// sqlite3_step, so a thread of our own watches for the re-parenting and ends the process.
const { Worker } = require('node:worker_threads');
new Worker(
  'const ppid = ' + process.ppid + ';' +
    'setInterval(() => { if (process.ppid !== ppid) process.kill(process.pid, "SIGKILL"); }, 500);',
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
// Mirrors result-values.ts and result-collector.ts (this source cannot import them): rows as
// arrays, blobs described, long strings cut, the row cap and the byte budget applied per row.
const MAX_VALUE_CHARS = 65536;
const BLOB_PREFIX_BYTES = 16;
const present = (v) => {
  if (typeof v === 'string') {
    return v.length > MAX_VALUE_CHARS ? v.slice(0, MAX_VALUE_CHARS) + '…[cut: ' + v.length + ' chars]' : v;
  }
  if (Buffer.isBuffer(v)) {
    if (v.length === 0) return '<blob 0 bytes>';
    const head = v.subarray(0, BLOB_PREFIX_BYTES).toString('hex');
    return '<blob ' + v.length + ' bytes: ' + head + (v.length > BLOB_PREFIX_BYTES ? '…' : '') + '>';
  }
  return v;
};
const size = (v) => (v === null || v === undefined ? 1 : typeof v === 'string' || Buffer.isBuffer(v) ? v.length : 8);
process.on('message', (msg) => {
  try {
    const stmt = db.prepare(msg.sql);
    if (!stmt.reader) {
      const message = 'Only statements that return rows can run here.';
      throw Object.assign(new Error(message), { code: 'SQLITE_READONLY_STATEMENT' });
    }
    stmt.raw(true);
    const columns = stmt.columns().map((c) => ({ name: c.name, type: c.type || undefined }));
    const rows = [];
    let bytes = 0;
    let truncatedBy;
    for (const row of stmt.iterate(...(msg.params || []))) {
      if (rows.length >= msg.maxRows) { truncatedBy = 'rows'; break; }
      let rowBytes = 0;
      for (const v of row) rowBytes += size(v);
      if (bytes + rowBytes > msg.maxBytes && rows.length > 0) { truncatedBy = 'bytes'; break; }
      bytes += rowBytes;
      rows.push(row.map(present));
      if (bytes >= msg.maxBytes) { truncatedBy = 'bytes'; break; }
    }
    process.send({ id: msg.id, ok: true, columns, rows, truncatedBy, bytes });
  } catch (error) {
    const message = String((error && error.message) || error);
    process.send({ id: msg.id, ok: false, message, code: error && error.code });
  }
});
`;
