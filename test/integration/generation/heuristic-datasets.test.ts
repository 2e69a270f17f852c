import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { BusinessDataPoint, SchemaDataPoint } from '../../../src/datapoints/datapoint-model.js';
import { initializeProject } from '../../../src/services/init-service.js';
import { ProjectContext } from '../../../src/services/project-context.js';
import { mustRun } from '../conformance/harness.js';

/**
 * Offline generation over public databases nobody tuned for: Chinook (PascalCase, singular table
 * names) and TPC-H (upper-case, table-prefixed columns, no declared keys), both as SQLite files from
 * ../shared/datasets used read-only. Checks what people read and what the compiler matches on:
 * English plurals, prefix-free words, measures on every numeric column and none on keys or codes.
 */
const DATASETS = fileURLToPath(new URL('../../../../shared/datasets/', import.meta.url));
const quiet = { step: () => undefined, done: () => undefined };

interface Generated {
  business: Map<string, BusinessDataPoint>;
  schema: Map<string, SchemaDataPoint>;
}

function describeGenerated(name: string, file: string, checks: (get: () => Generated) => void): void {
  describe(`heuristic generation over ${name}`, () => {
    let root: string | undefined;
    let project: ProjectContext | undefined;
    let generated: Generated | undefined;
    const path = join(DATASETS, file);
    const missing = !existsSync(path);
    if (missing && mustRun()) throw new Error(`CI=true but ${path} is missing`);

    beforeAll(async () => {
      if (missing) return;
      root = mkdtempSync(join(tmpdir(), 'datachat-heuristic-'));
      writeFileSync(
        join(root, '.datachat.yml'),
        `version: 1\nconnections:\n  - id: db\n    type: sqlite\n    url: sqlite:${path}\n    default: true\n`,
      );
      project = ProjectContext.load({ dir: root, cwd: root, env: {} });
      await initializeProject(
        project,
        { sample: false, databases: [], generate: true, offline: true, autoApprove: true },
        quiet,
      );
      const read = <T extends { id: string }>(kind: string) => {
        const dir = join(root!, 'datapoints', 'db', kind);
        return new Map(
          readdirSync(dir)
            .map((f) => parse(readFileSync(join(dir, f), 'utf8')) as T)
            .map((dp) => [dp.id, dp]),
        );
      };
      generated = { business: read<BusinessDataPoint>('business'), schema: read<SchemaDataPoint>('schema') };
    }, 120_000);

    afterAll(async () => {
      await project?.close();
      if (root) rmSync(root, { recursive: true, force: true });
    });

    if (missing) it.skip(`needs ${path}`, () => undefined);
    else checks(() => generated!);
  });
}

describeGenerated('Chinook (SQLite)', 'chinook/Chinook_Sqlite.sqlite', (get) => {
  it('names counts in proper English plurals', () => {
    const names = [...get().business.values()].filter((m) => m.aggregation === 'COUNT').map((m) => m.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'Number of albums',
        'Number of artists',
        'Number of invoice lines',
        'Number of media types',
        'Number of playlist tracks',
      ]),
    );
    expect(names.filter((n) => /Number of (album|artist|track|genre|invoice)$/.test(n))).toEqual([]);
  });

  it('measures additive and per-row numbers with SUM/AVG/MIN/MAX, never keys', () => {
    const { business } = get();
    expect(business.get('track_milliseconds_sum')?.expression).toBe('SUM("Track"."Milliseconds")');
    expect(business.get('track_milliseconds_max')?.synonyms).toContain('longest track');
    expect(business.get('track_bytes_min')?.aggregation).toBe('MIN');
    expect(business.get('invoice_line_quantity_sum')).toBeUndefined(); // Quantity is always 1: a constant, not a measure.
    // A price is averaged, not summed, even with two values (0.99 and 1.99).
    expect(business.get('track_unit_price_avg')).toBeDefined();
    expect(business.get('track_unit_price_sum')).toBeUndefined();
    // Keys (declared or not) and identifiers never are measures.
    expect(business.get('employee_reports_to_sum')).toBeUndefined();
    const onKeys = [...business.values()].filter(
      (m) => m.aggregation !== 'COUNT_DISTINCT' && /Id"\)$/.test(m.expression),
    );
    expect(onKeys.map((m) => m.id)).toEqual([]);
  });

  it('derives revenue and the average invoice value from the invoice total', () => {
    const { business } = get();
    expect(business.get('revenue')?.expression).toBe('SUM("Invoice"."Total")');
    expect(business.get('average_invoice_value')).toMatchObject({
      aggregation: 'CUSTOM',
      expression: 'SUM("Invoice"."Total") * 1.0 / NULLIF(COUNT(*), 0)',
    });
    // A column named just "Total" is qualified, so "total" alone matches no metric.
    const invoiceTotal = business.get('invoice_total_sum')!;
    expect(invoiceTotal.name).toBe('Sum of invoice totals');
    expect(invoiceTotal.synonyms).not.toContain('total');
  });

  it('writes meanings that read well and names labels', () => {
    const invoice = get()
      .schema.get('invoice')!
      .columns.find((c) => c.name === 'InvoiceDate')!;
    expect(invoice.meaning).toBe('When the invoice was issued (timestamp).');
    const employee = get().schema.get('employee')!;
    expect(employee.columns.find((c) => c.name === 'HireDate')!.meaning).toBe(
      'When the employee was hired (timestamp).',
    );
    expect(employee.columns.find((c) => c.name === 'FirstName')!.meaning).toContain('names the employee');
    // An employee's Title is a job title, not the label.
    expect(employee.columns.find((c) => c.name === 'Title')!.meaning).toMatch(/^Title of the employee; one of /);
    expect(get().schema.get('album')!.purpose).toContain('Named by Title.');
  });
});

describeGenerated('TPC-H (SQLite)', 'tpch_sf0.01/tpch_sf0.01.sqlite', (get) => {
  it('strips table prefixes and splits run-together words in names', () => {
    const { business } = get();
    expect(business.get('lineitem_count')?.name).toBe('Number of line items');
    expect(business.get('lineitem_l_quantity_sum')?.name).toBe('Total quantity of line items');
    expect(business.get('lineitem_l_extendedprice_sum')?.name).toBe('Total extended price of line items');
    expect(business.get('customer_c_acctbal_avg')?.name).toBe('Average account balance of customers');
    expect(business.get('orders_o_totalprice_max')?.synonyms).toContain('maximum total price');
  });

  it('puts no measure on keys, codes or constant columns', () => {
    const ids = [...get().business.keys()];
    expect(ids.filter((id) => /key_(sum|avg|min|max)$|linenumber|shippriority/.test(id))).toEqual([]);
    // l_discount holds rates (≤ 0.10): averaged, not summed; l_quantity adds up.
    expect(ids).toContain('lineitem_l_discount_avg');
    expect(ids).not.toContain('lineitem_l_discount_sum');
    expect(ids).toContain('lineitem_l_quantity_sum');
  });

  it('uses the prefix-free name for labels and time meanings', () => {
    const orders = get().schema.get('orders')!;
    expect(orders.columns.find((c) => c.name === 'O_ORDERDATE')!.meaning).toBe('When the order was placed (date).');
    const lineitem = get().schema.get('lineitem')!;
    expect(lineitem.columns.find((c) => c.name === 'L_SHIPDATE')!.meaning).toBe(
      'When the line item was shipped (date).',
    );
    expect(lineitem.columns.find((c) => c.name === 'L_COMMITDATE')!.meaning).toBe(
      'When the line item was committed (date).',
    );
    expect(get().schema.get('nation')!.purpose).toContain('Named by N_NAME.');
    expect(get().business.get('orders_count')?.time_column).toBe('"ORDERS"."O_ORDERDATE"');
  });
});
