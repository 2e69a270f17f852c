import { randomBytes } from 'node:crypto';
import type { Connection } from 'mysql2/promise';
import type { EngineHarness } from './harness.js';

const HOST = '127.0.0.1';
const PORT = 3306;
const SKIP_REASON =
  'MariaDB not reachable at 127.0.0.1:3306; start it with `start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd` or set CI=true';
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN']);

/** Opens an administrative connection as root (empty password), or undefined when nothing listens. */
export async function connectAsRoot(database?: string): Promise<Connection | undefined> {
  const mysql = await import('mysql2/promise');
  try {
    return await mysql.createConnection({
      host: HOST,
      port: PORT,
      user: 'root',
      password: '',
      connectTimeout: 5000,
      ...(database ? { database } : {}),
    });
  } catch (error) {
    if (UNREACHABLE.has((error as { code?: string }).code ?? '')) return undefined;
    throw error;
  }
}

/** MariaDB (or MySQL) on 127.0.0.1:3306: a fresh database per run, seeded with the fixture in InnoDB. */
export function mysqlHarness(): EngineHarness {
  const database = `dc_conf_${randomBytes(6).toString('hex')}`;
  let created = false;
  return {
    engine: 'mysql',
    capabilities: { foreignKeys: true, indexes: true, primaryKeys: true },
    writeStatement: "INSERT INTO dc_customers (id, email) VALUES (99, 'x@example.com')",
    slowStatement: 'SELECT SLEEP(10)',
    blobExpression: 'CAST(REPEAT(CHAR(0), 1000) AS BINARY)',
    longTextExpression: "REPEAT('0', 100000)",
    async prepare() {
      const admin = await connectAsRoot();
      if (!admin) return SKIP_REASON;
      try {
        await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4`);
        created = true;
        await admin.query(`USE \`${database}\``);
        await admin.query(`CREATE TABLE dc_customers (id INT PRIMARY KEY, email VARCHAR(255) NOT NULL, country CHAR(2) NULL,
          created_at TIMESTAMP NULL DEFAULT NULL, is_active BOOLEAN NULL, balance DECIMAL(10,2) NULL, score DOUBLE NULL, notes TEXT NULL) ENGINE=InnoDB`);
        await admin.query(`CREATE TABLE dc_orders (id INT PRIMARY KEY, customer_id INT NOT NULL, amount DECIMAL(10,2) NOT NULL,
          ordered_on DATE NOT NULL, status VARCHAR(20) NOT NULL, INDEX dc_orders_customer_id (customer_id),
          CONSTRAINT dc_orders_customer_fk FOREIGN KEY (customer_id) REFERENCES dc_customers (id)) ENGINE=InnoDB`);
        await admin.query('CREATE TABLE dc_numbers (n INT NOT NULL) ENGINE=InnoDB');
        await admin.query(`INSERT INTO dc_customers VALUES (1,'a@example.com','US','2024-01-02 03:04:05',TRUE,10.50,1.5,NULL),
          (2,'b@example.com','DE','2024-02-03 04:05:06',FALSE,20.25,2.5,'vip'), (3,'c@example.com',NULL,NULL,NULL,NULL,NULL,NULL)`);
        await admin.query(
          `INSERT INTO dc_orders VALUES (1,1,99.99,'2024-03-01','completed'),(2,1,5.00,'2024-03-02','pending'),(3,2,42.00,'2024-03-03','completed')`,
        );
        await admin.query('INSERT INTO dc_numbers (n) VALUES ?', [Array.from({ length: 2500 }, (_, i) => [i + 1])]);
        return undefined;
      } finally {
        await admin.end();
      }
    },
    settings: () => ({
      id: 'conformance',
      engine: 'mysql',
      url: `mysql://root@${HOST}:${PORT}/${database}`,
      options: {},
      baseDir: process.cwd(),
    }),
    async teardown() {
      if (!created) return;
      const admin = await connectAsRoot();
      if (!admin) return;
      try {
        await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      } finally {
        await admin.end();
      }
    },
  };
}
