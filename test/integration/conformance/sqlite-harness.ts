import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { EngineHarness } from './harness.js';

export function sqliteHarness(): EngineHarness {
  const dir = mkdtempSync(join(tmpdir(), 'datachat-sqlite-conf-'));
  const file = join(dir, 'conformance.db');
  return {
    engine: 'sqlite',
    capabilities: { foreignKeys: true, indexes: true, primaryKeys: true },
    writeStatement: "INSERT INTO dc_customers (id, email) VALUES (99, 'x@example.com')",
    slowStatement: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c',
    blobExpression: 'zeroblob(1000)',
    longTextExpression: 'hex(zeroblob(50000))',
    async prepare() {
      const db = new Database(file);
      db.exec(`
        CREATE TABLE dc_customers (id INTEGER PRIMARY KEY, email VARCHAR(255) NOT NULL, country CHAR(2), created_at TIMESTAMP,
          is_active BOOLEAN, balance DECIMAL(10,2), score DOUBLE, notes TEXT);
        CREATE TABLE dc_orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES dc_customers(id), amount DECIMAL(10,2) NOT NULL,
          ordered_on DATE NOT NULL, status VARCHAR(20) NOT NULL);
        CREATE INDEX dc_orders_customer_id ON dc_orders(customer_id);
        CREATE TABLE dc_numbers (n INTEGER NOT NULL);
        INSERT INTO dc_customers VALUES (1,'a@example.com','US','2024-01-02 03:04:05',1,10.50,1.5,NULL),
          (2,'b@example.com','DE','2024-02-03 04:05:06',0,20.25,2.5,'vip'), (3,'c@example.com',NULL,NULL,NULL,NULL,NULL,NULL);
        INSERT INTO dc_orders VALUES (1,1,99.99,'2024-03-01','completed'),(2,1,5.00,'2024-03-02','pending'),(3,2,42.00,'2024-03-03','completed');
        WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2500) INSERT INTO dc_numbers SELECT x FROM c;
      `);
      db.close();
      return undefined;
    },
    settings: () => ({ id: 'conformance', engine: 'sqlite', url: `sqlite:${file}`, options: {}, baseDir: dir }),
    async teardown() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
