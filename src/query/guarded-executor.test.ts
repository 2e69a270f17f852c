import { describe, expect, it } from 'vitest';
import type { Connector, ExecuteOptions, QueryResult } from '../connectors/connector.js';
import { postgresqlDialect } from '../connectors/postgresql/postgresql-dialect.js';
import { connectionConfigSchema } from '../config/config-schema.js';
import { SqlRejectedError } from '../errors.js';
import { GuardedExecutor, executeGuarded } from './guarded-executor.js';

/** A connector that records what would have reached the database. */
function recordingConnector(): Connector & { sent: string[] } {
  const sent: string[] = [];
  const result: QueryResult = {
    columns: [{ name: 'x' }],
    rows: [{ x: 1 }],
    rowCount: 1,
    truncated: false,
    elapsedMs: 1,
  };
  return {
    engine: 'postgresql',
    dialect: postgresqlDialect,
    sent,
    test: async () => ({ ok: true, latencyMs: 0 }),
    introspect: async () => ({ tables: [] }) as never,
    execute: async (sql: string, _options?: ExecuteOptions) => {
      sent.push(sql);
      return result;
    },
    close: async () => undefined,
  };
}

const limits = { maxRows: 10, timeoutMs: 1000 };

describe('GuardedExecutor', () => {
  it('sends accepted SQL, normalized, and nothing at all for refused SQL', async () => {
    const connector = recordingConnector();
    const executor = new GuardedExecutor(connector);
    const refused = (code: string) => ({ details: { reason_code: code } });
    await expect(executor.execute('SELECT lower(email) FROM customers;  -- done', limits)).resolves.toMatchObject({
      sql: 'SELECT lower(email) FROM customers',
    });
    const readFile = executor.execute("SELECT pg_read_file('/etc/passwd')", limits);
    await expect(readFile).rejects.toBeInstanceOf(SqlRejectedError);
    await expect(executor.execute('SELECT my_udf(1)', limits)).rejects.toMatchObject(refused('dangerous_function'));
    await expect(executor.execute('SELECT * FROM pg_authid', limits)).rejects.toMatchObject(refused('secret_catalog'));
    expect(connector.sent).toEqual(['SELECT lower(email) FROM customers']);
  });

  it("lets through the user-defined functions a connection's allowed_functions names, and only those", async () => {
    const connector = recordingConnector();
    const allowedFunctions = ['my_udf', 'analytics.fiscal_year'];
    const config = { id: 'w', type: 'postgresql', url: 'postgresql://x/y', allowed_functions: allowedFunctions };
    const allowed = connectionConfigSchema.parse(config).allowed_functions;
    const executor = new GuardedExecutor(connector, allowed);
    await expect(executor.execute('SELECT my_udf(1), analytics.fiscal_year(now())', limits)).resolves.toBeDefined();
    await expect(executor.execute('SELECT other_udf(1)', limits)).rejects.toMatchObject({
      hint: expect.stringContaining('allowed_functions'),
    });
    await expect(executor.execute('SELECT other.fiscal_year(now())', limits)).rejects.toBeInstanceOf(SqlRejectedError);
    // An owner cannot allow a function the guard knows to be dangerous by its bare name.
    const risky = new GuardedExecutor(connector, ['pg_sleep']);
    await expect(risky.execute('SELECT pg_sleep(1)', limits)).rejects.toMatchObject({
      details: { reason_code: 'dangerous_function' },
    });
    const once = executeGuarded(connector, 'SELECT my_udf(2)', { ...limits, allowedFunctions: ['MY_UDF'] });
    await expect(once).resolves.toBeDefined();
    expect(connector.sent).toHaveLength(2);
  });

  it('defaults allowed_functions to none in the config schema', () => {
    const connection = connectionConfigSchema.parse({ id: 'w', type: 'postgresql', url: 'postgresql://x/y' });
    expect(connection.allowed_functions ?? []).toEqual([]);
    const empty = { id: 'w', type: 'postgresql', url: 'x', allowed_functions: [''] };
    expect(connectionConfigSchema.safeParse(empty).success).toBe(false);
  });
});
