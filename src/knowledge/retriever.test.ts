import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataPoint } from '../datapoints/datapoint-model.js';
import { writeDataPointFile } from '../datapoints/datapoint-yaml.js';
import { KnowledgeIndexer } from './knowledge-indexer.js';
import { KnowledgeStore } from './knowledge-store.js';
import { LocalEmbedder } from './local-embedder.js';
import { Retriever } from './retriever.js';

let root: string;
let store: KnowledgeStore;

const vehicles = (connection: string, makes: string[]): DataPoint => ({
  type: 'Schema',
  id: 'vehicles',
  name: 'vehicles',
  connection,
  table: 'vehicles',
  kind: 'table',
  purpose: '',
  description: '',
  columns: [
    { name: 'id', type: 'INTEGER', nullable: false, meaning: '' },
    {
      name: 'make',
      type: 'TEXT',
      nullable: false,
      meaning: '',
      stats: { distinct_count: makes.length, sample_values: makes, patterns: [] },
    },
    { name: 'owner_id', type: 'INTEGER', nullable: false, meaning: '' },
  ],
  primary_key: ['id'],
  relationships: [
    {
      columns: ['owner_id'],
      target_table: 'owners',
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
});
const owners = (connection: string): DataPoint => ({
  ...vehicles(connection, []),
  id: 'owners',
  name: 'owners',
  table: 'owners',
  relationships: [],
  columns: [
    { name: 'id', type: 'INTEGER', nullable: false, meaning: '' },
    { name: 'full_name', type: 'TEXT', nullable: false, meaning: '' },
  ],
});

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'datachat-retriever-'));
  for (const [conn, makes] of [
    ['cars', ['volvo', 'saab']],
    ['trucks', ['scania', 'daf']],
  ] as const) {
    writeDataPointFile(join(root, 'datapoints', conn, 'schema', 'vehicles.yaml'), vehicles(conn, [...makes]));
    writeDataPointFile(join(root, 'datapoints', conn, 'schema', 'owners.yaml'), owners(conn));
  }
  store = KnowledgeStore.open(join(root, '.datachat', 'knowledge.db'));
  await new KnowledgeIndexer(store, new LocalEmbedder(64), join(root, 'datapoints'), root).sync();
});
afterEach(() => {
  store.close();
  rmSync(root, { recursive: true, force: true });
});

describe('Retriever', () => {
  it('routes by a literal value only one database holds', async () => {
    const retriever = new Retriever(store, new LocalEmbedder(64));
    const ranked = await retriever.rankConnections('how many vehicles are made by scania', ['cars', 'trucks']);
    expect(ranked[0]!.connection).toBe('trucks');
    expect(ranked[0]!.score).toBeGreaterThan(ranked[1]!.score);
    const other = await retriever.rankConnections('how many vehicles are made by volvo', ['cars', 'trucks']);
    expect(other[0]!.connection).toBe('cars');
  });

  it('brings the foreign-key parent of a hit along, with its real name', async () => {
    const retriever = new Retriever(store, new LocalEmbedder(64));
    const result = await retriever.retrieve('vehicles by make', { connections: ['trucks'] });
    expect(result.tables.map((t) => t.table)).toEqual(['vehicles', 'owners']);
    expect(result.values).toEqual([]);
    const withValue = await retriever.retrieve('vehicles made by daf', { connections: ['trucks'] });
    expect(withValue.values).toEqual([{ connection: 'trucks', table: 'vehicles', column: 'make', value: 'daf' }]);
  });

  it('keeps every connection in one vector table and filters by connection', async () => {
    const retriever = new Retriever(store, new LocalEmbedder(64));
    const all = await retriever.retrieve('owners full name', {});
    expect(new Set(all.datapoints.map((d) => d.connection))).toEqual(new Set(['cars', 'trucks']));
    const one = await retriever.retrieve('owners full name', { connections: ['cars'] });
    expect(one.datapoints.every((d) => d.connection === 'cars')).toBe(true);
  });
});
