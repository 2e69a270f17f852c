/**
 * Source of the worker thread that runs SQLite statements. better-sqlite3 is synchronous and cannot
 * be interrupted from its own thread, so statements run in a worker that the connector terminates
 * on timeout or cancellation. Kept as an eval'd CommonJS string so it runs the same from `src/`
 * (tests) and `dist/` (the CLI). The connection is read-only twice over: opened `readonly` and with
 * `PRAGMA query_only`.
 */
export const SQLITE_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('query_only = 1');
db.defaultSafeIntegers(false);
parentPort.on('message', (msg) => {
  try {
    const stmt = db.prepare(msg.sql);
    if (!stmt.reader) throw Object.assign(new Error('Only statements that return rows can run here.'), { code: 'SQLITE_READONLY_STATEMENT' });
    const columns = stmt.columns().map((c) => ({ name: c.name, type: c.type || undefined }));
    const rows = [];
    let truncated = false;
    for (const row of stmt.iterate(...(msg.params || []))) {
      if (rows.length >= msg.maxRows) { truncated = true; break; }
      rows.push(row);
    }
    parentPort.postMessage({ id: msg.id, ok: true, columns, rows, truncated });
  } catch (error) {
    parentPort.postMessage({ id: msg.id, ok: false, message: String(error && error.message || error), code: error && error.code });
  }
});
`;
