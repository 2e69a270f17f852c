import { describe, expect, it } from 'vitest';
import type {
  BusinessDataPoint,
  DataPoint,
  ProcessDataPoint,
  QueryDataPoint,
  SchemaDataPoint,
} from './datapoint-model.js';
import { parseDataPoint, serializeDataPoint } from './datapoint-yaml.js';
import { fingerprint } from './field-fingerprint.js';
import { mergeGenerated } from './field-ownership.js';

const metric = (over: Partial<BusinessDataPoint> = {}): BusinessDataPoint => ({
  type: 'Business',
  id: 'revenue',
  name: 'Revenue',
  connection: 'shop',
  description: 'Sum of order totals.',
  table: 'orders',
  expression: 'SUM(orders.total)',
  aggregation: 'SUM',
  filters: ["orders.status <> 'cancelled'"],
  dimensions: ['orders.status', 'orders.country'],
  synonyms: ['revenue', 'sales'],
  business_rules: [],
  tags: ['generated'],
  source: 'auto_generated',
  confidence: 0.5,
  generated_by: 'heuristic',
  ...over,
});

const table = (over: Partial<SchemaDataPoint> = {}): SchemaDataPoint => ({
  type: 'Schema',
  id: 'orders',
  name: 'orders',
  connection: 'shop',
  table: 'orders',
  kind: 'table',
  description: 'The order table.',
  purpose: 'One row per order.',
  row_count: 10,
  primary_key: ['id'],
  columns: [
    {
      name: 'id',
      type: 'INTEGER',
      nullable: false,
      meaning: 'Unique identifier of the order.',
      stats: { distinct_count: 10, sample_values: [1, 2], patterns: [] },
    },
    {
      name: 'total',
      type: 'REAL',
      nullable: true,
      meaning: 'Order total.',
      stats: { distinct_count: 9, sample_values: [], patterns: [] },
    },
  ],
  relationships: [],
  common_queries: ['How many orders are there?'],
  gotchas: [],
  tags: [],
  source: 'auto_generated',
  generated_by: 'heuristic',
  ...over,
});

/** What generation writes the first time (fingerprints included), as it reads back from its YAML. */
const written = (dp: DataPoint): DataPoint =>
  parseDataPoint('x.yaml', serializeDataPoint(mergeGenerated(undefined, dp).dataPoint));
const yaml = (dp: DataPoint): string => serializeDataPoint(dp);

describe('mergeGenerated', () => {
  it('records a fingerprint per generated field (per element for lists) in a generated: block that validates', () => {
    const first = written(metric());
    expect(first.generated).toMatchObject({
      expression: fingerprint('SUM(orders.total)'),
      synonyms: `${fingerprint('revenue')} ${fingerprint('sales')}`,
    });
    expect(first.generated).not.toHaveProperty('business_rules'); // empty: nothing to own
    expect(yaml(first)).toMatch(/\ngenerated:\n {2}aggregation: [0-9a-f]{8}\n/);
  });

  it('regenerating with nothing edited and nothing changed gives the same bytes', () => {
    const first = written(metric());
    expect(yaml(mergeGenerated(first, metric()).dataPoint)).toBe(yaml(first));
  });

  it('refreshes unedited fields and keeps the ones a person changed, byte for byte when the database did not change', () => {
    const first = written(metric());
    const edited = { ...first, description: 'Money from completed orders, before tax.' } as DataPoint;
    const same = mergeGenerated(edited, metric());
    expect(yaml(same.dataPoint)).toBe(yaml(edited));
    expect(same.kept).toEqual([
      {
        path: 'description',
        current: 'Money from completed orders, before tax.',
        overrides: true,
        proposed: 'Sum of order totals.',
      },
    ]);
    // A generator that echoes the person's value (fills only blanks) still reports the field as the person's.
    expect(mergeGenerated(edited, metric({ description: 'Money from completed orders, before tax.' })).kept).toEqual([
      { path: 'description', current: 'Money from completed orders, before tax.', overrides: false },
    ]);
    const changed = mergeGenerated(
      edited,
      metric({ description: 'Sum of order totals (new).', expression: 'SUM(orders.amount)' }),
    ).dataPoint as BusinessDataPoint;
    expect(changed.description).toBe('Money from completed orders, before tax.');
    expect(changed.expression).toBe('SUM(orders.amount)');
    expect(changed.generated!.expression).toBe(fingerprint('SUM(orders.amount)'));
    expect(changed.generated!.description).toBe(first.generated!.description);
  });

  it("keeps a person's list additions and removals while the generator's own elements follow the database", () => {
    const first = written(metric());
    const edited = { ...first, synonyms: ['revenue', 'turnover'], dimensions: ['orders.status'] } as DataPoint; // +turnover -sales, -country
    expect(yaml(mergeGenerated(edited, metric()).dataPoint)).toBe(yaml(edited));
    const next = mergeGenerated(
      edited,
      metric({
        synonyms: ['revenue', 'sales', 'income'],
        dimensions: ['orders.status', 'orders.country', 'orders.channel'],
      }),
    );
    const d = next.dataPoint as BusinessDataPoint;
    expect(d.synonyms).toEqual(['revenue', 'turnover', 'income']);
    expect(d.dimensions).toEqual(['orders.status', 'orders.channel']);
    // Twice is the same as once: the person's removal of "sales" is still remembered.
    expect(
      yaml(
        mergeGenerated(
          parseDataPoint('x.yaml', yaml(d)),
          metric({
            synonyms: ['revenue', 'sales', 'income'],
            dimensions: ['orders.status', 'orders.country', 'orders.channel'],
          }),
        ).dataPoint,
      ),
    ).toBe(yaml(d));
    // A generated element the generator drops goes, unless a person kept... it was theirs.
    const dropped = mergeGenerated(edited, metric({ synonyms: ['sales'] })).dataPoint as BusinessDataPoint;
    expect(dropped.synonyms).toEqual(['turnover']);
  });

  it('a person emptying a generated field keeps it empty', () => {
    const first = written(metric());
    const edited = { ...first, filters: [] } as DataPoint;
    expect((mergeGenerated(edited, metric()).dataPoint as BusinessDataPoint).filters).toEqual([]);
  });

  it('never touches a source: manual DataPoint and never rewrites it to auto_generated', () => {
    const manual = { ...written(metric()), source: 'manual', description: 'Hand written.' } as DataPoint;
    const result = mergeGenerated(manual, metric({ expression: 'SUM(orders.amount)' }));
    expect(result.manual).toBe(true);
    expect(yaml(result.dataPoint)).toBe(yaml(manual));
  });

  it('Schema: column meanings are owned per column, structure and statistics always refresh', () => {
    const first = written(table()) as SchemaDataPoint;
    const edited = {
      ...first,
      columns: first.columns.map((c) => (c.name === 'id' ? { ...c, meaning: 'The order number customers see.' } : c)),
    } as SchemaDataPoint;
    expect(yaml(mergeGenerated(edited, table()).dataPoint)).toBe(yaml(edited));
    const fresh = table({
      row_count: 12,
      columns: [
        {
          name: 'id',
          type: 'BIGINT',
          nullable: false,
          meaning: 'Identifier.',
          stats: { distinct_count: 12, sample_values: [], patterns: [] },
        },
        {
          name: 'total',
          type: 'REAL',
          nullable: true,
          meaning: 'Total amount of the order.',
          stats: { distinct_count: 11, sample_values: [], patterns: [] },
        },
        { name: 'channel', type: 'TEXT', nullable: true, meaning: 'Sales channel.' },
      ],
    });
    const next = mergeGenerated(edited, fresh).dataPoint as SchemaDataPoint;
    expect(next.row_count).toBe(12);
    expect(next.columns.map((c) => [c.name, c.type, c.meaning, c.stats?.distinct_count])).toEqual([
      ['id', 'BIGINT', 'The order number customers see.', 12],
      ['total', 'REAL', 'Total amount of the order.', 11],
      ['channel', 'TEXT', 'Sales channel.', undefined],
    ]);
    const dropped = mergeGenerated(next, table({ columns: [table().columns[0]!] })).dataPoint as SchemaDataPoint;
    expect(Object.keys(dropped.generated!).filter((p) => p.startsWith('columns.'))).toEqual(['columns.id.meaning']);
  });

  it('Process: an edited schedule is kept while the freshness refreshes', () => {
    const process = (over: Partial<ProcessDataPoint> = {}): ProcessDataPoint => ({
      type: 'Process',
      id: 'orders_load',
      name: 'Orders load',
      connection: 'shop',
      description: 'How orders is loaded.',
      schedule: 'daily (rows on 100% of days)',
      data_freshness: 'latest row at 2024-01-01',
      target_tables: ['orders'],
      dependencies: [],
      tags: ['generated'],
      source: 'auto_generated',
      ...over,
    });
    const edited = {
      ...written(process()),
      schedule: 'nightly at 02:00 by the shop ETL',
      sla: 'by 06:00 UTC',
    } as DataPoint;
    expect(yaml(mergeGenerated(edited, process()).dataPoint)).toBe(yaml(edited));
    const next = mergeGenerated(edited, process({ data_freshness: 'latest row at 2024-02-01' }))
      .dataPoint as ProcessDataPoint;
    expect(next).toMatchObject({
      schedule: 'nightly at 02:00 by the shop ETL',
      sla: 'by 06:00 UTC',
      data_freshness: 'latest row at 2024-02-01',
    });
  });

  it('Query: an edited SQL and a parameter a person added are kept; an unedited description refreshes', () => {
    const query = (over: Partial<QueryDataPoint> = {}): QueryDataPoint => ({
      type: 'Query',
      id: 'top_customers',
      name: 'Top customers',
      connection: 'shop',
      description: 'Best customers.',
      sql: 'SELECT 1',
      parameters: [{ name: 'limit', type: 'integer', required: true }],
      tags: [],
      source: 'auto_generated',
      ...over,
    });
    const first = written(query());
    const edited = {
      ...first,
      sql: 'SELECT * FROM customers LIMIT :limit',
      parameters: [...(first as QueryDataPoint).parameters, { name: 'country', type: 'string', required: false }],
    } as DataPoint;
    expect(yaml(mergeGenerated(edited, query()).dataPoint)).toBe(yaml(edited));
    const next = mergeGenerated(edited, query({ description: 'Customers by revenue.' })).dataPoint as QueryDataPoint;
    expect(next).toMatchObject({ sql: 'SELECT * FROM customers LIMIT :limit', description: 'Customers by revenue.' });
    expect(next.parameters.map((p) => p.name)).toEqual(['limit', 'country']);
  });

  it("a file from before fingerprints: values equal to the proposal are adopted, different ones are kept as a person's", () => {
    const legacy = metric({ description: 'Written by a person before ownership existed.' });
    const next = mergeGenerated(legacy, metric({ expression: 'SUM(orders.total)' })).dataPoint;
    expect(next).toMatchObject({ description: 'Written by a person before ownership existed.' });
    expect(next.generated).not.toHaveProperty('description');
    expect(next.generated!.expression).toBe(fingerprint('SUM(orders.total)'));
    // Approving in review takes the proposal the reviewer saw.
    expect(mergeGenerated(legacy, metric(), { unrecorded: 'take' }).dataPoint).toMatchObject({
      description: 'Sum of order totals.',
    });
  });

  it('a proposal that speaks only for some paths leaves the others, value and fingerprint', () => {
    const first = written(table()) as SchemaDataPoint;
    const next = mergeGenerated(first, table({ purpose: '', common_queries: [] }), {
      speaksFor: (p) => p === 'relationships',
    }).dataPoint;
    expect(yaml(next)).toBe(yaml(first));
  });

  it("approving a pending copy: its fingerprints are the generator's, so a reviewer's edit to it becomes owned", () => {
    const pending = written(metric());
    const reviewed = { ...pending, description: 'Reviewer wording.' } as DataPoint;
    const approved = mergeGenerated(undefined, reviewed, { fingerprints: pending.generated! }).dataPoint;
    const regenerated = mergeGenerated(parseDataPoint('x.yaml', yaml(approved)), metric()).dataPoint;
    expect(regenerated).toMatchObject({ description: 'Reviewer wording.' });
  });
});
