import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/connectors/connector.js';
import { createConnector } from '../../../src/connectors/registry.js';
import type { DatabaseProfile, TableProfile } from '../../../src/profiling/profile-model.js';
import { profileDatabase } from '../../../src/profiling/schema-profiler.js';
import { generateSampleDatabase } from '../../../src/sample/generate-sample-database.js';

/**
 * Issue #19: on sampled tables every statistic says what it is. Truth comes from exact queries over
 * the same database, never from constants.
 */
describe('statistics of sampled tables on the sample database', () => {
  let dir: string;
  let connector: Connector;
  let profile: DatabaseProfile;
  const exact = async (sql: string): Promise<number> => {
    const result = await connector.execute(sql, { maxRows: 1, timeoutMs: 30_000 });
    return Number(result.rows[0]![0]);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'datachat-stats-'));
    const file = join(dir, 'sample.db');
    await generateSampleDatabase(file);
    connector = await createConnector({
      id: 'sample',
      engine: 'sqlite',
      url: `sqlite:${file}`,
      options: {},
      baseDir: dir,
    });
    profile = await profileDatabase(connector, { connectionId: 'sample' });
  }, 120_000);

  afterAll(async () => {
    await connector?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const orders = (): TableProfile => profile.tables.find((t) => t.table_name === 'orders')!;
  const column = (name: string) => orders().columns.find((c) => c.name === name)!;

  it('reports orders.id as distinct = row count, by key, with whole-table min and max from the index', async () => {
    expect(orders().sampling.method).not.toBe('full');
    const rows = await exact('SELECT COUNT(*) FROM orders');
    expect(column('id').unique_count).toBe(rows);
    expect(column('id').stats_basis?.distinct).toBe('key');
    expect(column('id').min_value).toBe(await exact('SELECT MIN(id) FROM orders'));
    expect(column('id').max_value).toBe(await exact('SELECT MAX(id) FROM orders'));
    expect(column('id').stats_basis?.min_max).toBe('index');
  });

  it('estimates orders.customer_id within a factor 1.5 of the truth and labels it an estimate', async () => {
    const truth = await exact('SELECT COUNT(DISTINCT customer_id) FROM orders');
    const c = column('customer_id');
    expect(c.stats_basis?.distinct).toBe('estimate:duj1');
    expect(c.unique_count_approx).toBe(true);
    expect(c.unique_count / truth).toBeGreaterThan(1 / 1.5);
    expect(c.unique_count / truth).toBeLessThan(1.5);
  });

  it('finds every category of the low-cardinality text columns of sampled tables', async () => {
    for (const table of profile.tables.filter((t) => t.sampling.method !== 'full')) {
      for (const c of table.columns.filter((x) => x.canonical_type === 'string' && x.top_values.length > 0)) {
        const truth = await exact(`SELECT COUNT(DISTINCT "${c.name}") FROM "${table.table_name}"`);
        expect(c.unique_count, `${table.table_name}.${c.name}`).toBe(truth);
      }
    }
  });

  it('labels every statistic of a sampled table and stays within 3 queries', () => {
    for (const table of profile.tables) {
      expect(table.queries).toBeLessThanOrEqual(3);
      for (const c of table.columns) {
        expect(c.stats_basis, `${table.table_name}.${c.name}`).toBeDefined();
        if (table.sampling.method === 'full')
          expect(Object.values(c.stats_basis!).every((b) => b === 'exact')).toBe(true);
        else expect(c.stats_basis!.top_values).toBe('sample');
      }
    }
  });
});
