import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { ProjectContext } from '../../src/services/project-context.js';
import { removeTempDir } from '../support/remove-temp-dir.js';
import { BIN, json, runCli } from '../support/run-cli.js';

const ENV = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '/tmp',
  NO_COLOR: '1',
  DATACHAT_SECRET_KEY: 'test-key',
};

const TOOLS = [
  'ask',
  'get_context',
  'get_datapoint',
  'list_databases',
  'list_datapoints',
  'propose_datapoint',
  'run_query',
];

// biome-ignore lint/suspicious/noExplicitAny: tests read structured results freely; the SDK checks them against the output schemas
type Structured = Record<string, any>;

/** Spawns `datachat mcp` and connects the SDK's client to it over stdio. */
async function connectStdio(
  project: string,
  extraArgs: string[] = [],
): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp', '--dir', project, ...extraArgs],
    env: ENV,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: 'e2e-client', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

function text(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

function structured(result: CallToolResult): Structured {
  expect(result.isError, text(result)).toBeFalsy();
  return result.structuredContent as Structured;
}

/** `datachat mcp` over stdio on the sample project, through the official SDK client. */
describe('datachat mcp (stdio, sample project)', () => {
  let root: string;
  let project: string;
  let client: Client;
  let stderr: () => string;

  const sqlite = <T>(sql: string): T => {
    const db = new Database(join(project, '.datachat', 'sample.db'), { readonly: true });
    try {
      return db.prepare(sql).get() as T;
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'datachat-mcp-'));
    project = join(root, 'p');
    const init = runCli(['init', '--sample', '--yes', '--auto-approve', '--dir', project]);
    expect(init.code, init.stderr).toBe(0);
    ({ client, stderr } = await connectStdio(project));
  }, 180_000);
  afterAll(async () => {
    await client?.close();
    await removeTempDir(root);
  });

  it('lists the seven tools, each with an input and an output JSON schema', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(TOOLS);
    for (const tool of tools) {
      expect(tool.inputSchema.type, tool.name).toBe('object');
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      expect(tool.description?.length, tool.name).toBeGreaterThan(40);
    }
    const ask = tools.find((t) => t.name === 'ask')!;
    expect(ask.inputSchema.required).toEqual(['question']);
    expect(Object.keys(ask.inputSchema.properties ?? {}).sort()).toEqual(['conversation_id', 'database', 'question']);
    const runQuery = tools.find((t) => t.name === 'run_query')!;
    expect(runQuery.annotations?.readOnlyHint).toBe(true);
    expect(tools.find((t) => t.name === 'propose_datapoint')!.annotations?.readOnlyHint).toBe(false);
    // Nothing but protocol on stdout (the client would have failed to parse it), nothing on stderr without --verbose.
    expect(stderr()).toBe('');
  });

  it('list_databases: the sample connection with its type, default flag and DataPoint counts', async () => {
    const result = structured(await call(client, 'list_databases'));
    const cli = json<{ connection_id: string; datapoint_count: number }[]>(
      runCli(['db', 'list', '--json', '--dir', project]),
    );
    expect(result.databases).toHaveLength(1);
    const [db] = result.databases;
    expect(db).toMatchObject({ id: 'sample', type: 'sqlite', is_default: true, is_active: true });
    expect(db.datapoint_count).toBe(cli[0]!.datapoint_count);
    expect(db.datapoint_counts.Schema).toBe(8);
    expect(db.datapoint_counts.Business).toBeGreaterThan(10);
    const sum = Object.values(db.datapoint_counts as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(sum).toBe(db.datapoint_count);
    expect(text(await call(client, 'list_databases'))).toMatch(/^sample \(sqlite, default\)/);
  });

  it('ask answers "revenue by month in 2024" with the same answer object as `datachat ask --json`', async () => {
    const result = await call(client, 'ask', { question: 'revenue by month in 2024' });
    const answer = structured(result);
    const cli = json<Structured>(runCli(['ask', 'revenue by month in 2024', '--json', '--dir', project]));
    expect(answer.status).toBe('answered');
    expect(answer.method).toBe('metric');
    expect(answer.columns).toEqual(['month', 'revenue']);
    expect(answer.data).toHaveLength(12);
    expect(answer.data[0].month).toBe('2024-01');
    const { metrics: _m1, conversation_id: _c1, status: _s, ...mine } = answer;
    const { metrics: _m2, conversation_id: _c2, ...theirs } = cli;
    expect(mine).toEqual(theirs);
    const gold = sqlite<{ v: number }>(
      `SELECT SUM(total_amount) AS v FROM orders WHERE status NOT IN ('cancelled','refunded') AND order_date >= '2024-03-01' AND order_date < '2024-04-01'`,
    );
    expect(answer.data[2].revenue).toBeCloseTo(gold.v, 2);
    expect(text(result)).toMatch(/^Revenue by month in 2024: 12 rows\./);
    expect(text(result)).toContain('| 2024-01 |');
  });

  it('ask follows up with conversation_id; an unknown conversation is a tool error with a hint', async () => {
    const first = structured(await call(client, 'ask', { question: 'revenue in 2024' }));
    const follow = structured(
      await call(client, 'ask', { question: 'and by month?', conversation_id: first.conversation_id }),
    );
    expect(follow.conversation_id).toBe(first.conversation_id);
    expect(follow.columns).toEqual(['month', 'revenue']);
    expect(follow.data).toHaveLength(12);
    const unknown = await call(client, 'ask', { question: 'and by month?', conversation_id: 'conv_nope' });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toMatch(/Error \(not_found\): Unknown conversation "conv_nope"/);
    expect(text(unknown)).toMatch(/Hint: /);
  });

  it('ask says when a question needs an LLM as a normal result pointing at get_context + run_query', async () => {
    const result = await call(client, 'ask', { question: 'which customers spend the most?' });
    expect(result.isError).toBeFalsy();
    const answer = structured(result);
    expect(answer.status).toBe('needs_llm');
    expect(answer.answer).toMatch(/needs an LLM/);
    expect(answer.hint).toMatch(/get_context/);
    expect(answer.hint).toMatch(/run_query/);
    expect(answer.data).toBeUndefined();
  });

  it('get_context: routing, ranked tables with columns and joins, metrics with their SQL, DataPoint URIs', async () => {
    const context = structured(await call(client, 'get_context', { question: 'revenue by customer country' }));
    expect(context.routing).toMatchObject({ targets: ['sample'] });
    expect(context.databases).toEqual([{ id: 'sample', type: 'sqlite' }]);
    const orders = context.tables.find((t: Structured) => t.table === 'orders');
    expect(orders.columns.map((c: Structured) => c.name)).toEqual(
      expect.arrayContaining(['order_date', 'status', 'total_amount', 'customer_id']),
    );
    expect(orders.relationships).toContainEqual(
      expect.objectContaining({ columns: ['customer_id'], target_table: 'customers', target_columns: ['id'] }),
    );
    const customers = context.tables.find((t: Structured) => t.table === 'customers');
    const email = customers.columns.find((c: Structured) => c.name === 'email');
    expect(email.pii).toBe(true);
    expect(email.sample_values).toEqual([]);
    const revenue = context.metrics.find((m: Structured) => m.id === 'revenue');
    expect(revenue).toMatchObject({ expression: 'SUM(orders.total_amount)', table: 'orders', aggregation: 'SUM' });
    expect(revenue.filters).toEqual(["orders.status NOT IN ('cancelled', 'refunded')"]);
    expect(context.datapoints).toContainEqual(
      expect.objectContaining({ id: 'revenue', uri: 'datachat://sample/business/revenue' }),
    );
    // The text alone is enough to write the SQL.
    const rendered = text(await call(client, 'get_context', { question: 'revenue by customer country' }));
    expect(rendered).toContain('sample speaks sqlite SQL.');
    expect(rendered).toMatch(/Metric revenue: SUM\(orders\.total_amount\) FROM orders WHERE orders\.status NOT IN/);
    expect(rendered).toMatch(/customer_id → customers\.id/);
  });

  it('run_query runs read-only SQL; DROP TABLE customers is refused naming the rule and the hint', async () => {
    const ok = structured(
      await call(client, 'run_query', { sql: 'SELECT count(*) AS n FROM customers', database: 'sample' }),
    );
    expect(ok).toMatchObject({
      columns: ['n'],
      data: [{ n: 5000 }],
      row_count: 1,
      truncated: false,
      database_used: 'sample',
    });

    const refused = await call(client, 'run_query', { sql: 'DROP TABLE customers', database: 'sample' });
    expect(refused.isError).toBe(true);
    expect(refused.structuredContent).toBeUndefined();
    expect(text(refused)).toMatch(/^Error \(sql_rejected\): SQL rejected: .*DROP/);
    expect(text(refused)).toMatch(/^Rule: not_read_only$/m);
    expect(text(refused)).toMatch(/^Hint: .*read-only/m);
    expect(sqlite<{ n: number }>('SELECT count(*) AS n FROM customers').n).toBe(5000);

    const twoStatements = await call(client, 'run_query', { sql: 'SELECT 1; DELETE FROM customers' });
    expect(twoStatements.isError).toBe(true);
    expect(text(twoStatements)).toMatch(/sql_rejected/);
    const unknownDb = await call(client, 'run_query', { sql: 'SELECT 1', database: 'nope' });
    expect(text(unknownDb)).toMatch(
      /Error \(not_found\): Unknown connection "nope"\.\nHint: Known connections: sample\./,
    );
  });

  it('caps a large result by rows (200) and by bytes (256 KiB), saying which cap cut it', async () => {
    const rows = structured(await call(client, 'run_query', { sql: 'SELECT * FROM order_items' }));
    expect(rows.data).toHaveLength(200);
    expect(rows).toMatchObject({ row_count: 200, truncated: true, truncated_by: 'rows' });
    expect(rows.data[199].id).toBe(200);

    const wide = await call(client, 'run_query', {
      sql: 'SELECT id, (SELECT group_concat(name) FROM products) AS names FROM orders',
    });
    const bytes = structured(wide);
    expect(bytes).toMatchObject({ truncated: true, truncated_by: 'bytes' });
    expect(bytes.data.length).toBeGreaterThan(0);
    expect(bytes.data.length).toBeLessThan(200);
    expect(Buffer.byteLength(JSON.stringify(bytes.data))).toBeLessThanOrEqual(256 * 1024);
    expect(text(wide)).toMatch(/truncated by the bytes cap/);

    // ask: the CLI returns every day of the series (912 rows, under max_rows); an assistant gets 200.
    const daily = await call(client, 'ask', { question: 'revenue by day' });
    const answer = structured(daily);
    expect(answer).toMatchObject({ status: 'answered', method: 'metric', truncated: true, truncated_by: 'rows' });
    expect(answer.data).toHaveLength(200);
    expect(text(daily)).toMatch(/200 rows \(truncated by the rows cap\)/);
  });

  it('list_datapoints, get_datapoint and the datachat:// resources show the approved DataPoints', async () => {
    const list = structured(await call(client, 'list_datapoints', { type: 'Business' }));
    expect(list.truncated).toBe(false);
    expect(list.datapoints.every((d: Structured) => d.type === 'Business')).toBe(true);
    const revenue = list.datapoints.find((d: Structured) => d.id === 'revenue');
    expect(revenue).toMatchObject({
      uri: 'datachat://sample/business/revenue',
      connection: 'sample',
      file: 'datapoints/sample/business/revenue.yaml',
    });

    const one = structured(await call(client, 'get_datapoint', { id: 'sample/revenue' }));
    expect(one.datapoint).toMatchObject({ type: 'Business', expression: 'SUM(orders.total_amount)' });
    expect(one.yaml).toContain('expression: SUM(orders.total_amount)');
    expect(one.uri).toBe('datachat://sample/business/revenue');

    const all = structured(await call(client, 'list_datapoints'));
    const { resources } = await client.listResources();
    expect(resources).toHaveLength(all.total);
    const read = await client.readResource({ uri: 'datachat://sample/business/revenue' });
    expect(read.contents[0]).toMatchObject({ mimeType: 'application/yaml', text: one.yaml });
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(['datachat://{connection}/{type}/{id}']);
    await expect(client.readResource({ uri: 'datachat://sample/business/nope' })).rejects.toThrow(/No DataPoint/);

    const missing = await call(client, 'get_datapoint', { id: 'nope' });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toMatch(/Error \(not_found\): No DataPoint "nope"\.\nHint: /);
  });

  it('propose_datapoint: a valid proposal lands in review (never approved); an invalid one is refused', async () => {
    const proposal = {
      type: 'Business',
      id: 'paid_amount',
      name: 'Paid amount',
      connection: 'sample',
      description: 'Money received through payments.',
      table: 'payments',
      expression: 'SUM(payments.amount)',
      aggregation: 'SUM',
      generated: { expression: 'deadbeef' },
    };
    const result = structured(await call(client, 'propose_datapoint', { datapoint: proposal }));
    expect(result).toMatchObject({
      status: 'pending_review',
      key: 'sample/paid_amount',
      file: '.datachat/pending/sample/business/paid_amount.yaml',
      approved_file: 'datapoints/sample/business/paid_amount.yaml',
      replaces_approved: false,
      review_command: 'datachat review --approve sample/paid_amount',
    });
    expect(result.diff).toContain('+expression: SUM(payments.amount)');
    expect(existsSync(join(project, '.datachat/pending/sample/business/paid_amount.yaml'))).toBe(true);
    expect(existsSync(join(project, 'datapoints/sample/business/paid_amount.yaml'))).toBe(false);
    const pendingYaml = readFileSync(join(project, '.datachat/pending/sample/business/paid_amount.yaml'), 'utf8');
    // The generator's fingerprints are not the assistant's to claim.
    expect(pendingYaml).not.toContain('deadbeef');

    const review = json<Structured[]>(runCli(['review', '--json', '--dir', project]));
    expect(review).toContainEqual(
      expect.objectContaining({ key: 'sample/paid_amount', type: 'Business', generated_by: 'mcp:e2e-client' }),
    );
    // Not approved, so not known to answers or listings yet.
    const listed = structured(await call(client, 'list_datapoints', { type: 'Business' }));
    expect(listed.datapoints.map((d: Structured) => d.id)).not.toContain('paid_amount');

    // YAML text works too, and re-proposing its own proposal replaces it.
    const yaml =
      "type: Business\nid: paid_amount\nname: Paid amount\nconnection: sample\ntable: payments\nexpression: SUM(payments.amount)\naggregation: SUM\nfilters:\n  - payments.status = 'completed'\n";
    const again = structured(await call(client, 'propose_datapoint', { datapoint: yaml }));
    expect(again.diff).toContain("+  - payments.status = 'completed'");

    const invalid = await call(client, 'propose_datapoint', { datapoint: 'type: Business\nid: half\nname: Half\n' });
    expect(invalid.isError).toBe(true);
    expect(text(invalid)).toMatch(/Error \(datapoint_invalid\): \(proposal\):\d+: connection: /);
    expect(text(invalid)).toMatch(/Hint: Fix the fields/);
    const unknownConnection = await call(client, 'propose_datapoint', {
      datapoint: { ...proposal, id: 'x', connection: 'nope' },
    });
    expect(text(unknownConnection)).toMatch(/unknown database "nope" \(known: sample\)/);
    const takenAsOtherType = await call(client, 'propose_datapoint', {
      datapoint: { ...proposal, id: 'orders', generated: undefined },
    });
    expect(text(takenAsOtherType)).toMatch(/"sample\/orders" is already a Schema DataPoint/);
    expect(existsSync(join(project, '.datachat/pending/sample/business/half.yaml'))).toBe(false);
    expect(existsSync(join(project, '.datachat/pending/sample/business/orders.yaml'))).toBe(false);
  });

  it('exits 0 with nothing on stdout when the client closes stdin; 3 with a hint outside a project', () => {
    const closed = runCli(['mcp', '--dir', project]);
    expect(closed.code, closed.stderr).toBe(0);
    expect(closed.stdout).toBe('');
    const empty = join(root, 'empty');
    mkdirSync(empty);
    const outside = runCli(['mcp', '--dir', empty]);
    expect(outside.code).toBe(3);
    expect(outside.stdout).toBe('');
    expect(outside.stderr).toMatch(/No datachat project in .*\nHint: Create one with `datachat init --sample`/);
  });

  it('--verbose logs each tool call on stderr, never on stdout', async () => {
    const verbose = await connectStdio(project, ['--verbose']);
    try {
      structured(await call(verbose.client, 'list_databases'));
      await call(verbose.client, 'run_query', { sql: 'DROP TABLE customers' });
    } finally {
      await verbose.client.close();
    }
    expect(verbose.stderr()).toMatch(/^mcp list_databases: ok in \d+ ms$/m);
    expect(verbose.stderr()).toMatch(/^mcp run_query: error sql_rejected in \d+ ms$/m);
  });

  it('no secret in any result: a connection added with a password, failing to connect', async () => {
    const added = runCli([
      'db',
      'add',
      'warehouse',
      'postgresql://analyst:Sup3rSecretPw@127.0.0.1:1/x',
      '--no-test',
      '--dir',
      project,
    ]);
    expect(added.code, added.stderr).toBe(0);
    // The running server picks up the changed .datachat.yml.
    const dbs = await call(client, 'list_databases');
    expect(structured(dbs).databases.map((d: Structured) => d.id)).toEqual(['sample', 'warehouse']);
    const failed = await call(client, 'run_query', { sql: 'SELECT 1', database: 'warehouse' });
    expect(failed.isError).toBe(true);
    expect(text(failed)).toMatch(/^Error \(connection_failed\): Cannot connect to PostgreSQL/);
    // Even a result that holds the secret (here a literal) hands it out redacted, text and structured.
    const echoed = await call(client, 'run_query', { sql: "SELECT 'Sup3rSecretPw' AS x", database: 'sample' });
    expect(structured(echoed).data).toEqual([{ x: '***' }]);
    for (const r of [dbs, failed, echoed]) expect(JSON.stringify(r)).not.toContain('Sup3rSecretPw');
  });
});

/** The same server over Streamable HTTP at /mcp of `datachat serve`, with the API's security rules. */
describe('MCP over HTTP at /mcp (buildApp on 127.0.0.1)', () => {
  let root: string;
  let project: string;
  const open: { app: FastifyInstance; context: ProjectContext }[] = [];

  const serve = async (env: Record<string, string> = {}): Promise<URL> => {
    const context = ProjectContext.load({ dir: project, cwd: project, env: { ...ENV, ...env } });
    const app = buildApp({ project: context, env: { ...ENV, ...env } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    open.push({ app, context });
    return new URL(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/mcp`);
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'datachat-mcp-http-'));
    project = join(root, 'p');
    const init = runCli(['init', '--sample', '--yes', '--auto-approve', '--dir', project]);
    expect(init.code, init.stderr).toBe(0);
  }, 180_000);
  afterAll(async () => {
    for (const { app, context } of open) {
      await app.close();
      await context.close();
    }
    await removeTempDir(root);
  });

  it('serves the seven tools; ask answers, run_query refuses, propose lands in review', async () => {
    const url = await serve();
    const client = new Client({ name: 'http-client', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(url));
    try {
      expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(TOOLS);
      const answer = structured(await call(client, 'ask', { question: 'revenue by month in 2024' }));
      expect(answer).toMatchObject({ status: 'answered', method: 'metric', columns: ['month', 'revenue'] });
      expect(answer.data).toHaveLength(12);
      const refused = await call(client, 'run_query', { sql: 'DROP TABLE customers' });
      expect(refused.isError).toBe(true);
      expect(text(refused)).toMatch(/Rule: not_read_only/);
      structured(
        await call(client, 'propose_datapoint', {
          datapoint: {
            type: 'Business',
            id: 'http_metric',
            name: 'H',
            connection: 'sample',
            table: 'orders',
            expression: 'COUNT(*)',
            aggregation: 'COUNT',
          },
        }),
      );
    } finally {
      await client.close();
    }
    const review = json<Structured[]>(runCli(['review', '--json', '--dir', project]));
    expect(review.map((r) => r.key)).toContain('sample/http_metric');
  });

  it('`datachat serve` prints the /mcp URL and serves MCP there', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--json', '--dir', project], { env: ENV });
    try {
      const info = await new Promise<{ url: string; mcp: string; port: number }>((resolve, reject) => {
        let stdout = '';
        const timer = setTimeout(() => reject(new Error(`serve did not start: ${stdout}`)), 30_000);
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          try {
            resolve(JSON.parse(stdout));
            clearTimeout(timer);
          } catch {
            // Not complete yet.
          }
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      expect(info.mcp).toBe(`http://127.0.0.1:${info.port}/mcp`);
      const client = new Client({ name: 'http-client', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(info.mcp)));
      try {
        expect((await client.listTools()).tools).toHaveLength(7);
        const answer = structured(await call(client, 'ask', { question: 'revenue in 2024' }));
        expect(answer).toMatchObject({ status: 'answered', method: 'metric', columns: ['revenue'] });
      } finally {
        await client.close();
      }
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);

  it('stateless: GET is 405; a cross-site POST is 403 like the API', async () => {
    const url = await serve();
    const get = await fetch(url, { headers: { accept: 'text/event-stream' } });
    expect(get.status).toBe(405);
    expect((await get.json()).error).toBe('method_not_allowed');
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
    const accept = 'application/json, text/event-stream';
    const crossSite = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/plain', accept, origin: 'http://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    expect((await crossSite.json()).error).toBe('cross_site_request');
    const direct = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', accept } });
    expect(direct.status).toBe(200);
    expect((await direct.json()).result.tools).toHaveLength(7);
  });

  it('with DATACHAT_API_TOKEN: 401 without the bearer token, answers with it', async () => {
    const token = 'mcp-test-token-0123456789abcdef';
    const url = await serve({ DATACHAT_API_TOKEN: token });
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const anonymous = await fetch(url, { method: 'POST', body, headers });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await fetch(url, { method: 'POST', body, headers: { ...headers, authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);

    const client = new Client({ name: 'http-client', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
    );
    try {
      const dbs = structured(await call(client, 'list_databases'));
      expect(dbs.databases.map((d: Structured) => d.id)).toEqual(['sample']);
    } finally {
      await client.close();
    }
  });
});
