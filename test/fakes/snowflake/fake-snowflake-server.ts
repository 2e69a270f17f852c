import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { FakeSnowflakeEngine, type EngineResult, type SnowflakeBindings } from './fake-snowflake-engine.js';
import { FakeSnowflakeSqlError, STATEMENT_TYPE, toSnowflakeError } from './fake-snowflake-sql.js';
import { QueryRegistry, type RunningQuery } from './fake-snowflake-queries.js';

/**
 * A local HTTP server speaking the parts of Snowflake's REST protocol that snowflake-sdk uses:
 * `POST /session/v1/login-request`, `POST /queries/v1/query-request?requestId=`, `GET /queries/{id}/result`
 * (long-poll while a statement runs: code 333333), `POST /queries/v1/abort-request` and
 * `/queries/{id}/abort-request`, `GET /monitoring/queries/{id}`, `POST /session?delete=true`,
 * `/telemetry/send`, and result chunks at `GET /fake-chunks/{queryId}/{n}` (what S3 serves for a real account).
 *
 * Results use the JSON format (`rowset` of strings + `rowtype`); the first `inlineRows` rows come inline
 * and the rest in chunks of `chunkRows`, so a test can count chunk downloads to prove a row cap stopped fetching.
 *
 * Slow-query marker: a statement containing `SYSTEM$WAIT(n)` (Snowflake's real wait function, seconds;
 * `SYSTEM$WAIT(n, 'MILLISECONDS')` also works) stays running for that long: the query-request answers
 * "in progress" and the SDK polls, so statement timeouts (`STATEMENT_TIMEOUT_IN_SECONDS`, set by ALTER SESSION
 * or as a statement parameter) and aborts are exercised through the SDK.
 *
 * Writes are refused by the engine (SQLite `query_only`) with Snowflake's access-control error 003001.
 * A wrong password gets code 390100, as from a real account.
 */
export interface FakeSnowflakeOptions {
  /** Seed DDL + inserts (run before the engine turns read-only). */
  seedSql: string;
  database?: string;
  schema?: string;
  /** Accepted logins: user → password. Default `{ DATACHAT: 'fake-password' }`. */
  users?: Record<string, string>;
  comments?: Record<string, string>;
  /** Rows returned inline in the first response. Default 200. */
  inlineRows?: number;
  /** Rows per downloadable chunk. Default 500. */
  chunkRows?: number;
  /** How long a request waits on a running statement before answering "in progress", in ms. Default 200. */
  pollMs?: number;
  version?: string;
}

export interface FakeSnowflakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: Record<string, unknown>;
}

export interface FakeSnowflake {
  /** Base URL, e.g. http://127.0.0.1:40123 — the SDK's `accessUrl`. */
  url: string;
  /** Every request received, in order (login bodies included; the fake is test-only). */
  requests: FakeSnowflakeRequest[];
  engine: FakeSnowflakeEngine;
  close(): Promise<void>;
}

interface Session {
  user: string;
  database: string | null;
  schema: string | null;
  warehouse: string | null;
  role: string;
  params: Record<string, unknown>;
}

const RESULT_PARAMETERS = [
  { name: 'TIMEZONE', value: 'UTC' },
  { name: 'TIMESTAMP_OUTPUT_FORMAT', value: 'YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM' },
  { name: 'TIMESTAMP_NTZ_OUTPUT_FORMAT', value: 'YYYY-MM-DD HH24:MI:SS.FF3' },
  { name: 'DATE_OUTPUT_FORMAT', value: 'YYYY-MM-DD' },
  { name: 'TIME_OUTPUT_FORMAT', value: 'HH24:MI:SS' },
  { name: 'BINARY_OUTPUT_FORMAT', value: 'HEX' },
];

export async function startFakeSnowflake(options: FakeSnowflakeOptions): Promise<FakeSnowflake> {
  const database = options.database ?? 'DATACHAT_FAKE';
  const schema = options.schema ?? 'PUBLIC';
  const users = options.users ?? { DATACHAT: 'fake-password' };
  const version = options.version ?? '9.12.0';
  const inlineRows = options.inlineRows ?? 200;
  const chunkRows = options.chunkRows ?? 500;
  const pollMs = options.pollMs ?? 200;
  const engine = new FakeSnowflakeEngine({
    database,
    schema,
    seedSql: options.seedSql,
    comments: options.comments,
    version,
  });
  const sessions = new Map<string, Session>();
  const queries = new QueryRegistry();
  const requests: FakeSnowflakeRequest[] = [];
  let baseUrl = '';

  const fail = (code: string, message: string, data: Record<string, unknown> = {}) => ({
    success: false,
    code,
    message,
    data,
    headers: null,
  });

  const resultBody = (query: RunningQuery, session: Session, result: EngineResult, binds: number) => {
    const inline = result.rows.slice(0, inlineRows);
    const chunks = [];
    for (let start = inlineRows, n = 0; start < result.rows.length; start += chunkRows, n++) {
      const rows = result.rows.slice(start, start + chunkRows);
      chunks.push({
        url: `${baseUrl}/fake-chunks/${query.id}/${n}`,
        rowCount: rows.length,
        uncompressedSize: JSON.stringify(rows).length,
        compressedSize: 0,
      });
    }
    query.chunks = chunks.map((_, n) =>
      result.rows.slice(inlineRows + n * chunkRows, inlineRows + (n + 1) * chunkRows),
    );
    return {
      success: true,
      code: null,
      message: null,
      data: {
        parameters: RESULT_PARAMETERS,
        rowtype: result.rowtype,
        rowset: inline,
        total: result.rows.length,
        returned: result.rows.length,
        queryId: query.id,
        databaseProvider: null,
        finalDatabaseName: session.database,
        finalSchemaName: session.schema,
        finalWarehouseName: session.warehouse,
        finalRoleName: session.role,
        numberOfBinds: binds,
        arrayBindSupported: false,
        statementTypeId: result.statementTypeId,
        version: 1,
        sendResultTime: Date.now(),
        queryResultFormat: 'json',
        ...(chunks.length ? { chunks, chunkHeaders: {} } : {}),
      },
    };
  };

  const errorBody = (error: unknown, queryId: string) => {
    const e = toSnowflakeError(error);
    return fail(e.code, e.message, { queryId, sqlState: e.sqlState, errorCode: e.code, internalError: false, age: 0 });
  };

  /** Answers with the final result once the statement finished, else "in progress" after `pollMs`. */
  const answerWhenReady = async (query: RunningQuery) => {
    await queries.waitFor(query, pollMs);
    if (query.state === 'running') {
      return {
        success: true,
        code: '333333',
        message: 'Query execution in progress',
        data: { queryId: query.id, getResultUrl: `/queries/${query.id}/result` },
      };
    }
    return query.response!;
  };

  const handleQuery = async (session: Session, body: Record<string, unknown>, requestId: string) => {
    const sql = withSessionContext(String(body.sqlText ?? ''), session);
    const bindings = body.bindings as SnowflakeBindings;
    const params = { ...session.params, ...((body.parameters as Record<string, unknown>) ?? {}) };
    const query = queries.create(requestId, sql);
    const binds = bindings ? Object.keys(bindings).length : 0;
    try {
      if (!session.database && /\bfrom\b|^\s*show\b/i.test(sql)) {
        throw new FakeSnowflakeSqlError(
          '090105',
          '22000',
          "Cannot perform SELECT. This session does not have a current database. Call 'USE DATABASE', or use a qualified name.",
        );
      }
      const immediate =
        body.describeOnly === true
          ? engine.describe(sql)
          : engine.typeOf(sql) === STATEMENT_TYPE.ALTER_SESSION
            ? alterSession(session, sql)
            : undefined;
      if (immediate) {
        queries.finish(query, resultBody(query, session, immediate, binds));
        return query.response!;
      }
    } catch (error) {
      queries.finish(query, errorBody(error, query.id));
      return query.response!;
    }
    const timeoutSeconds = Number(params.STATEMENT_TIMEOUT_IN_SECONDS ?? 0);
    queries.start(query, {
      waitMs: waitMarkerMs(sql),
      timeoutMs: timeoutSeconds > 0 ? timeoutSeconds * 1000 : 0,
      run: () => {
        try {
          return resultBody(query, session, engine.run(sql, bindings), binds);
        } catch (error) {
          return errorBody(error, query.id);
        }
      },
      timedOut: () =>
        errorBody(
          new FakeSnowflakeSqlError(
            '000630',
            '57014',
            `Statement reached its statement or warehouse timeout of ${timeoutSeconds} second(s) and was canceled.`,
          ),
          query.id,
        ),
      cancelled: () => errorBody(new FakeSnowflakeSqlError('000604', '57014', 'SQL execution canceled'), query.id),
    });
    return answerWhenReady(query);
  };

  const login = (query: Record<string, string>, body: Record<string, unknown>) => {
    const data = (body.data ?? {}) as Record<string, unknown>;
    const user = String(data.LOGIN_NAME ?? '');
    const expected = Object.entries(users).find(([name]) => name.toUpperCase() === user.toUpperCase())?.[1];
    if (expected === undefined || data.PASSWORD !== expected) {
      return fail('390100', 'Incorrect username or password was specified.', {
        nextAction: 'RETRY_LOGIN',
        authnMethod: 'USERNAME_PASSWORD',
      });
    }
    const token = `fake-session-${randomUUID()}`;
    // Like a real account, an unknown database or schema does not fail the login: the session has none.
    const dbOk = query.databaseName?.toUpperCase() === database.toUpperCase();
    sessions.set(token, {
      user,
      database: dbOk ? database : null,
      schema: dbOk && (!query.schemaName || query.schemaName.toUpperCase() === schema.toUpperCase()) ? schema : null,
      warehouse: query.warehouse ?? null,
      role: query.roleName ?? 'PUBLIC',
      params: {},
    });
    return {
      success: true,
      code: null,
      message: null,
      data: {
        token,
        masterToken: `fake-master-${randomUUID()}`,
        validityInSeconds: 3600,
        masterValidityInSeconds: 14400,
        sessionId: Date.now(),
        displayUserName: user,
        serverVersion: version,
        firstLogin: false,
        healthCheckInterval: 45,
        parameters: RESULT_PARAMETERS,
        sessionInfo: {
          databaseName: dbOk ? database : null,
          schemaName: schema,
          warehouseName: query.warehouse ?? null,
          roleName: query.roleName ?? 'PUBLIC',
        },
      },
    };
  };

  const route = async (
    req: IncomingMessage,
    path: string,
    query: Record<string, string>,
    body: Record<string, unknown> | undefined,
  ): Promise<{ status: number; json?: unknown; text?: string }> => {
    if (req.method === 'GET' && path.startsWith('/fake-chunks/')) {
      const [, , id, n] = path.split('/');
      const rows = queries.get(id!)?.chunks?.[Number(n)];
      if (!rows) return { status: 404, text: 'no such chunk' };
      return { status: 200, text: rows.map((r) => JSON.stringify(r)).join(',') };
    }
    if (path === '/session/v1/login-request') return { status: 200, json: login(query, body ?? {}) };
    const auth = /^Snowflake Token="(.*)"$/.exec(req.headers.authorization ?? '')?.[1];
    const session = auth ? sessions.get(auth) : undefined;
    if (!session) return { status: 401, json: fail('390104', 'User must login again to access the service.') };
    if (path === '/session' && query.delete === 'true') {
      sessions.delete(auth!);
      return { status: 200, json: { success: true, code: null, message: null, data: null } };
    }
    if (path === '/telemetry/send' || path === '/session/heartbeat')
      return { status: 200, json: { success: true, code: null, message: null, data: null } };
    if (path === '/queries/v1/query-request')
      return { status: 200, json: await handleQuery(session, body ?? {}, query.requestId ?? randomUUID()) };
    let match: RegExpExecArray | null;
    if ((match = /^\/queries\/([^/]+)\/result$/.exec(path))) {
      const running = queries.get(match[1]!);
      return {
        status: 200,
        json: running ? await answerWhenReady(running) : fail('000709', `Statement ${match[1]} not found`),
      };
    }
    const abortId =
      path === '/queries/v1/abort-request'
        ? queries.byRequestId(String(body?.requestId ?? ''))?.id
        : /^\/queries\/([^/]+)\/abort-request$/.exec(path)?.[1];
    if (abortId !== undefined || path === '/queries/v1/abort-request') {
      const ok = abortId !== undefined && queries.cancel(abortId);
      return {
        status: 200,
        json: ok
          ? { success: true, code: null, message: null, data: null }
          : fail('000605', 'Identified SQL statement is not currently executing.'),
      };
    }
    if ((match = /^\/monitoring\/queries\/([^/]+)$/.exec(path))) {
      const running = queries.get(match[1]!);
      return {
        status: 200,
        json: {
          success: true,
          code: null,
          message: null,
          data: { queries: running ? [{ id: running.id, status: queries.status(running) }] : [] },
        },
      };
    }
    return { status: 404, json: fail('390400', `The fake does not serve ${req.method} ${path}`) };
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const query = Object.fromEntries(url.searchParams);
      const body = await readBody(req);
      requests.push({ method: req.method ?? 'GET', path: url.pathname, query, ...(body ? { body } : {}) });
      const answer = await route(req, url.pathname, query, body);
      send(res, answer.status, answer.json, answer.text);
    })().catch((error: unknown) =>
      send(res, 500, { success: false, code: '500000', message: String(error), data: null }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    requests,
    engine,
    async close() {
      queries.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      engine.db.close();
    },
  };
}

/** ALTER SESSION SET k = v [, ...] / UNSET k: session parameters the fake honours (STATEMENT_TIMEOUT_IN_SECONDS). */
function alterSession(session: Session, sql: string): EngineResult {
  const set = /^\s*alter\s+session\s+set\s+([\s\S]+?);?\s*$/i.exec(sql);
  const unset = /^\s*alter\s+session\s+unset\s+([\s\S]+?);?\s*$/i.exec(sql);
  if (set) {
    for (const pair of set[1]!.split(',')) {
      const [key, value] = pair.split('=').map((s) => s.trim());
      if (!key || value === undefined)
        throw new FakeSnowflakeSqlError('001003', '42000', 'SQL compilation error:\nsyntax error in ALTER SESSION.');
      session.params[key.toUpperCase()] = /^\d+$/.test(value) ? Number(value) : value.replace(/^'(.*)'$/, '$1');
    }
  } else if (unset) {
    for (const key of unset[1]!.split(',')) delete session.params[key.trim().toUpperCase()];
  } else {
    throw new FakeSnowflakeSqlError('001003', '42000', 'SQL compilation error:\nsyntax error in ALTER SESSION.');
  }
  return {
    statementTypeId: STATEMENT_TYPE.ALTER_SESSION,
    rowtype: [
      {
        name: 'status',
        database: '',
        schema: '',
        table: '',
        type: 'text',
        precision: null,
        scale: null,
        length: 256,
        byteLength: 1024,
        nullable: true,
        collation: null,
      },
    ],
    rows: [['Statement executed successfully.']],
  };
}

/** CURRENT_DATABASE() and friends are per session (NULL when the login named an unknown database). */
function withSessionContext(sql: string, session: Session): string {
  const literal = (value: string | null): string => (value === null ? 'NULL' : `'${value.replace(/'/g, "''")}'`);
  return sql
    .replace(/\bCURRENT_DATABASE\s*\(\s*\)/gi, literal(session.database))
    .replace(/\bCURRENT_SCHEMA\s*\(\s*\)/gi, literal(session.schema))
    .replace(/\bCURRENT_ROLE\s*\(\s*\)/gi, literal(session.role))
    .replace(/\bCURRENT_WAREHOUSE\s*\(\s*\)/gi, literal(session.warehouse));
}

/** Milliseconds a SYSTEM$WAIT(n[, unit]) marker asks the statement to run for. */
function waitMarkerMs(sql: string): number {
  const match = /SYSTEM\$WAIT\s*\(\s*(\d+(?:\.\d+)?)\s*(?:,\s*'(\w+)'\s*)?\)/i.exec(sql);
  if (!match) return 0;
  const unit = (match[2] ?? 'SECONDS').toUpperCase();
  const factor = unit.startsWith('MILLI')
    ? 1
    : unit.startsWith('MIN')
      ? 60_000
      : unit.startsWith('HOUR')
        ? 3_600_000
        : 1000;
  return Number(match[1]) * factor;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  if (parts.length === 0) return undefined;
  let buffer = Buffer.concat(parts);
  // The SDK gzips request bodies when its (asynchronous) compression finishes before the send.
  if (/gzip/i.test(String(req.headers['content-encoding'] ?? '')) || (buffer[0] === 0x1f && buffer[1] === 0x8b))
    buffer = gunzipSync(buffer);
  const text = buffer.toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
}

function send(res: ServerResponse, status: number, json: unknown, text?: string): void {
  if (res.headersSent) return;
  if (text !== undefined) {
    // Chunks come from object storage as opaque bytes; the SDK must not JSON-parse them.
    res.writeHead(status, { 'content-type': 'application/octet-stream' });
    res.end(text);
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(json));
}
