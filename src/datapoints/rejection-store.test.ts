import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BusinessDataPoint, SchemaDataPoint } from './datapoint-model.js';
import { RejectionStore } from './rejection-store.js';
import { dataPointTables, schemasByTable, tableFingerprints, tableSchemaFingerprint } from './schema-fingerprint.js';

const orders: SchemaDataPoint = {
  type: 'Schema',
  id: 'orders',
  name: 'orders',
  connection: 'shop',
  table: 'orders',
  kind: 'table',
  description: '',
  purpose: 'One row per order.',
  columns: [
    { name: 'id', type: 'INTEGER', nullable: false, meaning: '' },
    { name: 'customer_id', type: 'INTEGER', nullable: true, meaning: '' },
  ],
  primary_key: ['id'],
  relationships: [],
  common_queries: [],
  gotchas: [],
  tags: [],
  source: 'auto_generated',
};
const customers: SchemaDataPoint = {
  ...orders,
  id: 'customers',
  name: 'customers',
  table: 'customers',
  columns: [
    { name: 'id', type: 'INTEGER', nullable: false, meaning: '' },
    { name: 'country', type: 'TEXT', nullable: true, meaning: '' },
  ],
};
const metric: BusinessDataPoint = {
  type: 'Business',
  id: 'orders_by_country',
  name: 'Orders',
  connection: 'shop',
  description: '',
  table: 'orders',
  expression: 'COUNT(*)',
  aggregation: 'COUNT',
  filters: [],
  dimensions: ['customers.country', 'orders.status', 'unknown_table.x'],
  synonyms: [],
  business_rules: [],
  tags: [],
  source: 'auto_generated',
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'datachat-rejections-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('table schema fingerprints', () => {
  it('change with the structure, not with descriptions or statistics', () => {
    const base = tableSchemaFingerprint(orders);
    expect(tableSchemaFingerprint({ ...orders, purpose: 'Other words.', row_count: 99 })).toBe(base);
    expect(
      tableSchemaFingerprint({
        ...orders,
        columns: [...orders.columns, { name: 'coupon', type: 'TEXT', nullable: true, meaning: '' }],
      }),
    ).not.toBe(base);
    expect(
      tableSchemaFingerprint({ ...orders, columns: [orders.columns[0]!, { ...orders.columns[1]!, type: 'BIGINT' }] }),
    ).not.toBe(base);
  });

  it("a metric's tables are its own plus the known tables its SQL qualifies columns with", () => {
    const known = schemasByTable([orders, customers]);
    expect(dataPointTables(metric, known)).toEqual(['customers', 'orders']);
    expect(Object.keys(tableFingerprints(metric, known))).toEqual(['customers', 'orders']);
  });
});

describe('RejectionStore', () => {
  it('writes a commented, sorted .rejected.yaml, and forgets entries (removing the file when empty)', () => {
    const store = new RejectionStore(dir);
    const known = schemasByTable([orders, customers]);
    store.add(metric, tableFingerprints(metric, known), {
      reason: 'too vague',
      at: new Date('2026-01-02T03:04:05.678Z'),
    });
    store.add({ ...metric, id: 'aaa_first' }, {}, { at: new Date('2026-01-02T03:04:05Z') });
    const text = readFileSync(join(dir, 'shop', '.rejected.yaml'), 'utf8');
    expect(text.startsWith('# DataPoints rejected in review')).toBe(true);
    expect(store.list('shop').map((r) => r.id)).toEqual(['aaa_first', 'orders_by_country']);
    expect(store.get('shop', 'Business', 'orders_by_country')).toMatchObject({
      reason: 'too vague',
      rejected_at: '2026-01-02T03:04:05Z',
      tables: { orders: tableSchemaFingerprint(orders) },
    });
    expect(store.get('shop', 'Schema', 'orders_by_country')).toBeUndefined();
    expect(store.remove('shop', 'Business', 'aaa_first')).toBe(true);
    expect(store.remove('shop', 'Business', 'aaa_first')).toBe(false);
    store.remove('shop', 'Business', 'orders_by_country');
    expect(existsSync(join(dir, 'shop', '.rejected.yaml'))).toBe(false);
  });

  it('suppresses a proposal while its tables are unchanged and names the tables that changed', () => {
    const store = new RejectionStore(dir);
    const known = schemasByTable([orders, customers]);
    const rejection = store.add(metric, tableFingerprints(metric, known));
    expect(store.check(rejection, tableFingerprints(metric, known))).toMatchObject({
      suppressed: true,
      changedTables: [],
    });
    const changed = schemasByTable([
      orders,
      { ...customers, columns: [...customers.columns, { name: 'tier', type: 'TEXT', nullable: true, meaning: '' }] },
    ]);
    expect(store.check(rejection, tableFingerprints(metric, changed))).toMatchObject({
      suppressed: false,
      changedTables: ['customers'],
    });
  });
});
