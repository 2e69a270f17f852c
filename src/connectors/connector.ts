import type { Dialect } from './dialect.js';
import type { EngineType } from './engine-type.js';
import type { PrivilegeReport } from './privilege-report.js';
import type { IntrospectOptions, SchemaMetadata } from './schema-metadata.js';

/** Defaults applied by every connector when an option is not given. */
export const DEFAULT_MAX_ROWS = 1000;
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Byte budget of one result: 16 MiB of values fetched. */
export const DEFAULT_MAX_RESULT_BYTES = 16 * 1024 * 1024;

export interface ExecuteOptions {
  /** Values bound to the dialect's placeholders (`dialect.placeholder(i)`), never interpolated by callers. */
  params?: readonly unknown[];
  /** Row cap applied while streaming; rows past it are never fetched. Default 1000. */
  maxRows?: number;
  /**
   * Byte budget applied while streaming, besides the row cap: once the values fetched add up to
   * more than this (their size as received, before long values are cut for display), fetching
   * stops and the result is truncated. The first row is always kept. Default 16 MiB.
   */
  maxBytes?: number;
  /** Statement timeout in milliseconds, enforced by the database where it can. Default 30 000. */
  timeoutMs?: number;
  /** Cancels the running statement. */
  signal?: AbortSignal;
}

export interface ResultColumn {
  name: string;
  /** Native type name where the driver reports one. */
  type?: string;
}

/** Which limit stopped a result early. */
export type ResultCap = 'rows' | 'bytes';

/**
 * A result, rows as arrays aligned with `columns` so that duplicate column names (`o.id, c.id`)
 * keep their own values. Values are as the driver decodes them, except that binary values become a
 * `<blob N bytes: 0a1b…>` text and strings over 64 KiB are cut to a prefix with a marker
 * (see result-values.ts). `rowObjects()` gives objects under unique keys for consumers that want them.
 */
export interface QueryResult {
  columns: ResultColumn[];
  rows: unknown[][];
  /** Number of rows returned (≤ maxRows). */
  rowCount: number;
  /** True when a cap stopped the result early. */
  truncated: boolean;
  /** The cap that stopped it (absent when not truncated). */
  truncatedBy?: ResultCap;
  /** Size of the values fetched, as counted against the byte budget. */
  bytes: number;
  elapsedMs: number;
}

export interface ConnectionTestResult {
  ok: boolean;
  latencyMs: number;
  serverVersion?: string;
  message?: string;
}

/**
 * One database. Every statement runs read-only by construction (read-only transaction, session or
 * connection, depending on the engine), under a timeout and a row cap. Connections are opened lazily
 * and pooled per connector; `close()` releases them.
 */
export interface Connector {
  readonly engine: EngineType;
  readonly dialect: Dialect;
  /** Opens a connection and reports latency and server version; throws ConnectionError with a hint on failure. */
  test(): Promise<ConnectionTestResult>;
  /** Tables, views, columns, keys, indexes and catalog row estimates. */
  introspect(options?: IntrospectOptions): Promise<SchemaMetadata>;
  /** Runs one read-only statement. */
  execute(sql: string, options?: ExecuteOptions): Promise<QueryResult>;
  /** What the connection's role may do beyond reading (superuser, writes, server files); advice, never a failure. */
  inspectPrivileges?(): Promise<PrivilegeReport>;
  /**
   * A hint that `execute` is coming: start what the first statement would wait for (SQLite's child process)
   * while the caller plans. Never throws; a failure shows at `execute`. Optional: most engines need nothing.
   */
  warmUp?(): void;
  close(): Promise<void>;
}

/** What a connector factory receives: the resolved (secrets applied) connection settings. */
export interface ConnectorSettings {
  /** Connection id in the project. */
  id: string;
  engine: EngineType;
  /** Connection URL with credentials resolved; absent when the engine is configured by fields. */
  url?: string;
  /** Engine-specific fields (host, project, account, keyFilename, apiEndpoint...) validated by the engine's config schema. */
  options: Record<string, unknown>;
  /** Directory that relative paths (SQLite files, key files) resolve against. */
  baseDir: string;
}
