import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import type { ConnectionConfig, ProjectConfig } from '../config/config-schema.js';
import { loadConfig } from '../config/load-config.js';
import { findProjectRoot, projectPaths, type ProjectPaths } from '../config/project-paths.js';
import { SecretStore } from '../config/secret-store.js';
import { passwordParamToUserinfo } from '../config/url-secrets.js';
import type { Connector, ConnectorSettings } from '../connectors/connector.js';
import { NotFoundError, NotInitializedError } from '../errors.js';
import type { Embedder } from '../knowledge/embedder.js';
import type { KnowledgeIndexer } from '../knowledge/knowledge-indexer.js';
import type { KnowledgeStore } from '../knowledge/knowledge-store.js';
import { AnswerCache } from '../query/answer-cache.js';
import { sweepStaleTempFiles } from '../util/atomic-write.js';

export interface ProjectContextOptions {
  /** Explicit project folder (`--dir`); else the nearest folder with .datachat.yml above `cwd`. */
  dir?: string;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * Everything a command or route needs about one project folder: paths, validated config, secrets,
 * and lazily opened knowledge store and connectors. The only place services get configuration from
 * (they never read process.env themselves).
 */
export class ProjectContext {
  readonly paths: ProjectPaths;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly secrets: SecretStore;
  config: ProjectConfig;
  configExists: boolean;
  private storeInstance: KnowledgeStore | undefined;
  private embedderInstance: Embedder | undefined;
  /** Open connectors, each with the fingerprint of the settings (secrets resolved) it was made from. */
  private readonly connectors = new Map<string, { connector: Connector; fingerprint: string }>();
  private answerCacheInstance: AnswerCache | undefined;
  /** Inode, size and times of .datachat.yml and the secret store when last read (see statConfig). */
  private configSignature: string;

  private constructor(paths: ProjectPaths, env: Readonly<Record<string, string | undefined>>) {
    this.paths = paths;
    this.env = env;
    this.secrets = new SecretStore(paths.secretsFile, env);
    this.configSignature = this.statConfig();
    const loaded = loadConfig(paths, env);
    this.config = loaded.config;
    this.configExists = loaded.exists;
  }

  static load(options: ProjectContextOptions): ProjectContext {
    const root = options.dir ? projectPaths(options.dir).root : findProjectRoot(options.cwd);
    const paths = projectPaths(root);
    // Temp files of writers killed mid-write (kill -9) go at the next start (only in a project).
    if (existsSync(paths.stateDir) || existsSync(paths.configFile)) {
      sweepStaleTempFiles(paths.stateDir, { trees: [paths.datapointsDir, paths.pendingDir], folders: [paths.root] });
    }
    return new ProjectContext(paths, options.env);
  }

  /** Re-reads .datachat.yml after a command changed it. */
  reload(): void {
    // Stat before reading: a write landing in between leaves an older signature, so the next check reloads again.
    this.configSignature = this.statConfig();
    const loaded = loadConfig(this.paths, this.env);
    this.config = loaded.config;
    this.configExists = loaded.exists;
    this.answerCacheInstance = undefined;
    // DataPoints of a new connection may already be on disk: check the index on the next read.
    this.lastFreshCheck = 0;
    // A removed or edited connection (its YAML or its stored secret) must not keep answering through
    // its old connector: it is closed, and the next use creates one from the new settings.
    for (const [id, { connector, fingerprint }] of this.connectors) {
      const connection = this.config.connections.find((c) => c.id === id);
      if (connection && this.settingsFingerprint(connection) === fingerprint) continue;
      this.connectors.delete(id);
      void connector.close().catch(() => undefined);
    }
  }

  /** What a connector is made from, secrets resolved, as a digest (so no secret is kept in memory twice). */
  private settingsFingerprint(connection: ConnectionConfig): string {
    try {
      return createHash('sha256')
        .update(JSON.stringify(this.connectorSettings(connection)))
        .digest('hex');
    } catch {
      // A secret that cannot be resolved now: never equal, so the connector is recreated (and fails clearly).
      return `unresolved:${Math.random()}`;
    }
  }

  /**
   * Re-reads .datachat.yml when it changed on disk since this context last read it (a CLI command,
   * an editor or `git pull` in another process). One stat when nothing changed. Returns true when
   * reloaded; throws the ConfigError of an invalid file (the previous config stays in force).
   */
  reloadIfChanged(): boolean {
    if (this.statConfig() === this.configSignature) return false;
    const previous = this.configSignature;
    try {
      this.reload();
    } catch (error) {
      this.configSignature = previous;
      throw error;
    }
    return true;
  }

  /**
   * .datachat.yml and the secret store it references (`db add` may change only the latter). Inode
   * too: atomic writes (write a temp file, rename) can keep size and even mtime.
   */
  private statConfig(): string {
    const signature = (file: string): string => {
      try {
        const st = statSync(file);
        return `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
      } catch {
        return 'absent';
      }
    };
    return `${signature(this.paths.configFile)}|${signature(this.paths.secretsFile)}`;
  }

  /** The default connection: the one marked `default: true`, else the first. */
  defaultConnection(): ConnectionConfig | undefined {
    return this.config.connections.find((c) => c.default) ?? this.config.connections[0];
  }

  /** Throws the not-initialized error with what to run (exit 3, docs/cli-contract.md) when there is no project here at all. */
  requireProject(): void {
    if (this.configExists || this.config.connections.length > 0) return;
    throw new NotInitializedError(
      `No datachat project in ${this.paths.root} (no .datachat.yml here or in a parent folder).`,
      ['add_database_connection', 'profile_schema', 'generate_datapoints'],
      {
        hint: 'Create one with `datachat init --sample` (the embedded sample database) or `datachat init --db NAME=URL`, or pass --dir <project>.',
      },
    );
  }

  /** A connection by id, or the default one when `id` is undefined. */
  connection(id?: string): ConnectionConfig {
    if (this.config.connections.length === 0) {
      this.requireProject();
      throw new NotInitializedError('No database is configured in this project.', ['add_database_connection'], {
        hint: 'Add one with `datachat db add <name> <url>`, or create the sample project with `datachat init --sample`.',
      });
    }
    if (id === undefined) {
      const fallback = this.defaultConnection();
      if (!fallback) {
        throw new NotInitializedError('No database is configured in this project.', ['add_database_connection'], {
          hint: 'Add one with `datachat db add <name> <url>`, or create the sample project with `datachat init --sample`.',
        });
      }
      return fallback;
    }
    const found = this.config.connections.find((c) => c.id === id);
    if (!found) {
      const known = this.config.connections.map((c) => c.id);
      throw new NotFoundError(`Unknown connection "${id}".`, {
        hint: known.length ? `Known connections: ${known.join(', ')}.` : 'Add one with `datachat db add <name> <url>`.',
      });
    }
    return found;
  }

  /** Resolved settings (secrets applied) for a connector; never logged or returned to clients. */
  connectorSettings(connection: ConnectionConfig): ConnectorSettings {
    const resolve = (value: unknown): unknown => (typeof value === 'string' ? this.secrets.resolve(value) : value);
    const options = Object.fromEntries(Object.entries(connection.fields ?? {}).map(([k, v]) => [k, resolve(v)]));
    // A hand-written `?password=` reaches every driver through the userinfo (mysql2 ignores the query one).
    let url = connection.url
      ? passwordParamToUserinfo(this.secrets.resolve(connection.url), connection.type)
      : undefined;
    // An empty password (e.g. `${PW:-}`) means none.
    const password = connection.password ? this.secrets.resolve(connection.password) : undefined;
    if (password !== undefined) {
      if (url && /^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
        const parsed = new URL(url);
        parsed.password = encodeURIComponent(password);
        url = parsed.toString();
      } else options.password = password;
    }
    return { id: connection.id, engine: connection.type, ...(url ? { url } : {}), options, baseDir: this.paths.root };
  }

  /** Secret values of this project, for redaction of messages. */
  knownSecrets(): string[] {
    const out: string[] = [];
    for (const c of this.config.connections) {
      try {
        const s = this.connectorSettings(c);
        if (s.url) {
          const m = /^[a-z][a-z0-9+.-]*:\/\/[^:/@]*:([^@/]+)@/i.exec(s.url);
          if (m) out.push(decodeURIComponent(m[1]!), m[1]!);
        }
        for (const [k, v] of Object.entries(s.options))
          if (typeof v === 'string' && /pass|secret|key|token|credential/i.test(k)) out.push(v);
      } catch {
        // A missing secret is reported when the connection is used.
      }
    }
    out.push(...this.secrets.values());
    return out;
  }

  /** A connector for a connection (cached; closed by close()). */
  async connector(id?: string): Promise<Connector> {
    const connection = this.connection(id);
    const cached = this.connectors.get(connection.id);
    if (cached) return cached.connector;
    const { createConnector } = await import('../connectors/registry.js');
    const fingerprint = this.settingsFingerprint(connection);
    const connector = await createConnector(this.connectorSettings(connection));
    this.connectors.set(connection.id, { connector, fingerprint });
    return connector;
  }

  /** Answers of deterministic paths reused within `defaults.answer_cache_seconds` (see AnswerCache). */
  get answerCache(): AnswerCache {
    this.answerCacheInstance ??= new AnswerCache(this.config.defaults.answer_cache_seconds * 1000);
    return this.answerCacheInstance;
  }

  async store(): Promise<KnowledgeStore> {
    if (!this.storeInstance) {
      const { KnowledgeStore } = await import('../knowledge/knowledge-store.js');
      this.storeInstance = KnowledgeStore.open(this.paths.knowledgeDb);
    }
    return this.storeInstance;
  }

  async embedder(): Promise<Embedder> {
    if (!this.embedderInstance) {
      const { createEmbedder } = await import('../llm/create-embedder.js');
      this.embedderInstance = await createEmbedder(this.config.embeddings, this.config.llm);
    }
    return this.embedderInstance;
  }

  /**
   * How long (ms) a check that the index matches the YAML files stays good. 0 (the CLI) checks on
   * every call; a server sets a second or so, since a check stats every DataPoint file.
   */
  freshnessIntervalMs = 0;
  private lastFreshCheck = 0;

  private freshCheck: Promise<void> | undefined;

  /**
   * Auto-sync: syncs when YAML files changed since the index was built, at most once per
   * freshnessIntervalMs; callers arriving together share one check (each check stats every DataPoint
   * file). `exclusive` wraps the sync itself (the server passes its write lock, so this sync never races
   * a writer's); it runs only when the index is stale.
   */
  async freshIndex(options: { exclusive?: (sync: () => Promise<void>) => Promise<void> } = {}): Promise<void> {
    if (this.freshnessIntervalMs > 0 && Date.now() - this.lastFreshCheck < this.freshnessIntervalMs) return;
    this.freshCheck ??= this.checkFresh(options.exclusive ?? ((sync) => sync())).finally(() => {
      this.freshCheck = undefined;
    });
    return this.freshCheck;
  }

  private async checkFresh(exclusive: (sync: () => Promise<void>) => Promise<void>): Promise<void> {
    const indexer = await this.indexer();
    if (indexer.isStale()) {
      await exclusive(async () => {
        if (indexer.isStale()) await indexer.sync();
      });
    }
    this.lastFreshCheck = Date.now();
  }

  async indexer(): Promise<KnowledgeIndexer> {
    const { KnowledgeIndexer } = await import('../knowledge/knowledge-indexer.js');
    return new KnowledgeIndexer(await this.store(), await this.embedder(), this.paths.datapointsDir, this.paths.root);
  }

  async close(): Promise<void> {
    for (const { connector } of this.connectors.values()) await connector.close().catch(() => undefined);
    this.connectors.clear();
    this.storeInstance?.close();
    this.storeInstance = undefined;
  }
}
