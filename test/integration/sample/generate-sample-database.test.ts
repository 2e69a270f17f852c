import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSampleDatabase } from '../../../src/sample/generate-sample-database.js';
import type { SampleDatabaseSummary } from '../../../src/sample/generate-sample-database.js';

const TABLES = [
  'categories',
  'products',
  'customers',
  'orders',
  'order_items',
  'payments',
  'web_sessions',
  'product_reviews',
];

/** [child table, column, parent table] for every declared and undeclared relationship. */
const RELATIONSHIPS: [string, string, string][] = [
  ['categories', 'parent_id', 'categories'],
  ['products', 'category_id', 'categories'],
  ['orders', 'customer_id', 'customers'],
  ['order_items', 'order_id', 'orders'],
  ['order_items', 'product_id', 'products'],
  ['payments', 'order_id', 'orders'],
  ['web_sessions', 'customer_id', 'customers'],
  ['web_sessions', 'landing_product_id', 'products'],
  ['product_reviews', 'product_id', 'products'],
  ['product_reviews', 'customer_id', 'customers'],
];

function contentHash(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const hash = createHash('sha256');
    for (const table of TABLES) {
      hash.update(`#${table}\n`);
      for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY id`).raw().iterate()) {
        hash.update(JSON.stringify(row));
        hash.update('\n');
      }
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

describe('generateSampleDatabase', () => {
  let dir: string;
  let file: string;
  let summary: SampleDatabaseSummary;
  let db: Database.Database;
  const scalar = (sql: string): number => db.prepare(sql).pluck().get() as number;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datachat-sample-'));
    file = path.join(dir, 'shop.sqlite');
    summary = await generateSampleDatabase(file);
    console.log(`sample database generated in ${summary.elapsedMs} ms: ${summary.totalRows} rows`, summary.tables);
    db = new Database(file, { readonly: true });
  });

  afterAll(() => {
    db?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates all tables with at least 100k rows and an accurate summary', () => {
    expect(summary.path).toBe(path.resolve(file));
    expect(summary.tables.map((t) => t.name)).toEqual(TABLES);
    for (const { name, rows } of summary.tables) {
      expect(scalar(`SELECT COUNT(*) FROM ${name}`), name).toBe(rows);
      expect(rows, name).toBeGreaterThan(0);
    }
    expect(summary.totalRows).toBe(summary.tables.reduce((s, t) => s + t.rows, 0));
    expect(summary.totalRows).toBeGreaterThanOrEqual(100_000);
    expect(scalar('SELECT COUNT(*) FROM orders')).toBe(20_000);
    expect(scalar('SELECT COUNT(*) FROM customers')).toBe(5_000);
    expect(fs.readdirSync(dir)).toEqual(['shop.sqlite']);
  });

  it('is deterministic for a seed and differs across seeds', async () => {
    const again = path.join(dir, 'again.sqlite');
    const other = path.join(dir, 'other.sqlite');
    const second = await generateSampleDatabase(again, { seed: 42 });
    await generateSampleDatabase(other, { seed: 7 });
    expect(second.tables).toEqual(summary.tables);
    const base = contentHash(file);
    expect(contentHash(again)).toBe(base);
    expect(contentHash(other)).not.toBe(base);
  });

  it('has no orphan rows for declared or undeclared relationships', () => {
    for (const [child, column, parent] of RELATIONSHIPS) {
      const orphans = scalar(
        `SELECT COUNT(*) FROM ${child} c LEFT JOIN ${parent} p ON p.id = c.${column} WHERE c.${column} IS NOT NULL AND p.id IS NULL`,
      );
      expect(orphans, `${child}.${column} -> ${parent}`).toBe(0);
    }
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('declares foreign keys only on the intended tables', () => {
    const fks = (table: string) =>
      (db.pragma(`foreign_key_list(${table})`) as { table: string; from: string; to: string }[])
        .map((fk) => `${fk.from}->${fk.table}.${fk.to}`)
        .sort();
    expect(fks('orders')).toEqual(['customer_id->customers.id']);
    expect(fks('order_items')).toEqual(['order_id->orders.id', 'product_id->products.id']);
    expect(fks('products')).toEqual(['category_id->categories.id']);
    expect(fks('categories')).toEqual(['parent_id->categories.id']);
    expect(fks('payments')).toEqual([]);
    expect(fks('web_sessions')).toEqual([]);
    expect(fks('product_reviews')).toEqual([]);
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx_%'")
      .pluck()
      .all();
    expect(indexes).toEqual(
      expect.arrayContaining([
        'idx_orders_order_date',
        'idx_orders_customer_id',
        'idx_order_items_order_id',
        'idx_payments_order_id',
      ]),
    );
  });

  it('keeps order totals consistent with order items and payments', () => {
    expect(
      scalar('SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id)'),
    ).toBe(0);
    expect(
      scalar(`SELECT COUNT(*) FROM orders o JOIN (SELECT order_id, SUM(line_total) s FROM order_items GROUP BY order_id) i
      ON i.order_id = o.id WHERE ABS(o.total_amount - (i.s - o.discount)) > 0.01`),
    ).toBe(0);
    expect(
      scalar('SELECT COUNT(*) FROM order_items WHERE ABS(line_total - quantity * unit_price) > 0.01 OR quantity < 1'),
    ).toBe(0);
    expect(
      scalar("SELECT COUNT(*) FROM payments p JOIN orders o ON o.id = p.order_id WHERE o.status = 'pending'"),
    ).toBe(0);
    expect(
      scalar(
        "SELECT COUNT(*) FROM orders o WHERE o.status <> 'pending' AND (SELECT COUNT(*) FROM payments p WHERE p.order_id = o.id) <> 1",
      ),
    ).toBe(0);
    expect(
      scalar(
        'SELECT COUNT(*) FROM payments p JOIN orders o ON o.id = p.order_id WHERE ABS(p.amount - o.total_amount) > 0.001',
      ),
    ).toBe(0);
  });

  it('keeps dates coherent and well formatted', () => {
    expect(
      scalar(
        "SELECT COUNT(*) FROM orders WHERE order_date NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]'",
      ),
    ).toBe(0);
    expect(
      scalar("SELECT COUNT(*) FROM customers WHERE signup_date NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"),
    ).toBe(0);
    expect(scalar("SELECT COUNT(*) FROM orders WHERE order_date < '2023-01-01' OR order_date >= '2025-07-01'")).toBe(0);
    expect(
      scalar(
        'SELECT COUNT(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE substr(o.order_date, 1, 10) < c.signup_date',
      ),
    ).toBe(0);
    expect(
      scalar('SELECT COUNT(*) FROM payments p JOIN orders o ON o.id = p.order_id WHERE p.paid_at < o.order_date'),
    ).toBe(0);
    expect(
      scalar(
        'SELECT COUNT(*) FROM web_sessions s JOIN customers c ON c.id = s.customer_id WHERE substr(s.session_start, 1, 10) < c.signup_date',
      ),
    ).toBe(0);
    expect(
      scalar(
        'SELECT COUNT(*) FROM product_reviews r JOIN customers c ON c.id = r.customer_id WHERE substr(r.created_at, 1, 10) < c.signup_date',
      ),
    ).toBe(0);
  });

  it('has plausible distributions', () => {
    const completed = scalar("SELECT AVG(status = 'completed') FROM orders");
    expect(completed).toBeGreaterThan(0.55);
    expect(completed).toBeLessThan(0.85);
    // seasonality: November/December are busier per month than the rest of the year
    const holiday = scalar("SELECT COUNT(*) FROM orders WHERE substr(order_date, 6, 2) IN ('11', '12')") / 5;
    const rest = scalar("SELECT COUNT(*) FROM orders WHERE substr(order_date, 6, 2) NOT IN ('11', '12')") / 25;
    expect(holiday).toBeGreaterThan(rest * 1.3);
    // growth over time
    expect(scalar("SELECT COUNT(*) FROM orders WHERE order_date LIKE '2024%'")).toBeGreaterThan(
      scalar("SELECT COUNT(*) FROM orders WHERE order_date LIKE '2023%'"),
    );
    // Pareto-like order frequency: the top 10% of buyers place well over 10% of the orders, many buy once
    const perCustomer = db
      .prepare('SELECT COUNT(*) n FROM orders GROUP BY customer_id ORDER BY n DESC')
      .pluck()
      .all() as number[];
    const top = perCustomer.slice(0, Math.ceil(perCustomer.length / 10)).reduce((s, n) => s + n, 0);
    expect(top / 20_000).toBeGreaterThan(0.3);
    expect(perCustomer.filter((n) => n === 1).length).toBeGreaterThan(perCustomer.length * 0.1);
    // countries weighted towards the US
    expect(
      db.prepare('SELECT country_code FROM customers GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1').pluck().get(),
    ).toBe('US');
    const anonymous = scalar('SELECT AVG(customer_id IS NULL) FROM web_sessions');
    expect(anonymous).toBeGreaterThan(0.3);
    expect(anonymous).toBeLessThan(0.5);
    expect(scalar('SELECT AVG(rating) FROM product_reviews')).toBeGreaterThan(3.5);
    expect(scalar('SELECT COUNT(*) FROM product_reviews WHERE rating NOT BETWEEN 1 AND 5')).toBe(0);
    expect(scalar('SELECT COUNT(*) FROM products WHERE price <= 0 OR cost <= 0 OR cost >= price')).toBe(0);
  });

  it('refuses to replace an existing file unless overwrite is set', async () => {
    const existing = path.join(dir, 'existing.sqlite');
    fs.writeFileSync(existing, 'keep me');
    await expect(generateSampleDatabase(existing, { scale: 0.02 })).rejects.toThrow(/already exists/);
    expect(fs.readFileSync(existing, 'utf8')).toBe('keep me');
    const small = await generateSampleDatabase(existing, { scale: 0.02, overwrite: true });
    expect(small.tables.find((t) => t.name === 'orders')?.rows).toBe(400);
    const check = new Database(existing, { readonly: true });
    try {
      expect(check.prepare('SELECT COUNT(*) FROM orders').pluck().get()).toBe(400);
    } finally {
      check.close();
    }
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('rejects an invalid scale', async () => {
    await expect(generateSampleDatabase(path.join(dir, 'bad.sqlite'), { scale: 0 })).rejects.toThrow(/scale/);
    expect(fs.existsSync(path.join(dir, 'bad.sqlite'))).toBe(false);
  });
});
