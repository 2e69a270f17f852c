import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Column, Connection, ConnectionOptions, RowStatement } from 'snowflake-sdk';
import { ConnectionError, QueryError } from '../../errors.js';
import { redactSecrets } from '../../util/redact.js';
import type { Connector, ConnectorSettings, QueryResult, ResultColumn } from '../connector.js';
import { ConnectorBase, type StatementOptions } from '../connector-base.js';
import type { CatalogRow } from '../introspector.js';
import { snowflakeSdkImportError } from './snowflake-sdk-install.js';
import { ResultCollector } from '../result-collector.js';
import type { IntrospectOptions, SchemaMetadata } from '../schema-metadata.js';
import { resolveSnowflakeConfig, type SnowflakeConfig } from './snowflake-config.js';
import { snowflakeDialect } from './snowflake-dialect.js';
import { wrapSnowflakeError, type SnowflakePhase } from './snowflake-errors.js';
import { introspectSnowflake } from './snowflake-introspector.js';
import {
  cancellable,
  exposeStatementTypes,
  isSelectStatementType,
  statementTypeLabel,
  statementTypeOf,
  toBinds,
  toRow,
  toRowValues,
} from './snowflake-statement.js';
import type { PrivilegeReport } from '../privileges.js';
import { inspectSnowflakePrivileges } from './snowflake-privileges.js';

type Sdk = typeof import('snowflake-sdk');

const DEFAULT_SESSION_TIMEOUT_SECONDS = 600;
/** Catalog statements (introspection, version) get their own, more generous, per-statement limit. */
const CATALOG_TIMEOUT_SECONDS = 120;

let sdkPromise: Promise<Sdk> | undefined;

/**
 * snowflake-sdk costs ~400 ms or more to import, so it loads on the first connection, with its logging off.
 * Its import also starts telemetry "platform detection", which probes cloud metadata endpoints
 * (169.254.169.254, metadata.google.internal) and calls AWS STS with whatever AWS credentials the
 * user has; a CLI on a laptop should not do that, so it is off unless the user opted in explicitly.
 */
function loadSdk(): Promise<Sdk> {
  process.env.SNOWFLAKE_DISABLE_PLATFORM_DETECTION ??= 'true';
  sdkPromise ??= import('snowflake-sdk').then(
    (module) => {
      const sdk = ((module as { default?: Sdk }).default ?? module) as Sdk;
      sdk.configure({ logLevel: 'OFF' });
      exposeStatementTypes();
      return sdk;
    },
    (error: unknown) => {
      // An optional peer dependency (see snowflake-sdk-install.ts): say what to install; retry after that.
      sdkPromise = undefined;
      throw snowflakeSdkImportError(error);
    },
  );
  return sdkPromise;
}

/**
 * Snowflake through snowflake-sdk over one lazily opened session. Read-only by construction:
 * every statement is first sent with `describeOnly` (compiled, not run) and refused unless Snowflake
 * reports a SELECT statement type; the session carries STATEMENT_TIMEOUT_IN_SECONDS and each
 * statement its own; results stream with the row cap as the stream window, so chunks past the cap
 * are never downloaded; timeouts and aborts cancel the statement on the server.
 */
export class SnowflakeConnector extends ConnectorBase {
  readonly engine = 'snowflake' as const;
  readonly dialect = snowflakeDialect;
  readonly config: SnowflakeConfig;
  private readonly secrets: string[];
  private connection: Connection | undefined;
  private connecting: Promise<Connection> | undefined;

  constructor(private readonly settings: ConnectorSettings) {
    super();
    this.config = resolveSnowflakeConfig(settings.url, settings.options);
    if (!this.config.account && !this.config.accessUrl) {
      throw new ConnectionError(`Connection "${settings.id}": a Snowflake connection needs an account identifier.`, {
        hint: 'Set `account` (e.g. myorg-myaccount) or use snowflake://user:password@account/database/schema.',
      });
    }
    this.secrets = [this.config.password, this.config.privateKey, this.config.privateKeyPass].filter(
      (s): s is string => !!s,
    );
  }

  protected async serverVersion(): Promise<string> {
    const rows = await this.catalogRows('SELECT CURRENT_VERSION() AS "version", CURRENT_DATABASE() AS "database"');
    const row = rows[0] ?? {};
    if (this.config.database && (row.database === null || row.database === undefined)) throw this.unknownDatabase();
    return `Snowflake ${String(row.version)}`;
  }

  async introspect(options: IntrospectOptions = {}): Promise<SchemaMetadata> {
    let database = this.config.database;
    if (!database) {
      const [row] = await this.catalogRows('SELECT CURRENT_DATABASE() AS "database"');
      if (row?.database === null || row?.database === undefined) {
        throw new ConnectionError('The Snowflake session has no current database to introspect.', {
          hint: 'Set `database` in the connection settings.',
        });
      }
      database = String(row.database);
    }
    return introspectSnowflake((sql, binds) => this.catalogRows(sql, binds), options, { database });
  }

  protected async runStatement(sql: string, options: StatementOptions): Promise<QueryResult> {
    const { maxRows, timeoutMs } = options;
    const connection = await this.open();
    const started = performance.now();
    const deadline = Date.now() + timeoutMs;
    const binds = toBinds(options.params);
    const parameters = {
      STATEMENT_TIMEOUT_IN_SECONDS: Math.min(this.sessionTimeoutSeconds, Math.max(1, Math.ceil(timeoutMs / 1000))),
    };
    const control = { deadline, timeoutMs, signal: options.signal };

    // 1. Compile only. Snowflake reports the statement type without running anything.
    const type = await cancellable<number | undefined>(control, (settle) =>
      connection.execute({
        sqlText: sql,
        binds,
        describeOnly: true,
        complete: (err, stmt) => (err ? settle.reject(this.wrap(err, 'query')) : settle.resolve(statementTypeOf(stmt))),
      }),
    );
    if (type === undefined || !isSelectStatementType(type)) {
      throw new QueryError(
        `Refused: Snowflake describes this statement as ${statementTypeLabel(type)}; only SELECT statements run through datachat.`,
        {
          hint: 'datachat only reads. Rewrite the request as a single SELECT query.',
          details: { statementTypeId: type ?? null },
        },
      );
    }

    // 2. Run, streaming only the window [0, maxRows) of the result.
    return cancellable<QueryResult>(control, (settle) =>
      connection.execute({
        sqlText: sql,
        binds,
        parameters,
        streamResult: true,
        // Arrays: objects keyed by name would collapse duplicate column names.
        rowMode: 'array',
        complete: (err, stmt) => {
          if (settle.settled) return;
          if (err) return settle.reject(this.wrap(err, 'query'));
          const statement = stmt as RowStatement;
          const total = statement.getNumRows() ?? 0;
          const columns = (statement.getColumns() ?? []).map(describeColumn);
          const collector = new ResultCollector(maxRows, options.maxBytes);
          const done = (): void => {
            if (total > collector.rows.length) collector.moreRows();
            settle.resolve(collector.result(columns, started));
          };
          const wanted = Math.min(total, maxRows);
          if (wanted === 0) return done();
          // The window bounds which chunks the SDK downloads; destroy() stops it at once when we settle.
          const stream = statement.streamRows({ start: 0, end: wanted - 1 });
          settle.onSettled(() => stream.destroy());
          stream.on('data', (row: unknown[]) => {
            if (!collector.add(toRowValues(row)) || collector.rows.length >= maxRows) done();
          });
          stream.on('end', () => done());
          stream.on('error', (error: unknown) => settle.reject(this.wrap(error, 'query')));
        },
      }),
    );
  }

  inspectPrivileges(): Promise<PrivilegeReport> {
    return inspectSnowflakePrivileges((sql) => this.execute(sql));
  }

  protected async release(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    if (!connection) return;
    // Deletes the server session; a failure here leaves nothing to clean up on our side.
    await new Promise<void>((done) => connection.destroy(() => done()));
  }

  private get sessionTimeoutSeconds(): number {
    return this.config.statementTimeoutSeconds ?? DEFAULT_SESSION_TIMEOUT_SECONDS;
  }

  private get endpoint(): string {
    return this.config.accessUrl
      ? new URL(this.config.accessUrl).host
      : `${this.config.account}.snowflakecomputing.com`;
  }

  private wrap(error: unknown, phase: SnowflakePhase) {
    return wrapSnowflakeError(error, {
      phase,
      endpoint: this.endpoint,
      user: this.config.username,
      database: this.config.database,
      secrets: this.secrets,
    });
  }

  private unknownDatabase(): ConnectionError {
    return new ConnectionError(
      `Snowflake database "${this.config.database}" does not exist or is not authorized for this role.`,
      {
        hint: 'Check the database name (quoted names are case-sensitive) and that the role has USAGE on it.',
      },
    );
  }

  /** Runs a trusted catalog statement (no describe step) and returns all its rows. */
  private async catalogRows(sql: string, binds: readonly unknown[] = []): Promise<CatalogRow[]> {
    const connection = await this.open();
    return new Promise((resolvePromise, reject) => {
      connection.execute({
        sqlText: sql,
        // Catalog statements bind names and numbers only.
        binds: [...binds] as (string | number)[],
        parameters: { STATEMENT_TIMEOUT_IN_SECONDS: Math.min(this.sessionTimeoutSeconds, CATALOG_TIMEOUT_SECONDS) },
        complete: (err, _stmt, rows) =>
          err ? reject(this.wrap(err, 'catalog')) : resolvePromise((rows ?? []).map(toRow)),
      });
    });
  }

  /** The session, logged in on first use and again after it dropped (expired token, network). */
  private open(): Promise<Connection> {
    if (this.connection?.isUp()) return Promise.resolve(this.connection);
    this.connecting ??= this.login().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async login(): Promise<Connection> {
    const sdk = await loadSdk();
    let connection: Connection;
    try {
      connection = sdk.createConnection(this.connectionOptions());
    } catch (error) {
      // Option validation errors name the option, never its value.
      throw new ConnectionError(
        `Invalid Snowflake connection settings for "${this.settings.id}": ${redactSecrets((error as Error).message, this.secrets)}`,
        {
          cause: error,
          hint: 'Check account, username and the authentication fields.',
        },
      );
    }
    await new Promise<void>((done, fail) =>
      connection.connect((err) => (err ? fail(this.wrap(err, 'connect')) : done())),
    );
    // Session-wide ceiling for every statement, including catalog reads; each statement narrows it.
    const seconds = this.sessionTimeoutSeconds;
    await new Promise<void>((done, fail) =>
      connection.execute({
        sqlText: `ALTER SESSION SET STATEMENT_TIMEOUT_IN_SECONDS = ${seconds}`,
        complete: (err) => (err ? fail(this.wrap(err, 'connect')) : done()),
      }),
    );
    this.connection = connection;
    return connection;
  }

  private connectionOptions(): ConnectionOptions {
    const c = this.config;
    const options: Record<string, unknown> = {
      account: c.account ?? new URL(c.accessUrl!).hostname.split('.')[0],
      username: c.username,
      warehouse: c.warehouse,
      database: c.database,
      schema: c.schema,
      role: c.role,
      accessUrl: c.accessUrl,
      application: 'datachat',
      // Fail fast when the host is unreachable instead of the SDK's minutes of login retries.
      sfRetryMaxLoginRetries: 1,
    };
    if (c.privateKey || c.privateKeyPath) {
      options.authenticator = 'SNOWFLAKE_JWT';
      options.privateKey = c.privateKey ?? this.readPrivateKey(c.privateKeyPath!);
      if (c.privateKeyPass) options.privateKeyPass = c.privateKeyPass;
    } else {
      options.password = c.password;
    }
    return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as ConnectionOptions;
  }

  private readPrivateKey(path: string): string {
    const file = isAbsolute(path) ? path : resolve(this.settings.baseDir, path);
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConnectionError(
        `Cannot read the Snowflake private key file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`,
        { cause: error },
      );
    }
  }
}

/** Native type name of a result column, spelled the way Snowflake DDL does. */
function describeColumn(column: Column): ResultColumn {
  const type = column.getType();
  const native =
    type === 'fixed'
      ? column.getScale()
        ? `NUMBER(${column.getPrecision()},${column.getScale()})`
        : 'NUMBER'
      : type === 'text'
        ? 'VARCHAR'
        : type === 'real'
          ? 'FLOAT'
          : String(type).toUpperCase();
  return { name: column.getName(), type: native };
}

export function createConnector(settings: ConnectorSettings): Connector {
  return new SnowflakeConnector(settings);
}
