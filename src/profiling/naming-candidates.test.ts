import { describe, expect, it } from 'vitest';
import type { ColumnInfo, TableInfo } from '../connectors/schema-metadata.js';
import { columnPrefix, namingCandidates, prefixedOwnKey } from './naming-candidates.js';

const col = (name: string, ordinal = 1): ColumnInfo => ({
  name,
  dataType: 'int',
  canonicalType: 'integer',
  nullable: true,
  ordinal,
});
const table = (name: string, columns: string[], pk = ['id']): TableInfo => ({
  name,
  kind: 'table',
  columns: columns.map(col),
  primaryKey: pk,
  foreignKeys: [],
  indexes: [],
});

const pairs = (tables: TableInfo[]) =>
  namingCandidates(tables)
    .map((c) => `${c.child.name}.${c.childColumn}>${c.parent.name}.${c.parentColumn}`)
    .sort();

describe('namingCandidates', () => {
  it('links x_id to the plural or singular table and prefixed bases to their last words', () => {
    const tables = [
      table('customers', ['id', 'name']),
      table('category', ['id', 'parent_id']),
      table('orders', ['id', 'customer_id', 'categoryId', 'landing_product_id']),
      table('products', ['id']),
      table('companies', ['id']),
      table('jobs', ['id', 'company_id']),
    ];
    expect(pairs(tables)).toEqual([
      'jobs.company_id>companies.id',
      'orders.categoryId>category.id',
      'orders.customer_id>customers.id',
      'orders.landing_product_id>products.id',
    ]);
  });

  it("matches columns named like another table's specific primary key (Pagila/Chinook style)", () => {
    const tables = [
      table('film', ['film_id', 'title'], ['film_id']),
      table('inventory', ['inventory_id', 'film_id'], ['inventory_id']),
      table('Invoice', ['InvoiceId', 'CustomerId'], ['InvoiceId']),
      table('Customer', ['CustomerId'], ['CustomerId']),
    ];
    expect(pairs(tables)).toEqual(['Invoice.CustomerId>Customer.CustomerId', 'inventory.film_id>film.film_id']);
  });

  it("does not link a table's own id or unrelated *_id columns", () => {
    expect(pairs([table('orders', ['id', 'tracking_id']), table('customers', ['id'])])).toEqual([]);
  });

  it('links TPC-H style prefixed keys to the table whose own key they name, with no keys declared', () => {
    const tables = [
      table('nation', ['n_nationkey', 'n_name', 'n_regionkey'], []),
      table('region', ['r_regionkey', 'r_name'], []),
      table('customer', ['c_custkey', 'c_name', 'c_nationkey'], []),
      table('orders', ['o_orderkey', 'o_custkey', 'o_totalprice'], []),
      table('partsupp', ['ps_partkey', 'ps_suppkey', 'ps_availqty'], []),
      table('part', ['p_partkey', 'p_name'], []),
      table('supplier', ['s_suppkey', 's_nationkey'], []),
    ];
    const found = namingCandidates(tables);
    expect(found.map((c) => `${c.child.name}.${c.childColumn}>${c.parent.name}.${c.parentColumn}`).sort()).toEqual([
      'customer.c_nationkey>nation.n_nationkey',
      'nation.n_regionkey>region.r_regionkey',
      'orders.o_custkey>customer.c_custkey',
      // partsupp's ps_partkey reads as its own key too; discovery drops this one, ps_partkey not being unique.
      'part.p_partkey>partsupp.ps_partkey',
      'partsupp.ps_partkey>part.p_partkey',
      'partsupp.ps_suppkey>supplier.s_suppkey',
      'supplier.s_nationkey>nation.n_nationkey',
    ]);
    // No key is declared: discovery must see each parent column unique before trusting it.
    expect(found.every((c) => c.parentKeyByName)).toBe(true);
  });

  it("finds a table's own prefixed key by its name or an abbreviation the name starts with", () => {
    const t = (name: string, columns: string[]) => table(name, columns, []);
    expect(prefixedOwnKey(t('customer', ['c_custkey', 'c_name']))).toEqual({ column: 'c_custkey', base: 'custkey' });
    expect(prefixedOwnKey(t('orders', ['o_orderkey', 'o_custkey']))).toEqual({
      column: 'o_orderkey',
      base: 'orderkey',
    });
    expect(prefixedOwnKey(t('lineitem', ['l_orderkey', 'l_partkey', 'l_linenumber']))).toBeUndefined();
    expect(prefixedOwnKey(t('customers', ['customer_id', 'name']))).toBeUndefined();
    expect(columnPrefix(['C_CUSTKEY', 'C_NAME'])).toBe('c_');
  });
});
