import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/connectors/connector.js';
import { createConnector } from '../../../src/connectors/registry.js';
import { rowObjects } from '../../../src/connectors/result-rows.js';
import { profileDatabase } from '../../../src/profiling/schema-profiler.js';
import { engineSelected, mustRun, type EngineHarness } from './harness.js';
import { HARNESSES } from './harnesses.js';
import { canProbeProcesses, busyThreads, cpuTicksWhileIdle, runInProbeProcess } from './process-probe.js';

/**
 * The one connector conformance suite, looped over every engine. Filter with DATACHAT_TEST_ENGINES.
 * Engines whose server is missing skip with a message saying how to enable them, except in CI.
 */
for (const [engine, makeHarness] of Object.entries(HARNESSES)) {
  if (!engineSelected(engine)) continue;
  describe(`connector conformance: ${engine}`, () => {
    let harness: EngineHarness;
    let connector: Connector;
    let skipReason: string | undefined;

    beforeAll(async () => {
      harness = makeHarness();
      skipReason = await harness.prepare();
      if (skipReason) {
        if (mustRun()) throw new Error(`CI=true but the ${engine} suite cannot run: ${skipReason}`);
        console.warn(`[skip] ${engine} conformance: ${skipReason}`);
        return;
      }
      connector = await createConnector(harness.settings());
    });

    afterAll(async () => {
      await connector?.close();
      await harness?.teardown();
    });

    const live = (name: string, fn: () => Promise<void>, timeout?: number) =>
      it(
        name,
        async (ctx) => {
          if (skipReason) return ctx.skip();
          await fn();
        },
        timeout,
      );

    live('tests the connection and reports a server version', async () => {
      const result = await connector.test();
      expect(result.ok).toBe(true);
      expect(result.serverVersion).toMatch(/\d/);
      expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    });

    live('introspects tables, columns with canonical types, nullability and keys', async () => {
      const meta = await connector.introspect({ tables: ['dc_customers', 'dc_orders', 'dc_numbers'] });
      expect(meta.engine).toBe(engine);
      const names = meta.tables.map((t) => t.name).sort();
      expect(names).toEqual(['dc_customers', 'dc_numbers', 'dc_orders']);
      const customers = meta.tables.find((t) => t.name === 'dc_customers')!;
      const type = (col: string) => customers.columns.find((c) => c.name === col)?.canonicalType;
      expect(type('id')).toBe('integer');
      expect(type('email')).toBe('string');
      expect(type('created_at')).toBe('timestamp');
      if (harness.capabilities.booleanType !== false) expect(type('is_active')).toBe('boolean');
      expect(type('balance')).toBe('decimal');
      expect(type('score')).toBe('float');
      expect(customers.columns.find((c) => c.name === 'email')!.nullable).toBe(false);
      expect(customers.columns.find((c) => c.name === 'notes')!.nullable).toBe(true);
      expect(customers.columns.map((c) => c.ordinal)).toEqual(customers.columns.map((_, i) => i + 1));
      const orders = meta.tables.find((t) => t.name === 'dc_orders')!;
      expect(orders.columns.find((c) => c.name === 'ordered_on')!.canonicalType).toBe('date');
      if (harness.capabilities.primaryKeys) expect(customers.primaryKey).toEqual(['id']);
      if (harness.capabilities.foreignKeys) {
        expect(orders.foreignKeys).toEqual([
          expect.objectContaining({ columns: ['customer_id'], targetTable: 'dc_customers', targetColumns: ['id'] }),
        ]);
      }
      if (harness.capabilities.indexes) {
        expect(orders.indexes.some((i) => i.columns.includes('customer_id') && !i.primary)).toBe(true);
      }
      const numbers = meta.tables.find((t) => t.name === 'dc_numbers')!;
      expect(typeof numbers.rowEstimate).toBe('number');
    });

    live('executes with bound parameters and round-trips values', async () => {
      const d = connector.dialect;
      const sql = `SELECT ${d.quoteIdentifier('email')}, ${d.quoteIdentifier('balance')}, ${d.quoteIdentifier('created_at')}, ${d.quoteIdentifier('is_active')} FROM ${d.quoteIdentifier('dc_customers')} WHERE ${d.quoteIdentifier('id')} = ${d.placeholder(1)}`;
      const result = await connector.execute(sql, { params: [2] });
      expect(result.rowCount).toBe(1);
      expect(result.columns.map((c) => c.name)).toEqual(['email', 'balance', 'created_at', 'is_active']);
      const [email, balance, createdAt, isActive] = result.rows[0]!;
      expect(email).toBe('b@example.com');
      expect(Number(balance)).toBeCloseTo(20.25, 5);
      expect(
        new Date(
          String(createdAt instanceof Date ? createdAt.toISOString() : createdAt).replace(' ', 'T'),
        ).getUTCFullYear(),
      ).toBe(2024);
      expect([false, 0, '0', 'false']).toContain(isActive);
      const injected = await connector
        .execute(sql.replace(d.placeholder(1), d.placeholder(1)), { params: ["2' OR '1'='1"] })
        .catch((e: Error) => e);
      if (!(injected instanceof Error)) expect(injected.rowCount).toBe(0);
    });

    live('applies the row cap while streaming', async () => {
      const d = connector.dialect;
      const sql = `SELECT ${d.quoteIdentifier('n')} FROM ${d.quoteIdentifier('dc_numbers')}`;
      const capped = await connector.execute(sql, { maxRows: 100 });
      expect(capped.rowCount).toBe(100);
      expect(capped.rows).toHaveLength(100);
      expect(capped.truncated).toBe(true);
      expect(capped.truncatedBy).toBe('rows');
      const all = await connector.execute(sql, { maxRows: 5000 });
      expect(all.rowCount).toBe(2500);
      expect(all.truncated).toBe(false);
    });

    live('keeps the values of duplicate column names (rows are arrays aligned with columns)', async () => {
      const d = connector.dialect;
      const id = d.quoteIdentifier('id');
      const sql = `SELECT o.${id}, c.${id} FROM ${d.quoteIdentifier('dc_orders')} o JOIN ${d.quoteIdentifier('dc_customers')} c ON c.${id} = o.${d.quoteIdentifier('customer_id')} WHERE o.${id} = 3`;
      const result = await connector.execute(sql);
      const [first, second] = result.columns.map((c) => c.name);
      expect(first).toBe('id');
      // Most engines name both `id`; ClickHouse names the second after its qualifier (`c.id`).
      expect(['id', 'c.id']).toContain(second);
      expect(result.rows.map((row) => row.map(Number))).toEqual([[3, 2]]);
      const [object] = rowObjects(result);
      expect(Object.keys(object!)).toHaveLength(2);
      expect(Object.values(object!)).toEqual(result.rows[0]);
    });

    live('applies the byte budget while streaming and says which cap stopped the result', async () => {
      const d = connector.dialect;
      const sql = `SELECT ${d.quoteIdentifier('n')} FROM ${d.quoteIdentifier('dc_numbers')}`;
      const capped = await connector.execute(sql, { maxRows: 5000, maxBytes: 800 });
      expect(capped.truncated).toBe(true);
      expect(capped.truncatedBy).toBe('bytes');
      expect(capped.rowCount).toBeGreaterThan(0);
      expect(capped.rowCount).toBeLessThan(2500);
      expect(capped.bytes).toBeLessThanOrEqual(800);
      const first = await connector.execute(sql, { maxRows: 5000, maxBytes: 1 });
      // The first row is always kept, whatever its size.
      expect(first).toMatchObject({ rowCount: 1, truncated: true, truncatedBy: 'bytes' });
    });

    live('shows binary values as size + hex prefix and cuts very long strings', async () => {
      if (!harness.blobExpression || !harness.longTextExpression) return;
      const d = connector.dialect;
      const sql = `SELECT ${harness.blobExpression} AS ${d.quoteIdentifier('b')}, ${harness.longTextExpression} AS ${d.quoteIdentifier('t')}`;
      const result = await connector.execute(sql);
      const [blob, text] = result.rows[0]!;
      expect(blob).toBe(`<blob 1000 bytes: ${'00'.repeat(16)}…>`);
      expect(typeof text).toBe('string');
      expect(text).toBe(`${'0'.repeat(65_536)}…[cut: 100000 chars]`);
      expect(result.bytes).toBeGreaterThanOrEqual(101_000);
    });

    live(
      'cancels a statement that exceeds the timeout',
      async () => {
        const started = Date.now();
        await expect(connector.execute(harness.slowStatement, { timeoutMs: 1000 })).rejects.toThrow(
          /time|cancel|interrupt|exceed/i,
        );
        expect(Date.now() - started).toBeLessThan(15_000);
        // The connector stays usable afterwards.
        const after = await connector.execute(`SELECT 1 AS ${connector.dialect.quoteIdentifier('one')}`);
        expect(Number(after.rows[0]![0])).toBe(1);
      },
      30_000,
    );

    live(
      'a statement past its timeout stops and frees the CPU (nothing of ours keeps burning it)',
      async () => {
        const started = performance.now();
        const error = await connector.execute(harness.slowStatement, { timeoutMs: 1000 }).then(
          () => undefined,
          (e: Error) => e,
        );
        const stoppedAfterMs = performance.now() - started;
        expect(error?.message).toMatch(/time|cancel|interrupt|exceed/i);
        expect(stoppedAfterMs).toBeLessThan(5000);
        if (canProbeProcesses) {
          // A statement that kept running here (e.g. a thread stuck in native code) burns ~100 ticks/s.
          const busy = await busyThreads(process.pid, 1000);
          const burnt = await cpuTicksWhileIdle(process.pid, 1000);
          console.info(
            `[${engine}] runaway statement: error after ${Math.round(stoppedAfterMs)} ms; then ${burnt} CPU ticks in 1 s (this process and its children)`,
          );
          expect(busy).toEqual([]);
        }
      },
      30_000,
    );

    live(
      'after a timed-out statement and close(), the process exits on its own (no handles left)',
      async () => {
        const probe = await runInProbeProcess(harness.settings(), harness.slowStatement, 1000, 20_000);
        expect(probe.stderr).toBe('');
        expect(probe.stdout).toMatch(/"failed":"[^"]*(time|cancel|interrupt|exceed)/i);
        expect(probe.stdout).toContain('{"after":1}');
        expect(probe.stdout).toContain('{"children":[]}');
        expect(probe.stdout).toContain('closed');
        expect(probe.code).toBe(0);
        console.info(
          `[${engine}] probe process ended ${Math.round(probe.exitAfterMs ?? -1)} ms after the timeout error`,
        );
        expect(probe.exitAfterMs).toBeLessThan(8000);
      },
      30_000,
    );

    live(
      'profiles the fixture in at most 3 queries per table and finds the orders → customers link',
      async () => {
        let calls = 0;
        const counting = new Proxy(connector, {
          get(target, prop, receiver) {
            if (prop === 'execute')
              return (...args: Parameters<Connector['execute']>) => (calls++, target.execute(...args));
            return Reflect.get(target, prop, receiver);
          },
        });
        const profile = await profileDatabase(counting, {
          connectionId: 'conformance',
          tables: ['dc_customers', 'dc_orders', 'dc_numbers'],
        });
        expect(profile.summary).toMatchObject({ profiled: 3, failed: 0, skipped: 0 });
        for (const table of profile.tables) expect(table.queries).toBeLessThanOrEqual(3);
        const customers = profile.tables.find((t) => t.table_name === 'dc_customers')!;
        expect(customers.row_count).toBe(3);
        const column = (name: string) => customers.columns.find((c) => c.name === name)!;
        expect(column('notes').null_percentage).toBeCloseTo(2 / 3, 3);
        expect(column('email').unique_count).toBe(3);
        expect(column('email').patterns).toContain('email');
        expect(column('email').pii).toBe(true);
        expect(column('email').sample_values.every((v) => typeof v === 'string' && v.includes('***'))).toBe(true);
        expect(Number(column('balance').min_value)).toBeCloseTo(10.5, 5);
        expect(Number(column('balance').max_value)).toBeCloseTo(20.25, 5);
        expect(column('balance').avg_value).toBeCloseTo(15.375, 3);
        expect(
          column('country')
            .top_values.map((t) => t.value)
            .sort(),
        ).toEqual(['DE', 'US']);
        const numbers = profile.tables.find((t) => t.table_name === 'dc_numbers')!;
        expect(numbers.row_count).toBe(2500);
        expect(Number(numbers.columns[0]!.max_value)).toBe(2500);
        const link = profile.relationships.find(
          (r) => r.from_table === 'dc_orders' && r.from_columns[0] === 'customer_id',
        );
        expect(link).toMatchObject({ to_table: 'dc_customers', to_columns: ['id'], cardinality: 'N:1' });
        expect(link!.confidence).toBeGreaterThanOrEqual(harness.capabilities.foreignKeys ? 1 : 0.9);
        expect(profile.relationships.filter((r) => r.confidence > 0.8)).toHaveLength(1);
        // 3 tables × ≤ 3 statistics queries + relationship checks; never a query per column.
        expect(calls).toBeLessThanOrEqual(9 + profile.relationships.length + 2);
      },
      60_000,
    );

    live('the database itself refuses a write sent through the lowest execution path', async () => {
      const d = connector.dialect;
      await expect(connector.execute(harness.writeStatement)).rejects.toThrow();
      const count = await connector.execute(
        `SELECT COUNT(*) AS ${d.quoteIdentifier('n')} FROM ${d.quoteIdentifier('dc_customers')}`,
      );
      expect(Number(count.rows[0]![0])).toBe(3);
    });
  });
}
