import { describe, expect, it } from 'vitest';
import { QueryError } from '../errors.js';
import { ConnectorBase, type StatementOptions, statementOptions } from './connector-base.js';
import type { QueryResult } from './connector.js';
import type { SchemaMetadata } from './schema-metadata.js';
import { sqliteDialect } from './sqlite/sqlite-dialect.js';

describe('statementOptions', () => {
  it('applies the defaults every connector uses', () => {
    expect(statementOptions()).toEqual({
      maxRows: 1000,
      maxBytes: 16 * 1024 * 1024,
      timeoutMs: 30_000,
      params: [],
      signal: undefined,
    });
  });

  it('bounds what callers pass: whole rows ≥ 0, bytes ≥ 0, a timeout of at least 1 ms', () => {
    const signal = new AbortController().signal;
    expect(statementOptions({ maxRows: 2.7, maxBytes: -5, timeoutMs: 0, params: [1], signal })).toEqual({
      maxRows: 2,
      maxBytes: 0,
      timeoutMs: 1,
      params: [1],
      signal,
    });
    expect(statementOptions({ maxRows: -3 }).maxRows).toBe(0);
  });
});

/** A connector whose statements wait for their signal, recording what the base handed it. */
class FakeConnector extends ConnectorBase {
  readonly engine = 'sqlite' as const;
  readonly dialect = sqliteDialect;
  readonly seen: StatementOptions[] = [];
  readonly events: string[] = [];

  introspect(): Promise<SchemaMetadata> {
    throw new Error('not used');
  }

  protected async serverVersion(): Promise<string> {
    await new Promise((resolve) => setTimeout(resolve, 20));
    return 'Fake 1.0';
  }

  protected runStatement(sql: string, options: StatementOptions): Promise<QueryResult> {
    this.seen.push(options);
    if (sql === 'instant') {
      return Promise.resolve({ columns: [], rows: [], rowCount: 0, truncated: false, bytes: 0, elapsedMs: 0 });
    }
    return new Promise((_, reject) =>
      options.signal?.addEventListener('abort', () => {
        this.events.push('cancelled');
        reject(new QueryError('Query cancelled.'));
      }),
    );
  }

  protected async release(): Promise<void> {
    this.events.push('released');
  }
}

describe('ConnectorBase', () => {
  it('times test() around the server version', async () => {
    const result = await new FakeConnector().test();
    expect(result).toMatchObject({ ok: true, serverVersion: 'Fake 1.0' });
    expect(result.latencyMs).toBeGreaterThanOrEqual(15);
  });

  it('hands statements normalised options and a signal', async () => {
    const connector = new FakeConnector();
    await connector.execute('instant', { maxRows: 5.5 });
    expect(connector.seen[0]).toMatchObject({ maxRows: 5, timeoutMs: 30_000, params: [] });
    expect(connector.seen[0]!.signal).toBeInstanceOf(AbortSignal);
  });

  it('refuses to start a statement whose signal already fired', async () => {
    const connector = new FakeConnector();
    const controller = new AbortController();
    controller.abort();
    await expect(connector.execute('instant', { signal: controller.signal })).rejects.toThrow(
      'Query cancelled before it started.',
    );
    expect(connector.seen).toEqual([]);
  });

  it('close() cancels running statements first, then releases the driver', async () => {
    const connector = new FakeConnector();
    const running = connector.execute('slow').catch((error: Error) => error.message);
    await connector.close();
    expect(await running).toBe('Query cancelled.');
    expect(connector.events).toEqual(['cancelled', 'released']);
  });
});
