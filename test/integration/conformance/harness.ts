import type { ConnectorSettings } from '../../../src/connectors/connector.js';
import type { EngineType } from '../../../src/connectors/engine-type.js';

/**
 * One engine's entry in the connector conformance suite. Each harness seeds the same logical schema
 * (see FIXTURE below) in its engine's DDL, in a schema/database of its own so suites can run in parallel.
 *
 * FIXTURE (logical):
 *   dc_customers(id INT PK, email VARCHAR NOT NULL, country CHAR(2) NULL, created_at TIMESTAMP NULL,
 *                is_active BOOLEAN NULL, balance DECIMAL(10,2) NULL, score DOUBLE NULL, notes TEXT NULL)
 *     rows: (1,'a@example.com','US','2024-01-02 03:04:05',true,10.50,1.5,NULL),
 *           (2,'b@example.com','DE','2024-02-03 04:05:06',false,20.25,2.5,'vip'),
 *           (3,'c@example.com',NULL,NULL,NULL,NULL,NULL,NULL)
 *   dc_orders(id INT PK, customer_id INT NOT NULL FK → dc_customers.id (indexed), amount DECIMAL(10,2) NOT NULL,
 *             ordered_on DATE NOT NULL, status VARCHAR NOT NULL)
 *     rows: (1,1,99.99,'2024-03-01','completed'), (2,1,5.00,'2024-03-02','pending'), (3,2,42.00,'2024-03-03','completed')
 *   dc_numbers(n INT NOT NULL) rows: 1..2500
 */
export interface EngineHarness {
  engine: EngineType;
  /** Seeds the fixture. Resolves to undefined when ready, or to a skip reason that says how to enable the suite. */
  prepare(): Promise<string | undefined>;
  /** Settings of a connector that sees the seeded fixture. */
  settings(): ConnectorSettings;
  capabilities: {
    /** The catalog reports declared foreign keys. */
    foreignKeys: boolean;
    /** The catalog reports secondary indexes. */
    indexes: boolean;
    /** The catalog reports primary keys. */
    primaryKeys: boolean;
    /** The engine has a boolean column type (default true; false for ClickHouse before 21.12, which has none). */
    booleanType?: boolean;
  };
  /** A statement that would modify data if it ran (the database itself must refuse it). */
  writeStatement: string;
  /** A read-only statement that runs for more than 5 seconds. */
  slowStatement: string;
  /** An expression giving 1000 zero bytes of the engine's binary type (omitted where there is none). */
  blobExpression?: string;
  /** An expression giving a string of 100 000 '0' characters. */
  longTextExpression?: string;
  teardown(): Promise<void>;
}

/** In CI (CI=true) a missing server is a failure, never a skip. */
export function mustRun(): boolean {
  return process.env.CI === 'true' || process.env.CI === '1';
}

/** Comma-separated engine filter, e.g. DATACHAT_TEST_ENGINES=sqlite,postgresql. */
export function engineSelected(engine: string): boolean {
  const filter = process.env.DATACHAT_TEST_ENGINES;
  if (!filter) return true;
  return filter
    .split(',')
    .map((s) => s.trim())
    .includes(engine);
}
