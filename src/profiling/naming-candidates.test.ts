import { describe, expect, it } from 'vitest';
import type { ColumnInfo, TableInfo } from '../connectors/schema-metadata.js';
import { namingCandidates } from './naming-candidates.js';

const col = (name: string, ordinal = 1): ColumnInfo => ({ name, dataType: 'int', canonicalType: 'integer', nullable: true, ordinal });
const table = (name: string, columns: string[], pk = ['id']): TableInfo => ({ name, kind: 'table', columns: columns.map(col), primaryKey: pk, foreignKeys: [], indexes: [] });

const pairs = (tables: TableInfo[]) => namingCandidates(tables).map((c) => `${c.child.name}.${c.childColumn}>${c.parent.name}.${c.parentColumn}`).sort();

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

  it('matches columns named like another table\'s specific primary key (Pagila/Chinook style)', () => {
    const tables = [table('film', ['film_id', 'title'], ['film_id']), table('inventory', ['inventory_id', 'film_id'], ['inventory_id']), table('Invoice', ['InvoiceId', 'CustomerId'], ['InvoiceId']), table('Customer', ['CustomerId'], ['CustomerId'])];
    expect(pairs(tables)).toEqual(['Invoice.CustomerId>Customer.CustomerId', 'inventory.film_id>film.film_id']);
  });

  it('does not link a table\'s own id or unrelated *_id columns', () => {
    expect(pairs([table('orders', ['id', 'tracking_id']), table('customers', ['id'])])).toEqual([]);
  });
});
