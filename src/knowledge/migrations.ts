import type Database from 'better-sqlite3';

/**
 * Schema migrations of knowledge.db, keyed by `PRAGMA user_version`. Append only: migration N brings
 * a database from version N-1 to N. The vector table is created separately because its width
 * depends on the configured embedder (see KnowledgeStore.ensureVectors).
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE datapoints (
    rowid INTEGER PRIMARY KEY,
    connection TEXT NOT NULL,
    id TEXT NOT NULL,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    file TEXT NOT NULL,
    hash TEXT NOT NULL,
    json TEXT NOT NULL,
    UNIQUE (connection, id)
  );
  CREATE INDEX datapoints_file ON datapoints(file);
  CREATE VIRTUAL TABLE datapoints_fts USING fts5(name, body, tokenize = 'porter unicode61');
  CREATE TABLE edges (
    datapoint_rowid INTEGER NOT NULL REFERENCES datapoints(rowid) ON DELETE CASCADE,
    connection TEXT NOT NULL,
    src TEXT NOT NULL,
    dst TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('column_of','joins','measures','depends_on','synonym')),
    weight REAL NOT NULL DEFAULT 1,
    src_columns TEXT,
    dst_columns TEXT
  );
  CREATE INDEX edges_src ON edges(connection, src);
  CREATE INDEX edges_dst ON edges(connection, dst);
  CREATE VIRTUAL TABLE column_values USING fts5(value, connection UNINDEXED, table_name UNINDEXED, column_name UNINDEXED, datapoint_rowid UNINDEXED, tokenize = 'unicode61');
  CREATE TABLE files (
    path TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ms REAL NOT NULL
  );
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    connection TEXT
  );
  CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('user','assistant')),
    content TEXT NOT NULL,
    sql TEXT,
    connection TEXT,
    created_at TEXT NOT NULL
  );
  CREATE INDEX messages_conversation ON messages(conversation_id, id);
  `,
  // 2: one routing document per connection (see KnowledgeStore.refreshConnectionDocuments).
  `
  CREATE VIRTUAL TABLE connections_fts USING fts5(connection UNINDEXED, body, tokenize = 'porter unicode61');
  INSERT INTO connections_fts(connection, body)
    SELECT d.connection, group_concat(f.name || ' ' || f.body, ' ') FROM datapoints_fts f JOIN datapoints d ON d.rowid = f.rowid GROUP BY d.connection;
  `,
  // 3: the server's background jobs (see JobStore), so GET /jobs/{id} survives a restart.
  `
  CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    progress TEXT NOT NULL,
    result TEXT,
    error TEXT,
    owner TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    heartbeat_at TEXT NOT NULL,
    finished_at TEXT
  );
  CREATE INDEX jobs_finished ON jobs(status, finished_at);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Applies pending migrations in one transaction each. Refuses a database newer than this build. */
export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `knowledge.db has schema version ${current}, newer than this datachat (${SCHEMA_VERSION}); upgrade datachat or delete .datachat/knowledge.db and run \`datachat sync\`.`,
    );
  }
  for (let version = current; version < SCHEMA_VERSION; version++) {
    // IMMEDIATE, and the version read again inside: another process may have migrated meanwhile.
    db.transaction(() => {
      const now = db.pragma('user_version', { simple: true }) as number;
      if (now !== version) return;
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}
