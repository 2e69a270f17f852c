import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/connectors/connector.js';
import { createConnector } from '../../../src/connectors/registry.js';
import type { TableProfile } from '../../../src/profiling/profile-model.js';
import { profileDatabase } from '../../../src/profiling/schema-profiler.js';
import { adminQuery } from '../../support/postgres-admin.js';
import { mustRun } from '../conformance/harness.js';
import { connectAsRoot } from '../conformance/mysql-harness.js';
import { createScratchDatabase, findPostgres, PG_SKIP_REASON, type ScratchDatabase } from './load-dataset.js';

/**
 * The sampled-table statistics on the server engines: the frequency-profile and index-lookup SQL runs
 * there, keys give distinct = rows, indexed min/max are the table's, and the rest is labelled.
 * 30,000 rows: `id` key, `grp` indexed with 3,000 values, `kind` 7 values, `note` a quarter null.
 */
const ROWS = 30_000;
const FILL = (i: string) =>
  `${i}, ${i} % 3000 + 1, CONCAT('k', ${i} % 7), CASE WHEN ${i} % 4 = 0 THEN NULL ELSE CONCAT('n', ${i}) END`;

function checks(
  name: string,
  setup: () => Promise<{ connector: Connector; cleanup(): Promise<void> } | string>,
  catalog: boolean,
): void {
  describe(`sampled statistics on ${name}`, () => {
    let live: { connector: Connector; cleanup(): Promise<void> } | undefined;
    let skip: string | undefined;
    let events: TableProfile;
    beforeAll(async () => {
      const result = await setup();
      if (typeof result === 'string') {
        if (mustRun()) throw new Error(`CI=true but ${result}`);
        skip = result;
        return;
      }
      live = result;
      events = (await profileDatabase(live.connector, { connectionId: 'stats', tables: ['events'] })).tables[0]!;
    }, 120_000);
    afterAll(async () => live?.cleanup());

    const column = (n: string) => events.columns.find((c) => c.name === n)!;

    it("reports the key as distinct = rows, and the indexed column's whole-table min and max", (ctx) => {
      if (skip) return ctx.skip();
      expect(events.sampling.method).not.toBe('full');
      expect(events.queries).toBeLessThanOrEqual(3);
      expect(column('id').stats_basis?.distinct).toBe('key');
      expect(column('id').unique_count).toBe(events.row_count);
      expect(column('grp').stats_basis?.min_max).toBe('index');
      expect([Number(column('grp').min_value), Number(column('grp').max_value)]).toEqual([1, 3000]);
      expect(column('id').stats_basis?.min_max).toBe('index');
      expect([Number(column('id').min_value), Number(column('id').max_value)]).toEqual([1, ROWS]);
    });

    it('estimates or looks up the other distinct counts and labels them', (ctx) => {
      if (skip) return ctx.skip();
      expect(column('grp').stats_basis?.distinct).toBe(catalog ? 'catalog' : 'estimate:duj1');
      expect(column('grp').unique_count / 3000).toBeGreaterThan(1 / 1.5);
      expect(column('grp').unique_count / 3000).toBeLessThan(1.5);
      expect(column('kind').unique_count).toBe(7);
      expect(column('note').stats_basis?.nulls).toBe(catalog ? 'catalog' : 'sample');
      expect(column('note').null_percentage).toBeCloseTo(0.25, 1);
      expect(column('kind').stats_basis?.top_values).toBe('sample');
    });
  });
}

checks(
  'MariaDB',
  async () => {
    const admin = await connectAsRoot();
    if (!admin) return 'MariaDB not reachable at 127.0.0.1:3306';
    const database = `dc_stats_${randomBytes(5).toString('hex')}`;
    await admin.query(`CREATE DATABASE \`${database}\``);
    await admin.query(`USE \`${database}\``);
    await admin.query(
      'CREATE TABLE events (id INT PRIMARY KEY, grp INT NOT NULL, kind VARCHAR(8) NOT NULL, note VARCHAR(20) NULL, INDEX events_grp (grp)) ENGINE=InnoDB',
    );
    // The recursion cap's name differs between MariaDB and MySQL; each ignores the other's.
    for (const cap of ['max_recursive_iterations', 'cte_max_recursion_depth'])
      await admin.query(`SET SESSION ${cap} = 100000`).catch(() => undefined);
    await admin.query(
      `INSERT INTO events WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${ROWS}) SELECT ${FILL('i')} FROM s`,
    );
    await admin.query('ANALYZE TABLE events');
    const connector = await createConnector({
      id: 'stats',
      engine: 'mysql',
      url: `mysql://root@127.0.0.1:3306/${database}`,
      options: {},
      baseDir: '/',
    });
    return {
      connector,
      async cleanup() {
        await connector.close();
        await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
        await admin.end();
      },
    };
  },
  false,
);

checks(
  'PostgreSQL',
  async () => {
    const url = await findPostgres();
    if (!url) return PG_SKIP_REASON;
    const scratch: ScratchDatabase = await createScratchDatabase(url, 'dc_sampled');
    await adminQuery(
      scratch.url,
      `CREATE TABLE events (id int PRIMARY KEY, grp int NOT NULL, kind text NOT NULL, note text);
     CREATE INDEX events_grp ON events (grp);
     INSERT INTO events SELECT ${FILL('g').replace(/CONCAT\('(\w+)', ([^)]+)\)/g, "'$1' || ($2)")} FROM generate_series(1, ${ROWS}) g;`,
    );
    await adminQuery(scratch.url, 'ANALYZE events');
    const connector = await createConnector({
      id: 'stats',
      engine: 'postgresql',
      url: scratch.url,
      options: {},
      baseDir: '/',
    });
    return {
      connector,
      async cleanup() {
        await connector.close();
        await scratch.drop();
      },
    };
  },
  true,
);
