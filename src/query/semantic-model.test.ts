import { describe, expect, it } from 'vitest';
import type { SchemaDataPoint } from '../datapoints/datapoint-model.js';
import { sqliteDialect } from '../connectors/sqlite/sqlite-dialect.js';
import { compileMetricQuestion } from './metric-compiler.js';
import { labelColumns, SemanticModel } from './semantic-model.js';

const table = (
  name: string,
  columns: string[],
  refs: [string, string][] = [],
  pii: string[] = [],
): SchemaDataPoint => ({
  type: 'Schema',
  id: name,
  name,
  connection: 'c',
  table: name,
  kind: 'table',
  purpose: '',
  description: '',
  primary_key: ['id'],
  common_queries: [],
  gotchas: [],
  tags: [],
  source: 'manual',
  columns: ['id', ...columns].map((c) => ({
    name: c,
    type: 'TEXT',
    nullable: true,
    meaning: '',
    ...(pii.includes(c) ? { pii: true } : {}),
  })),
  relationships: refs.map(([column, target]) => ({
    columns: [column],
    target_table: target,
    target_columns: ['id'],
    cardinality: 'N:1',
    kind: 'foreign_key',
    confidence: 1,
  })),
});

describe('SemanticModel', () => {
  it('reaches parents along N:1 joins over several hops (line → product → category)', () => {
    const model = new SemanticModel(
      [
        table('order_lines', ['product_id', 'quantity'], [['product_id', 'products']]),
        table('products', ['category_id', 'name'], [['category_id', 'categories']]),
        table('categories', ['category_name']),
      ],
      [],
    );
    const reach = model.reachable('order_lines');
    expect([...reach.keys()]).toEqual(['products', 'categories']);
    expect(reach.get('categories')!.path.map((s) => `${s.from}->${s.to.table}`)).toEqual([
      'order_lines->products',
      'products->categories',
    ]);
    const schemas = [...model.schemas].map((s) =>
      s.table === 'order_lines'
        ? { ...s, columns: s.columns.map((c) => (c.name === 'quantity' ? { ...c, type: 'INTEGER' } : c)) }
        : s,
    );
    const outcome = compileMetricQuestion({
      question: 'total quantity by category',
      metrics: [],
      schemas,
      values: [],
      dialect: sqliteDialect,
      now: new Date(),
    });
    expect(outcome.kind === 'compiled' && outcome.query.sql).toBe(
      'SELECT categories.id AS "id", categories.category_name AS "category_name", SUM(order_lines.quantity) AS "sum_quantity" FROM order_lines ' +
        'LEFT JOIN products ON order_lines.product_id = products.id LEFT JOIN categories ON products.category_id = categories.id ' +
        'GROUP BY categories.id, categories.category_name ORDER BY "sum_quantity" DESC',
    );
  });

  it('leaves out a table reached by two different paths (which employee?)', () => {
    const model = new SemanticModel(
      [
        table(
          'orders',
          ['customer_id', 'employee_id'],
          [
            ['customer_id', 'customers'],
            ['employee_id', 'employees'],
          ],
        ),
        table('customers', ['rep_id'], [['rep_id', 'employees']]),
        table('employees', ['first_name', 'last_name']),
      ],
      [],
    );
    // Direct (1 hop) wins over the 2-hop path; only equal-length different paths are ambiguous.
    expect(model.reachable('orders').get('employees')!.path).toHaveLength(1);
    const twoWays = new SemanticModel(
      [
        table(
          'visits',
          ['a_id', 'b_id'],
          [
            ['a_id', 'a'],
            ['b_id', 'b'],
          ],
        ),
        table('a', ['x_id'], [['x_id', 'x']]),
        table('b', ['x_id'], [['x_id', 'x']]),
        table('x', ['name']),
      ],
      [],
    );
    expect(twoWays.reachable('visits').has('x')).toBe(false);
  });

  it.each([
    [['name', 'title'], [], ['name']],
    [['first_name', 'last_name', 'title'], [], ['first_name', 'last_name']],
    [['first_name', 'last_name'], ['first_name', 'last_name'], []],
    [['company_name', 'contact_name', 'contact_title'], [], ['company_name']],
    [['contact_name', 'ship_name'], [], []],
    [['category_name', 'description'], [], ['category_name']],
  ])('labels of %j (pii %j) are %j', (columns, pii, expected) => {
    const name = columns.includes('category_name') ? 'categories' : 'things';
    expect(labelColumns(table(name, columns, [], pii))).toEqual(expected);
  });

  it('a high-cardinality column nearby is not traded for a low-cardinality one far away; people are grouped by key', () => {
    const stats = (distinct: number) => ({ stats: { distinct_count: distinct, sample_values: [], patterns: [] } });
    const withStats = (t: SchemaDataPoint, d: Record<string, number>) => ({
      ...t,
      columns: t.columns.map((c) => (d[c.name] ? { ...c, ...stats(d[c.name]!) } : c)),
    });
    const schemas = [
      withStats(table('invoice', ['customer_id', 'billing_city', 'total'], [['customer_id', 'customer']]), {
        billing_city: 53,
      }),
      withStats(table('customer', ['city', 'support_rep_id'], [['support_rep_id', 'employee']]), { city: 53 }),
      withStats(table('employee', ['first_name', 'last_name', 'title', 'city'], [], ['first_name', 'last_name']), {
        city: 3,
        title: 3,
      }),
    ];
    const revenue = {
      type: 'Business' as const,
      id: 'revenue',
      name: 'Revenue',
      connection: 'c',
      description: '',
      table: 'invoice',
      expression: 'SUM(invoice.total)',
      aggregation: 'SUM' as const,
      filters: [],
      dimensions: [],
      synonyms: ['revenue'],
      business_rules: [],
      tags: [],
      source: 'manual' as const,
    };
    const compile = (question: string) =>
      compileMetricQuestion({
        question,
        metrics: [revenue],
        schemas,
        values: [],
        dialect: sqliteDialect,
        now: new Date(),
      });
    expect(compile('revenue by city')).toMatchObject({
      kind: 'declined',
      reason: expect.stringMatching(/invoice.billing_city has 53 distinct values; ask for the top N/),
    });
    const top = compile('top 3 cities by revenue');
    expect(top.kind === 'compiled' && top.query.sql).toContain('GROUP BY invoice.billing_city');
    const byEmployee = compile('revenue by employee');
    expect(byEmployee.kind === 'compiled' && byEmployee.query.sql).toMatch(
      /^SELECT employee.id AS "id", SUM\(invoice.total\)/,
    );
  });
});
