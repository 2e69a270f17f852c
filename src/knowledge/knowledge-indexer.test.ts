import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataPoint } from '../datapoints/datapoint-model.js';
import { writeDataPointFile } from '../datapoints/datapoint-yaml.js';
import { DataPointValidationError } from '../errors.js';
import { KnowledgeIndexer } from './knowledge-indexer.js';
import { KnowledgeStore } from './knowledge-store.js';
import { LocalEmbedder } from './local-embedder.js';

let root: string;
let store: KnowledgeStore;
const dpDir = () => join(root, 'datapoints');
const open = () => new KnowledgeIndexer(store, new LocalEmbedder(64), dpDir(), root);

const orders: DataPoint = {
  type: 'Schema',
  id: 'orders',
  name: 'orders',
  connection: 'shop',
  table: 'orders',
  kind: 'table',
  purpose: 'One row per order',
  description: '',
  columns: [
    { name: 'id', type: 'INTEGER', nullable: false, meaning: '' },
    {
      name: 'status',
      type: 'TEXT',
      nullable: false,
      meaning: 'order state',
      stats: { distinct_count: 3, sample_values: ['completed', 'pending', 'cancelled'], patterns: [] },
    },
    { name: 'customer_id', type: 'INTEGER', nullable: false, meaning: '' },
  ],
  primary_key: ['id'],
  relationships: [
    {
      columns: ['customer_id'],
      target_table: 'customers',
      target_columns: ['id'],
      cardinality: 'N:1',
      kind: 'foreign_key',
      confidence: 1,
    },
  ],
  common_queries: [],
  gotchas: [],
  tags: [],
  source: 'manual',
};
const customers: DataPoint = {
  ...orders,
  id: 'customers',
  name: 'customers',
  table: 'customers',
  purpose: 'People who buy',
  relationships: [],
  columns: [{ name: 'id', type: 'INTEGER', nullable: false, meaning: '' }],
};
const revenue: DataPoint = {
  type: 'Business',
  id: 'revenue',
  name: 'Revenue',
  connection: 'shop',
  description: 'money from completed orders',
  expression: 'SUM(orders.total)',
  table: 'orders',
  filters: [],
  dimensions: [],
  synonyms: ['sales'],
  aggregation: 'SUM',
  business_rules: [],
  tags: [],
  source: 'manual',
};
const write = (dp: DataPoint, folder = 'schema') =>
  writeDataPointFile(join(dpDir(), dp.connection, folder, `${dp.id}.yaml`), dp);

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'datachat-index-'));
  store = KnowledgeStore.open(join(root, '.datachat', 'knowledge.db'));
});
afterEach(() => {
  store.close();
  rmSync(root, { recursive: true, force: true });
});

describe('KnowledgeIndexer', () => {
  it('indexes DataPoints with FTS, vectors, edges and values; a second sync does no work', async () => {
    write(orders);
    write(customers);
    write(revenue, 'business');
    const first = await open().sync();
    expect(first).toMatchObject({ added: 3, updated: 0, removed: 0, total: 3, up_to_date: false });
    const second = await open().sync();
    expect(second).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: 3, total: 3, up_to_date: true });
    expect(open().isStale()).toBe(false);

    const fts = store.db
      .prepare(
        `SELECT d.id FROM datapoints_fts f JOIN datapoints d ON d.rowid = f.rowid WHERE datapoints_fts MATCH 'sales'`,
      )
      .all();
    expect(fts).toEqual([{ id: 'revenue' }]);
    const joins = store.db.prepare(`SELECT src, dst, src_columns FROM edges WHERE kind = 'joins'`).all();
    expect(joins).toEqual([{ src: 'table:orders', dst: 'table:customers', src_columns: '["customer_id"]' }]);
    const values = store.db
      .prepare(`SELECT table_name, column_name FROM column_values WHERE column_values MATCH 'pending'`)
      .all();
    expect(values).toEqual([{ table_name: 'orders', column_name: 'status' }]);
    const query = new LocalEmbedder(64).embedOne('customers who buy');
    const nearest = store.db
      .prepare(
        `SELECT d.id FROM datapoint_vectors v JOIN datapoints d ON d.rowid = v.dp_rowid WHERE v.embedding MATCH ? AND k = 1 AND v.connection = 'shop'`,
      )
      .all(query);
    expect(nearest).toEqual([{ id: 'customers' }]);
  });

  it('picks up edits and deletions incrementally', async () => {
    write(orders);
    write(customers);
    await open().sync();
    write({ ...customers, purpose: 'Buyers, edited' });
    unlinkSync(join(dpDir(), 'shop', 'schema', 'orders.yaml'));
    expect(open().isStale()).toBe(true);
    const result = await open().sync();
    expect(result).toMatchObject({ added: 0, updated: 1, removed: 1, total: 1 });
    expect((store.get('shop', 'customers')!.dataPoint as { purpose: string }).purpose).toBe('Buyers, edited');
    expect(store.db.prepare('SELECT count(*) AS n FROM edges').get()).toEqual({ n: 1 });
    expect(store.db.prepare('SELECT count(*) AS n FROM datapoint_vectors').get()).toEqual({ n: 1 });
  });

  it('a malformed file fails the sync with file:line and leaves the index untouched', async () => {
    write(orders);
    await open().sync();
    const before = store.digest();
    write({ ...orders, purpose: 'changed' });
    writeFileSync(
      join(dpDir(), 'shop', 'schema', 'bad.yaml'),
      'type: Schema\nid: bad\nname: bad\nconnection: shop\ntable: bad\nwhat: 1\n',
    );
    const error = await open()
      .sync()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataPointValidationError);
    expect((error as DataPointValidationError).message).toBe(
      'datapoints/shop/schema/bad.yaml:6: what: unknown field "what"',
    );
    expect(store.digest()).toBe(before);
    expect((store.get('shop', 'orders')!.dataPoint as { purpose: string }).purpose).toBe('One row per order');
  });

  it('rejects two files with the same id in one connection', async () => {
    write(orders);
    writeDataPointFile(join(dpDir(), 'shop', 'schema', 'orders-copy.yaml'), orders);
    await expect(open().sync()).rejects.toThrow(/duplicate DataPoint id "orders"/);
    expect(store.count()).toBe(0);
  });

  it('rebuilds the same index from YAML after the database file is deleted', async () => {
    write(orders);
    write(customers);
    write(revenue, 'business');
    await open().sync();
    const digest = store.digest();
    const edges = store.db.prepare('SELECT connection, src, dst, kind FROM edges ORDER BY 1, 2, 3, 4').all();
    store.close();
    rmSync(join(root, '.datachat'), { recursive: true, force: true });
    store = KnowledgeStore.open(join(root, '.datachat', 'knowledge.db'));
    const result = await open().sync();
    expect(result.added).toBe(3);
    expect(store.digest()).toBe(digest);
    expect(store.db.prepare('SELECT connection, src, dst, kind FROM edges ORDER BY 1, 2, 3, 4').all()).toEqual(edges);
  });

  it('re-embeds everything when the embedder changes', async () => {
    write(orders);
    await open().sync();
    const other = new KnowledgeIndexer(store, new LocalEmbedder(32), dpDir(), root);
    expect(other.isStale()).toBe(true);
    expect(await other.sync()).toMatchObject({ updated: 1, total: 1 });
  });
});
