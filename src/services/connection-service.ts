import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigFile } from '../config/config-file.js';
import { connectionIdSchema, type ConnectionConfig } from '../config/config-schema.js';
import { allowExternalSqlitePaths } from '../config/file-policy.js';
import { SECRET_PREFIX } from '../config/secret-store.js';
import { urlSchemeList } from '../config/url-schemes.js';
import { splitUrlSecrets } from '../config/url-secrets.js';
import type { ConnectionTestResult } from '../connectors/connector.js';
import type { EngineType } from '../connectors/engine-type.js';
import { engineFromUrl } from '../connectors/registry.js';
import { inspectPrivilegesSafely, privilegeWarnings, type PrivilegeReport } from '../connectors/privileges.js';
import { ConflictError, UsageError } from '../errors.js';
import { redactSecrets, redactUrl } from '../util/redact.js';
import { checkSqliteFile } from './sqlite-file-check.js';
import type { ProjectContext } from './project-context.js';

const PROFILED_AT = new Map<string, { mtimeMs: number; value: string | null }>();

/** A DatabaseConnection (docs/rest-api.md) as shown to people and API clients (never with credentials). */
export interface ConnectionView {
  connection_id: string;
  name: string;
  database_type: EngineType;
  /** URL with any password replaced by *** (secret and ${ENV} references shown as written). */
  database_url: string | null;
  is_active: boolean;
  is_default: boolean;
  tags: string[];
  description: string | null;
  datapoint_count: number;
  /**
   * When the connection was added (ISO 8601), as stored in .datachat.yml. Null for connections added
   * before it was recorded or written by hand: the file's mtime would change with every edit, so it
   * would claim a date that is not the connection's.
   */
  created_at: string | null;
  last_profiled: string | null;
}

/** Filters of `list` (list_connections of docs/rest-api.md). */
export interface ListConnectionsFilter {
  /** Only connections with `active` not false. Default false (all). */
  activeOnly?: boolean;
  /** Only connections having every one of these tags. */
  tags?: string[];
}

export interface ConnectionServiceOptions {
  /**
   * Refuse SQLite files outside the project folder (the REST API sets this: a client must not make
   * the server open `/etc/passwd`). Lifted by `server.allow_external_sqlite_paths: true` in
   * .datachat.yml or DATACHAT_ALLOW_EXTERNAL_SQLITE_PATHS=1. Default false (the CLI adds any path).
   */
  confineFilesToProject?: boolean;
}

/** `db test` / POST /databases/{id}/test: the connection test plus what the role may do beyond reading. */
export interface ConnectionTestReport {
  connection_id: string;
  ok: boolean;
  /** Round trip of the test query, in milliseconds. */
  latency_ms: number;
  server_version?: string;
  /** Why the test failed. */
  message?: string;
  /** Absent when the test failed or the check was not asked for. */
  privileges?: PrivilegeReport;
  /** One line per risky privilege (superuser, writes, server files); advice, never a failure. */
  warnings: string[];
}

export interface AddConnectionInput {
  name: string;
  url: string;
  type?: EngineType;
  tags?: string[];
  description?: string;
  makeDefault?: boolean;
}

/** The connector's test result in the API's casing (connectors speak camelCase TypeScript). */
function testReport(id: string, result: ConnectionTestResult): Omit<ConnectionTestReport, 'warnings'> {
  return {
    connection_id: id,
    ok: result.ok,
    latency_ms: result.latencyMs,
    ...(result.serverVersion !== undefined ? { server_version: result.serverVersion } : {}),
    ...(result.message !== undefined ? { message: result.message } : {}),
  };
}

/** What `db edit` may change; absent keys stay as they are (an empty description or tag list clears it). */
export interface EditConnectionInput {
  url?: string;
  type?: EngineType;
  tags?: string[];
  description?: string;
  makeDefault?: boolean;
}

/** A connection name → id: `Production Analytics` → `production_analytics`. */
export function connectionIdFromName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^[^a-z0-9]+|_+$/g, '')
    .slice(0, 63);
}

/**
 * The connection registry over .datachat.yml: add, list, get, test, set default,
 * remove. A password given inside a URL is moved to the encrypted secret store; the YAML keeps the
 * URL without it plus a `secret:` reference.
 */
export class ConnectionService {
  constructor(
    private readonly project: ProjectContext,
    private readonly options: ConnectionServiceOptions = {},
  ) {}

  add(input: AddConnectionInput): ConnectionView {
    const id = connectionIdFromName(input.name);
    const idCheck = connectionIdSchema.safeParse(id);
    if (!idCheck.success)
      throw new UsageError(`Invalid connection name "${input.name}": ${idCheck.error.issues[0]!.message}.`);
    const type = input.type ?? engineFromUrl(input.url);
    if (!type) {
      throw new UsageError(`Cannot tell the database type of "${redactUrl(input.url)}".`, {
        hint: `Use a URL starting with one of ${urlSchemeList()}, or pass --type.`,
      });
    }
    const file = ConfigFile.open(this.project.paths.configFile);
    if (file.hasConnection(id))
      throw new ConflictError(`Connection "${id}" already exists.`, {
        hint: `Remove it first (\`datachat db remove ${id}\`, or DELETE /api/v1/databases/${id}), or pick another name.`,
        field: 'name',
      });
    if (type === 'sqlite') {
      const external = allowExternalSqlitePaths(this.project.config, this.project.env);
      const confine = this.options.confineFilesToProject === true && !external;
      checkSqliteFile(input.url, this.project.paths.root, { confine });
    }
    // Every credential of the URL (userinfo and secret query parameters) goes to the encrypted store.
    const { url, password, passwordReference, params } = splitUrlSecrets(input.url, id, type);
    const connection: ConnectionConfig = {
      id,
      name: input.name,
      type,
      url,
      tags: input.tags ?? [],
      ...(input.description ? { description: input.description } : {}),
      created_at: new Date().toISOString(),
    };
    this.project.secrets.removePrefix(id);
    if (password !== undefined) {
      this.project.secrets.set(`${id}.password`, password);
      connection.password = `${SECRET_PREFIX}${id}.password`;
    }
    for (const param of params) this.project.secrets.set(param.key, param.value);
    if (passwordReference) connection.password = passwordReference;
    const makeDefault = input.makeDefault ?? this.project.config.connections.length === 0;
    file.addConnection(connection, makeDefault);
    file.save();
    this.project.reload();
    return this.view(this.project.connection(id));
  }

  /**
   * Changes a connection in place (`db edit`): a new URL's credentials go to the secret store like
   * `add`'s, the type follows the new URL unless given; other keys of the entry are kept.
   */
  edit(id: string, input: EditConnectionInput): ConnectionView {
    const connection = this.project.connection(id);
    const file = ConfigFile.open(this.project.paths.configFile);
    const patch: Record<string, unknown> = {};
    if (input.url !== undefined) {
      const type = input.type ?? engineFromUrl(input.url);
      if (!type) {
        const hint = `Use a URL starting with one of ${urlSchemeList()}, or pass --type.`;
        throw new UsageError(`Cannot tell the database type of "${redactUrl(input.url)}".`, { hint });
      }
      if (type === 'sqlite') {
        const external = allowExternalSqlitePaths(this.project.config, this.project.env);
        checkSqliteFile(input.url, this.project.paths.root, {
          confine: this.options.confineFilesToProject === true && !external,
        });
      }
      const { url, password, passwordReference, params } = splitUrlSecrets(input.url, connection.id, type);
      this.project.secrets.removePrefix(connection.id);
      for (const param of params) this.project.secrets.set(param.key, param.value);
      if (password !== undefined) this.project.secrets.set(`${connection.id}.password`, password);
      const stored = password !== undefined ? `${SECRET_PREFIX}${connection.id}.password` : (passwordReference ?? null);
      Object.assign(patch, { type, url, password: stored });
    } else if (input.type) patch.type = input.type;
    if (input.tags) patch.tags = input.tags.length ? input.tags : null;
    if (input.description !== undefined) patch.description = input.description || null;
    file.updateConnection(connection.id, patch);
    if (input.makeDefault) file.setDefault(connection.id);
    file.save();
    this.project.reload();
    return this.view(this.project.connection(connection.id));
  }

  async list(filter: ListConnectionsFilter = {}): Promise<ConnectionView[]> {
    const tags = filter.tags ?? [];
    const chosen = this.project.config.connections.filter(
      (c) => (!filter.activeOnly || c.active !== false) && tags.every((t) => c.tags.includes(t)),
    );
    const counts = await this.datapointCounts();
    return chosen.map((c) => this.view(c, counts.get(c.id) ?? 0));
  }

  async get(id: string): Promise<ConnectionView> {
    const counts = await this.datapointCounts();
    const connection = this.project.connection(id);
    return this.view(connection, counts.get(connection.id) ?? 0);
  }

  /** Connects (latency, version) and, unless `privileges: false`, inspects the role's privileges. */
  async test(id: string, options: { privileges?: boolean } = {}): Promise<ConnectionTestReport> {
    const connection = this.project.connection(id);
    const connector = await this.project.connector(connection.id);
    const result = testReport(connection.id, await connector.test());
    if (!result.ok || options.privileges === false) return { ...result, warnings: [] };
    const privileges = await this.privilegesOf(connection.id);
    const warnings = privilegeWarnings(connection.id, privileges);
    return { ...result, privileges, warnings };
  }

  /** What the role of a connection may do beyond reading (never throws; `unknown` when it cannot tell). */
  async privilegesOf(id: string): Promise<PrivilegeReport> {
    const report = await inspectPrivilegesSafely(await this.project.connector(id));
    // A failed check's note quotes the driver: keep credentials out of it like any other message.
    return report.note ? { ...report, note: redactSecrets(report.note, this.project.knownSecrets()) } : report;
  }

  async setDefault(id: string): Promise<ConnectionView> {
    const connection = this.project.connection(id);
    const file = ConfigFile.open(this.project.paths.configFile);
    file.setDefault(connection.id);
    file.save();
    this.project.reload();
    return this.get(connection.id);
  }

  remove(id: string): void {
    const connection = this.project.connection(id);
    const file = ConfigFile.open(this.project.paths.configFile);
    file.removeConnection(connection.id);
    const remaining = this.project.config.connections.filter((c) => c.id !== connection.id);
    if (connection.default && remaining[0]) file.setDefault(remaining[0].id);
    file.save();
    this.project.secrets.removePrefix(connection.id);
    this.project.reload();
  }

  private view(connection: ConnectionConfig, datapointCount = 0): ConnectionView {
    const isDefault = this.project.defaultConnection()?.id === connection.id;
    return {
      connection_id: connection.id,
      name: connection.name ?? connection.id,
      database_type: connection.type,
      database_url: connection.url ? redactUrl(connection.url) : null,
      is_active: connection.active ?? true,
      is_default: isDefault,
      tags: connection.tags,
      description: connection.description ?? null,
      datapoint_count: datapointCount,
      created_at: connection.created_at ?? null,
      last_profiled: this.lastProfiled(connection.id),
    };
  }

  private lastProfiled(id: string): string | null {
    const file = join(this.project.paths.profilesDir, `${id}.json`);
    if (!existsSync(file)) return null;
    // Profiles run to megabytes: parse one again only when it changed (the REST API lists often).
    const mtimeMs = statSync(file).mtimeMs;
    const cached = PROFILED_AT.get(file);
    if (cached?.mtimeMs === mtimeMs) return cached.value;
    let value: string | null = null;
    try {
      value = (JSON.parse(readFileSync(file, 'utf8')) as { profiled_at?: string }).profiled_at ?? null;
    } catch {
      value = null;
    }
    PROFILED_AT.set(file, { mtimeMs, value });
    return value;
  }

  private async datapointCounts(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (!existsSync(this.project.paths.knowledgeDb)) return counts;
    const store = await this.project.store();
    for (const c of this.project.config.connections) counts.set(c.id, store.count(c.id));
    return counts;
  }
}
