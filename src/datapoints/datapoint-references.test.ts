import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { columnRefs, loadDataPointFiles, referenceFindings } from './datapoint-references.js';

describe('columnRefs', () => {
  it.each([
    ['SUM(orders.total)', [{ table: 'orders', column: 'total' }]],
    ['COUNT(DISTINCT "Orders"."Customer Id")', [{ table: 'Orders', column: 'Customer Id' }]],
    [
      '`orders`.`total` - [orders].[discount]',
      [
        { table: 'orders', column: 'total' },
        { table: 'orders', column: 'discount' },
      ],
    ],
    ["orders.status NOT IN ('a.b', 'x''y.z')", [{ table: 'orders', column: 'status' }]],
    ['COUNT(*)', []],
    ['1.5 * orders.qty', [{ table: 'orders', column: 'qty' }]],
  ])('%s', (sql, refs) => {
    expect(columnRefs(sql)).toEqual(refs);
  });

  it('a lone identifier is a column of the metric table when bare columns are allowed', () => {
    expect(columnRefs('channel', { bareColumn: true })).toEqual([{ column: 'channel' }]);
    expect(columnRefs(' "Sales Channel" ', { bareColumn: true })).toEqual([{ column: 'Sales Channel' }]);
    expect(columnRefs('channel')).toEqual([]);
    expect(columnRefs('DATE(orders.created_at)', { bareColumn: true })).toEqual([
      { table: 'orders', column: 'created_at' },
    ]);
  });
});

describe('loadDataPointFiles + referenceFindings', () => {
  let root: string;
  const write = (rel: string, text: string): string => {
    const file = join(root, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'datachat-refs-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const orders = [
    'type: Schema',
    'id: orders',
    'name: orders',
    'connection: shop',
    'table: orders',
    'columns:',
    '  - name: id',
    '    type: INTEGER',
    '  - name: customer_id',
    '    type: INTEGER',
    'relationships:',
    '  - columns: [customer_id]',
    '    target_table: customers',
    '    target_columns: [id]',
    '  - columns: [buyer_id]',
    '    target_table: orders',
    '    target_columns: [id]',
    'source: manual',
    '',
  ].join('\n');

  it('locates model errors and unknown fields, and keeps the valid files', () => {
    const files = [
      write('datapoints/shop/schema/orders.yaml', orders),
      write(
        'datapoints/shop/business/bad.yaml',
        'type: Business\nid: bad\nname: Bad\nconnection: shop\ntable: orders\nexpression: COUNT(*)\naggregation: SOMETIMES\ncolour: red\n',
      ),
      write('datapoints/shop/business/broken.yaml', 'type: Business\nid: [unclosed\n'),
    ];
    const { loaded, findings } = loadDataPointFiles(root, files);
    expect(loaded.map((l) => l.file)).toEqual(['datapoints/shop/schema/orders.yaml']);
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'invalid_field',
          file: 'datapoints/shop/business/bad.yaml',
          line: 7,
          message: expect.stringContaining('aggregation'),
        }),
        expect.objectContaining({
          code: 'unknown_field',
          file: 'datapoints/shop/business/bad.yaml',
          line: 8,
          message: 'colour: unknown field "colour"',
        }),
        expect.objectContaining({
          code: 'invalid_yaml',
          file: 'datapoints/shop/business/broken.yaml',
          severity: 'error',
        }),
      ]),
    );
  });

  it('finds dangling references, duplicate ids and misplaced files, each at its line', () => {
    const files = [
      write('datapoints/shop/schema/orders.yaml', orders),
      write(
        'datapoints/shop/business/revenue.yaml',
        'type: Business\nid: revenue\nname: Revenue\nconnection: shop\ntable: orders\nexpression: SUM(orders.total)\naggregation: SUM\ndimensions:\n  - customer_id\n  - orders.channel\nsource: manual\n',
      ),
      write(
        'datapoints/shop/business/aov.yaml',
        'type: Business\nid: aov\nname: AOV\nconnection: shop\ntable: carts\nexpression: AVG(carts.total)\naggregation: AVG\nsource: auto_generated\n',
      ),
      write(
        'datapoints/shop/process/load.yaml',
        'type: Process\nid: orders_load\nname: Load\nconnection: shop\ntarget_tables: [orders]\ndependencies:\n  - customers\n',
      ),
      write(
        'datapoints/shop/process/orders_load.yaml',
        'type: Process\nid: orders_load\nname: Load\nconnection: shop\ntarget_tables: [orders]\n',
      ),
    ];
    const { loaded } = loadDataPointFiles(root, files);
    const found = referenceFindings(loaded).map((f) => `${f.file}:${f.line} ${f.severity} ${f.code}: ${f.message}`);
    expect(found.sort()).toEqual([
      'datapoints/shop/business/aov.yaml:5 error unknown_table: table "carts" has no Schema DataPoint in shop',
      'datapoints/shop/business/revenue.yaml:10 error unknown_column: orders.channel is not a column of the Schema DataPoint shop/orders',
      'datapoints/shop/business/revenue.yaml:6 error unknown_column: orders.total is not a column of the Schema DataPoint shop/orders',
      'datapoints/shop/process/load.yaml:2 warning misplaced_file: a Process DataPoint "shop/orders_load" belongs in datapoints/shop/process/orders_load.yaml',
      'datapoints/shop/process/load.yaml:7 error unknown_table: dependency "customers" has no Schema DataPoint in shop',
      'datapoints/shop/process/orders_load.yaml:2 error duplicate_id: duplicate DataPoint id "orders_load" in connection "shop" (also defined in datapoints/shop/process/load.yaml)',
      'datapoints/shop/schema/orders.yaml:13 error unknown_table: relationship target table "customers" has no Schema DataPoint in shop',
      'datapoints/shop/schema/orders.yaml:15 error unknown_column: relationship column orders.buyer_id is not a column of this DataPoint',
    ]);
    const aov = referenceFindings(loaded).find((f) => f.file.endsWith('aov.yaml'))!;
    expect(aov.suggestion).toBe('datachat profile shop && datachat generate shop');
  });
});
