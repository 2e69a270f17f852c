import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/connectors/connector.js';
import { createConnector } from '../../../src/connectors/registry.js';
import type { ProcessDataPoint, SchemaDataPoint } from '../../../src/datapoints/datapoint-model.js';
import { serializeDataPoint } from '../../../src/datapoints/datapoint-yaml.js';
import type { TableGenerationInput } from '../../../src/generation/generation-input.js';
import { dailyCountsSql, generateProcessDataPoints, inferCadence } from '../../../src/generation/process-generator.js';

const schema = (
  table: string,
  columns: [string, SchemaDataPoint['columns'][number]['canonical_type']][],
  relationships: SchemaDataPoint['relationships'] = [],
): SchemaDataPoint => ({
  type: 'Schema',
  id: table,
  name: table,
  connection: 'shop',
  table,
  kind: 'table',
  purpose: '',
  description: '',
  columns: columns.map(([name, canonical]) => ({
    name,
    type: canonical === 'timestamp' ? 'DATETIME' : 'TEXT',
    canonical_type: canonical,
    nullable: true,
    meaning: '',
  })),
  primary_key: ['id'],
  relationships,
  common_queries: [],
  gotchas: [],
  tags: [],
  source: 'auto_generated',
});
const input = (s: SchemaDataPoint): TableGenerationInput => ({ schema: s, outgoing: [], incoming: [] });
const days = (start: string, count: number, step = 1): string[] =>
  Array.from({ length: count }, (_, i) =>
    new Date(Date.parse(`${start}T00:00:00Z`) + i * step * 86_400_000).toISOString().slice(0, 10),
  );

describe('inferCadence', () => {
  it.each([
    ['every day', days('2025-01-01', 60), 'daily', 'daily (rows on 100% of days)'],
    [
      'weekdays only',
      days('2025-01-06', 84).filter((d) => ![0, 6].includes(new Date(d).getUTCDay())),
      'daily',
      'daily (rows on 73% of days)',
    ],
    ['every Monday', days('2025-01-06', 12, 7), 'weekly', 'weekly (rows every 7 days on 100% of loads)'],
    ['every 30 days', days('2025-01-01', 8, 30), 'monthly', 'monthly (rows every 30 days on 100% of loads)'],
    [
      'now and then',
      ['2025-01-01', '2025-01-04', '2025-01-15', '2025-02-20'],
      'irregular',
      'irregular (rows on 4 of 51 days, typical gap 11 days)',
    ],
    ['one day', ['2025-03-01'], 'single', 'single load (all rows on 2025-03-01)'],
  ])('%s', (_name, input, kind, schedule) => {
    const cadence = inferCadence(input);
    expect(cadence.kind).toBe(kind);
    expect(cadence.schedule).toBe(schedule);
    expect(cadence.confidence).toBeGreaterThan(0);
    expect(cadence.confidence).toBeLessThanOrEqual(0.9);
  });

  it('ignores order and duplicates', () => {
    expect(inferCadence(['2025-01-03', '2025-01-01', '2025-01-02', '2025-01-02'])).toEqual(
      inferCadence(['2025-01-01', '2025-01-02', '2025-01-03']),
    );
  });
});

describe('generateProcessDataPoints on SQLite', () => {
  let dir: string;
  let connector: Connector;
  const orders = schema(
    'orders',
    [
      ['id', 'integer'],
      ['customer_id', 'integer'],
      ['created_at', 'timestamp'],
    ],
    [
      {
        columns: ['customer_id'],
        target_table: 'customers',
        target_columns: ['id'],
        cardinality: 'N:1',
        kind: 'foreign_key',
        confidence: 1,
      },
      {
        columns: ['id'],
        target_table: 'guesses',
        target_columns: ['id'],
        cardinality: 'N:1',
        kind: 'value_overlap',
        confidence: 0.5,
      },
    ],
  );
  // Dates stored as text: found by name + iso_date pattern in the profile.
  const events = schema('events', [
    ['id', 'integer'],
    ['event_date', 'string'],
  ]);
  const tags = schema('tags', [
    ['id', 'integer'],
    ['label', 'string'],
  ]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'datachat-process-'));
    const db = new Database(join(dir, 'shop.db'));
    db.exec(
      'CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, created_at DATETIME); CREATE TABLE events (id INTEGER PRIMARY KEY, event_date TEXT); CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT);',
    );
    const insert = db.prepare('INSERT INTO orders (customer_id, created_at) VALUES (?, ?)');
    // 100 days of orders, a few per day; the latest 60 days are what counts.
    for (const [i, day] of days('2025-03-01', 100).entries())
      for (let k = 0; k < 1 + (i % 3); k++) insert.run(i, `${day} 0${k}:15:00`);
    for (const day of days('2025-01-06', 10, 7)) db.prepare('INSERT INTO events (event_date) VALUES (?)').run(day);
    db.close();
    connector = await createConnector({
      id: 'shop',
      engine: 'sqlite',
      url: `sqlite:${join(dir, 'shop.db')}`,
      options: {},
      baseDir: dir,
    });
  });
  afterAll(async () => {
    await connector.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const eventsInput = (): TableGenerationInput => ({
    ...input(events),
    profile: {
      columns: [{ name: 'event_date', patterns: ['iso_date'] }],
    } as unknown as TableGenerationInput['profile'],
  });

  it('writes one Process DataPoint per time-placed table, with cadence, stable freshness and dependencies', async () => {
    const { datapoints, failures } = await generateProcessDataPoints(connector, 'shop', [
      input(orders),
      eventsInput(),
      input(tags),
    ]);
    expect(failures).toEqual([]);
    expect(datapoints.map((d) => d.id)).toEqual(['events_load', 'orders_load']);
    const load = datapoints.find((d) => d.id === 'orders_load')!;
    expect(load).toMatchObject({
      type: 'Process',
      name: 'Orders load',
      schedule: 'daily (rows on 100% of days)',
      data_freshness: 'latest row at 2025-06-08 00:15:00 (orders.created_at)',
      target_tables: ['orders'],
      dependencies: ['customers'],
      source: 'auto_generated',
      generated_by: 'heuristic',
    });
    expect(load.description).toContain('on the 60 latest days with data (2025-04-10 to 2025-06-08)');
    expect(datapoints.find((d) => d.id === 'events_load')!.schedule).toBe(
      'weekly (rows every 7 days on 100% of loads)',
    );
  });

  it('is deterministic: the same data gives byte-identical YAML', async () => {
    const a = await generateProcessDataPoints(connector, 'shop', [input(orders)]);
    const b = await generateProcessDataPoints(connector, 'shop', [input(orders)]);
    expect(serializeDataPoint(a.datapoints[0]!)).toBe(serializeDataPoint(b.datapoints[0]!));
    expect(serializeDataPoint(a.datapoints[0]!)).not.toMatch(/ago|days before/);
  });

  it("keeps people's sla, owner and tags; leaves manual Process DataPoints alone", async () => {
    const prior = {
      type: 'Process',
      id: 'orders_load',
      sla: 'by 06:00 UTC',
      owner: 'data-eng',
      tags: ['etl'],
      source: 'auto_generated',
    } as ProcessDataPoint;
    const { datapoints } = await generateProcessDataPoints(connector, 'shop', [input(orders)], {
      existing: new Map([['orders_load', prior]]),
    });
    expect(datapoints[0]).toMatchObject({ sla: 'by 06:00 UTC', owner: 'data-eng', tags: ['etl'] });
    const manual = await generateProcessDataPoints(connector, 'shop', [input(orders)], {
      existing: new Map([['orders_load', { ...prior, source: 'manual' }]]),
    });
    expect(manual.datapoints).toEqual([]);
  });

  it('a table whose query fails is reported, not fatal', async () => {
    const broken = schema('missing_table', [['created_at', 'timestamp']]);
    const { datapoints, failures } = await generateProcessDataPoints(connector, 'shop', [input(broken), input(orders)]);
    expect(datapoints.map((d) => d.id)).toEqual(['orders_load']);
    expect(failures).toEqual([{ id: 'missing_table_load', error: expect.stringContaining('missing_table') }]);
  });

  it('builds the SQL with the dialect: day truncation for timestamps, the first 10 characters for text dates', () => {
    expect(dailyCountsSql(connector, input(orders), 'created_at')).toContain(
      `strftime('%Y-%m-%d', "orders"."created_at")`,
    );
    expect(dailyCountsSql(connector, eventsInput(), 'event_date')).toContain(
      'SUBSTR(CAST("events"."event_date" AS TEXT), 1, 10)',
    );
    expect(dailyCountsSql(connector, input(orders), 'created_at')).toMatch(/ORDER BY load_day DESC LIMIT 60$/);
  });
});
