import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/connectors/connector.js';
import { createConnector } from '../../../src/connectors/registry.js';
import { profileDatabase } from '../../../src/profiling/schema-profiler.js';
import { adminQuery } from '../../support/postgres-admin.js';
import { mustRun } from '../conformance/harness.js';
import { createScratchDatabase, findPostgres, PG_SKIP_REASON, type ScratchDatabase } from './load-dataset.js';

/** On sampled PostgreSQL tables, fresh pg_stats replace sample-based distinct counts and null fractions. */
describe('profiler uses fresh PostgreSQL catalog statistics on sampled tables', () => {
  let scratch: ScratchDatabase | undefined;
  let connector: Connector | undefined;
  let skip: string | undefined;

  beforeAll(async () => {
    const admin = await findPostgres();
    if (!admin) {
      if (mustRun()) throw new Error(`CI=true but ${PG_SKIP_REASON}`);
      skip = PG_SKIP_REASON;
      return;
    }
    scratch = await createScratchDatabase(admin, 'dc_pgstats');
    await adminQuery(
      scratch.url,
      `CREATE TABLE events (id int PRIMARY KEY, kind text, note text);
       INSERT INTO events SELECT g, 'k' || (g % 7), CASE WHEN g % 4 = 0 THEN NULL ELSE 'n' || g END FROM generate_series(1, 60000) g;`,
    );
    // After the load commits, as autovacuum or a DBA would.
    await adminQuery(scratch.url, 'ANALYZE events');
    connector = await createConnector({
      id: 'pgstats',
      engine: 'postgresql',
      url: scratch.url,
      options: {},
      baseDir: '/',
    });
  }, 60_000);

  afterAll(async () => {
    await connector?.close();
    await scratch?.drop();
  });

  it("reports whole-table distinct counts and null fractions, not the sample's", async (ctx) => {
    if (skip) return ctx.skip();
    const meta = await connector!.introspect({ tables: ['events'] });
    expect(meta.tables[0]!.columnStats?.id).toEqual({ nullFraction: 0, distinctCount: 60000 });
    const profile = await profileDatabase(connector!, { connectionId: 'pgstats', tables: ['events'] });
    const events = profile.tables[0]!;
    expect(events.sampling.method).toBe('native');
    expect(events.sampling.rows_profiled).toBeLessThan(5000);
    const column = (name: string) => events.columns.find((c) => c.name === name)!;
    expect(column('id').unique_count).toBe(60000);
    expect(column('kind').unique_count).toBe(7);
    expect(column('note').null_percentage).toBeCloseTo(0.25, 2);
  });

  it('ignores stale statistics after heavy changes', async (ctx) => {
    if (skip) return ctx.skip();
    await adminQuery(scratch!.url, `INSERT INTO events SELECT g, 'x', NULL FROM generate_series(60001, 80000) g`);
    // The inserting backend reports its counters as it exits; give the stats system a moment.
    let stats: unknown = {};
    for (let i = 0; i < 20 && stats !== undefined; i++) {
      stats = (await connector!.introspect({ tables: ['events'] })).tables[0]!.columnStats;
      if (stats !== undefined) await new Promise((r) => setTimeout(r, 250));
    }
    expect(stats).toBeUndefined();
  });
});
