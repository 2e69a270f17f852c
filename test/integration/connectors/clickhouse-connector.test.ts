import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError, QueryError } from '../../../src/errors.js';
import type { Connector } from '../../../src/connectors/connector.js';
import { createConnector } from '../../../src/connectors/clickhouse/clickhouse-connector.js';
import { rowObjects } from '../../../src/connectors/result-rows.js';

const PASSWORD = 'Sup3rSecret!pw';

interface Seen {
  params: URLSearchParams;
  body: string;
}

/**
 * A fake ClickHouse 18.x HTTP interface: errors as `Code: N, e.displayText() = ...` with status 500,
 * results in TabSeparatedWithNamesAndTypes.
 */
class FakeClickhouse {
  server: Server;
  seen: Seen[] = [];
  closedEarly = 0;
  port = 0;

  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const params = new URL(req.url ?? '/', 'http://x').searchParams;
    this.seen.push({ params, body });
    const [user, password] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64')
      .toString()
      .split(':');
    const fail = (code: number, text: string): void =>
      void res
        .writeHead(500)
        .end(`Code: ${code}, e.displayText() = DB::Exception: ${text}, e.what() = DB::Exception\n`);
    if (password !== PASSWORD) return fail(193, `Wrong password for user ${user}`);
    if (params.get('database') === 'nodb') return fail(81, "Database nodb doesn't exist");
    if (body.startsWith('KILL QUERY')) return void res.end('');
    if (body.startsWith('SELECT version()')) return void res.end('version\nString\n18.16.1\n');
    if (body.startsWith('SELECT slow')) return; // never answers
    if (body.startsWith('SELECT many')) {
      res.writeHead(200);
      res.write('n\nUInt32\n');
      let i = 0;
      const timer = setInterval(() => res.write(`${i++}\n${i++}\n`), 5);
      res.on('close', () => {
        clearInterval(timer);
        this.closedEarly++;
      });
      return;
    }
    res.end(`query\nString\n${body.split('\n')[0]!.trimEnd().replace(/\\/g, '\\\\').replace(/\t/g, '\\t')}\n`);
  }
}

describe('ClickhouseConnector against a fake 18.x server', () => {
  const fake = new FakeClickhouse();
  let connector: Connector;
  const make = (fields: Record<string, unknown>) =>
    createConnector({
      id: 't',
      engine: 'clickhouse',
      options: {
        host: '127.0.0.1',
        port: fake.port,
        username: 'default',
        password: PASSWORD,
        database: 'analytics',
        ...fields,
      },
      baseDir: '.',
    });

  beforeAll(async () => {
    await fake.start();
    connector = make({});
  });
  afterAll(async () => {
    await connector.close();
    fake.server.closeAllConnections();
    await new Promise((resolve) => fake.server.close(resolve));
  });

  it('tests the connection and sends the read-only limits with every request', async () => {
    const result = await connector.test();
    expect(result).toMatchObject({ ok: true, serverVersion: 'ClickHouse 18.16.1' });
    const params = fake.seen.at(-1)!.params;
    expect(params.get('readonly')).toBe('1');
    expect(params.get('max_execution_time')).toBe('30');
    expect(params.get('max_result_rows')).toBe('2');
    expect(params.get('result_overflow_mode')).toBe('break');
    expect(params.get('database')).toBe('analytics');
    expect(fake.seen.at(-1)!.body).toContain('FORMAT TabSeparatedWithNamesAndTypes');
  });

  it('binds parameters client-side as escaped literals', async () => {
    const result = await connector.execute('SELECT ? AS a, ? AS b', { params: ["x' OR '1'='1", 3], timeoutMs: 2500 });
    expect(fake.seen.at(-1)!.body.split('\n')[0]!.trimEnd()).toBe("SELECT 'x\\' OR \\'1\\'=\\'1' AS a, 3 AS b");
    expect(fake.seen.at(-1)!.params.get('max_execution_time')).toBe('3');
    expect(rowObjects(result)).toEqual([{ query: "SELECT 'x\\' OR \\'1\\'=\\'1' AS a, 3 AS b" }]);
  });

  it('stops reading at the row cap and closes the response', async () => {
    const before = fake.closedEarly;
    const result = await connector.execute('SELECT many', { maxRows: 7 });
    expect(result.rowCount).toBe(7);
    expect(rowObjects(result).map((r) => r.n)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(result.truncated).toBe(true);
    expect(result.columns).toEqual([{ name: 'n', type: 'UInt32' }]);
    expect(fake.seen.at(-1)!.params.get('max_result_rows')).toBe('8');
    await expect.poll(() => fake.closedEarly).toBe(before + 1);
  });

  it('cancels on timeout and kills the query on the server', async () => {
    const started = Date.now();
    await expect(connector.execute('SELECT slow', { timeoutMs: 100 })).rejects.toThrow(/timed out after 100 ms/);
    expect(Date.now() - started).toBeLessThan(5000);
    const queryId = fake.seen.find((s) => s.body.startsWith('SELECT slow'))!.params.get('query_id')!;
    await expect
      .poll(() => fake.seen.some((s) => s.body.includes(`KILL QUERY WHERE query_id = '${queryId}'`)))
      .toBe(true);
    expect(fake.seen.find((s) => s.body.startsWith('KILL QUERY'))!.params.get('readonly')).toBe('1');
  });

  it('cancels when the signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(connector.execute('SELECT slow', { signal: controller.signal })).rejects.toThrow(/cancelled/);
    await expect(connector.execute('SELECT 1', { signal: AbortSignal.abort() })).rejects.toThrow(
      /cancelled before it started/,
    );
  });

  it('reports a wrong password without ever showing it', async () => {
    const wrong = make({ password: `${PASSWORD}-typo` });
    const error = (await wrong.test().catch((e: unknown) => e)) as ConnectionError;
    await wrong.close();
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/refused the login of user "default"/);
    expect(error.hint).toMatch(/password/);
    for (const text of [error.message, error.hint ?? '', JSON.stringify(error.toJSON()), String(error.stack)])
      expect(text).not.toContain(PASSWORD);
  });

  it('reports an unknown database', async () => {
    const nodb = make({ database: 'nodb' });
    const error = (await nodb.test().catch((e: unknown) => e)) as ConnectionError;
    await nodb.close();
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toBe(`ClickHouse database "nodb" does not exist at 127.0.0.1:${fake.port}.`);
    expect(error.hint).toMatch(/database name/);
  });

  it('reports an unreachable host without the password', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const down = createConnector({
      id: 't',
      engine: 'clickhouse',
      url: `clickhouse://default:${PASSWORD}@127.0.0.1:${port}/db`,
      options: {},
      baseDir: '.',
    });
    const error = (await down.execute('SELECT 1').catch((e: unknown) => e)) as ConnectionError;
    await down.close();
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toBe(`Cannot reach ClickHouse at 127.0.0.1:${port} (ECONNREFUSED).`);
    expect(error.hint).toMatch(/running/);
    for (const text of [error.message, error.hint ?? '', JSON.stringify(error.toJSON())])
      expect(text).not.toContain(PASSWORD);
  });

  it('refuses mismatched parameters before sending anything', async () => {
    const count = fake.seen.length;
    await expect(connector.execute('SELECT ?', { params: [1, 2] })).rejects.toBeInstanceOf(QueryError);
    expect(fake.seen.length).toBe(count);
  });
});
