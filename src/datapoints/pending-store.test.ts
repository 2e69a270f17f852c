import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataPointPath } from './datapoint-files.js';
import type { BusinessDataPoint, DataPoint } from './datapoint-model.js';
import { readDataPointFile, writeDataPointFile } from './datapoint-yaml.js';
import { mergeGenerated } from './field-ownership.js';
import { PendingStore } from './pending-store.js';

const metric = (over: Partial<BusinessDataPoint> = {}): BusinessDataPoint => ({
  type: 'Business',
  id: 'revenue',
  name: 'Revenue',
  connection: 'shop',
  description: 'Sum of order totals.',
  table: 'orders',
  expression: 'SUM(orders.total)',
  aggregation: 'SUM',
  filters: [],
  dimensions: ['orders.status'],
  synonyms: ['revenue', 'sales'],
  business_rules: [],
  tags: ['generated'],
  source: 'auto_generated',
  ...over,
});

let root: string;
let store: PendingStore;
const approvedFile = (dp: DataPoint) => dataPointPath(join(root, 'datapoints'), dp);
const pendingFile = (dp: DataPoint) => dataPointPath(join(root, 'pending'), dp);

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'datachat-pending-'));
  store = new PendingStore(
    join(root, 'pending'),
    join(root, 'datapoints'),
    join(root, 'datapoints', 'datapoint.schema.json'),
  );
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('PendingStore', () => {
  it('discardIdentical removes pending copies equal to their approved file and keeps real proposals', () => {
    const approved = mergeGenerated(undefined, metric()).dataPoint;
    writeDataPointFile(approvedFile(approved), approved);
    store.add(approved);
    const other = mergeGenerated(undefined, metric({ id: 'aov', name: 'AOV' })).dataPoint;
    store.add(other);
    expect(store.discardIdentical('shop')).toEqual(['shop/revenue']);
    expect(existsSync(pendingFile(approved))).toBe(false);
    expect(existsSync(pendingFile(other))).toBe(true);
  });

  it('approve merges into the approved file as it is now: an edit made after the proposal stays', () => {
    const first = mergeGenerated(undefined, metric()).dataPoint;
    writeDataPointFile(approvedFile(first), first);
    // Generation proposes a new expression; then a person edits the approved synonyms before review.
    store.add(mergeGenerated(first, metric({ expression: 'SUM(orders.amount)' })).dataPoint);
    const edited = { ...first, synonyms: ['revenue', 'sales', 'turnover'] } as DataPoint;
    writeDataPointFile(approvedFile(edited), edited);
    store.approve(store.get('shop/revenue'));
    const result = readDataPointFile(approvedFile(first)) as BusinessDataPoint;
    expect(result.expression).toBe('SUM(orders.amount)');
    expect(result.synonyms).toEqual(['revenue', 'sales', 'turnover']);
    expect(readFileSync(approvedFile(first), 'utf8')).not.toContain('status:');
    expect(existsSync(pendingFile(first))).toBe(false);
  });
});
