import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataPoint } from '../datapoints/datapoint-model.js';
import { writeDataPointFile } from '../datapoints/datapoint-yaml.js';
import { KnowledgeIndexer } from './knowledge-indexer.js';
import { KnowledgeStore } from './knowledge-store.js';
import { LocalEmbedder } from './local-embedder.js';

let root: string;
let store: KnowledgeStore;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'datachat-longtext-'));
  store = KnowledgeStore.open(join(root, '.datachat', 'knowledge.db'));
});
afterEach(() => {
  store.close();
  rmSync(root, { recursive: true, force: true });
});

describe('sync of a DataPoint with a 1 MB word in its description', () => {
  // Before the linear scanners, 100 kB took ~40 s and 300 kB never finished; now 1 MB takes well under a
  // second. The 5 s bound only guards against quadratic behaviour on a slow machine.
  it.each([
    ['lower-case', 'x'.repeat(1_000_000)],
    ['upper-case', 'X'.repeat(1_000_000)],
    ['snake_case', 'ab_'.repeat(333_333)],
  ])('%s: indexed, searchable, in linear time', async (_label, word) => {
    const dp: DataPoint = {
      type: 'Business',
      id: 'revenue',
      name: 'Revenue',
      connection: 'shop',
      description: `money ${word} zorblax`,
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
    writeDataPointFile(join(root, 'datapoints', 'shop', 'business', 'revenue.yaml'), dp);
    const started = performance.now();
    const result = await new KnowledgeIndexer(store, new LocalEmbedder(64), join(root, 'datapoints'), root).sync();
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ added: 1, total: 1 });
    expect(store.get('shop', 'revenue')?.dataPoint.description).toBe(`money ${word} zorblax`);
    const hit = store.db.prepare(`SELECT rowid FROM datapoints_fts WHERE datapoints_fts MATCH 'zorblax'`).all();
    expect(hit).toHaveLength(1);
    expect(elapsed).toBeLessThan(5000);
  });
});
