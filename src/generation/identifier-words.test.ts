import { describe, expect, it } from 'vitest';
import { columnPrefix, identifierWords, withoutPrefix } from './identifier-words.js';

describe('identifier words', () => {
  it.each([
    ['o_totalprice', 'o_', 'total price'],
    ['o_orderdate', 'o_', 'order date'],
    ['c_acctbal', 'c_', 'account balance'],
    ['c_mktsegment', 'c_', 'market segment'],
    ['l_extendedprice', 'l_', 'extended price'],
    ['l_quantity', 'l_', 'quantity'],
    ['ps_availqty', 'ps_', 'available quantity'],
    ['l_shipinstruct', 'l_', 'ship instructions'],
    ['InvoiceDate', undefined, 'invoice date'],
    ['InvoiceLine', undefined, 'invoice line'],
    ['lineitem', undefined, 'line item'],
    ['partsupp', undefined, 'part supplier'],
    ['customer_id', undefined, 'customer id'],
    ['category_name', undefined, 'category name'],
    // Unknown run-together words stay whole.
    ['o_clerkzzz', 'o_', 'clerkzzz'],
    ['milliseconds', undefined, 'milliseconds'],
    ['HTMLColor', undefined, 'html color'],
  ])('%s (prefix %s) → %s', (name, prefix, expected) => expect(identifierWords(name, prefix)).toBe(expected));

  it('finds the column prefix most columns of a table share', () => {
    expect(columnPrefix(['c_custkey', 'c_name', 'c_address', 'c_nationkey'])).toBe('c_');
    expect(columnPrefix(['ps_partkey', 'ps_suppkey', 'ps_availqty'])).toBe('ps_');
    expect(columnPrefix(['customer_id', 'first_name', 'last_name', 'email'])).toBeUndefined();
    expect(columnPrefix(['is_active', 'is_deleted', 'is_admin'])).toBeUndefined();
    expect(columnPrefix(['id'])).toBeUndefined();
  });

  it('strips a prefix only when something is left', () => {
    expect(withoutPrefix('c_name', 'c_')).toBe('name');
    expect(withoutPrefix('c_', 'c_')).toBe('c_');
    expect(withoutPrefix('name', undefined)).toBe('name');
  });
});
