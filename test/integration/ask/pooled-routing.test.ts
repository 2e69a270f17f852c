import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AskService } from '../../../src/services/ask-service.js';
import { initializeProject } from '../../../src/services/init-service.js';
import { ProjectContext } from '../../../src/services/project-context.js';

const quiet = { step: () => undefined, done: () => undefined };

/** A small Northwind-like database: customers (as the sample has), plus employees the sample lacks. */
function buildNorthwind(file: string): void {
  const db = new Database(file);
  db.exec(`
    CREATE TABLE employees (employee_id INTEGER PRIMARY KEY, first_name TEXT NOT NULL, last_name TEXT NOT NULL, title TEXT NOT NULL);
    CREATE TABLE customers (customer_id TEXT PRIMARY KEY, company_name TEXT NOT NULL, country TEXT NOT NULL);
    CREATE TABLE orders (order_id INTEGER PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customers(customer_id),
      employee_id INTEGER NOT NULL REFERENCES employees(employee_id), order_date DATE NOT NULL, freight REAL NOT NULL);
  `);
  const employee = db.prepare('INSERT INTO employees VALUES (?, ?, ?, ?)');
  [
    ['Nancy', 'Davolio', 'Sales Representative'],
    ['Andrew', 'Fuller', 'Vice President, Sales'],
    ['Janet', 'Leverling', 'Sales Representative'],
  ].forEach((e, i) => void employee.run(i + 1, ...e));
  const customer = db.prepare('INSERT INTO customers VALUES (?, ?, ?)');
  for (let i = 0; i < 7; i++) customer.run(`C${i}`, `Company ${i}`, ['Germany', 'France', 'Spain'][i % 3]);
  const order = db.prepare('INSERT INTO orders VALUES (?, ?, ?, ?, ?)');
  for (let i = 0; i < 20; i++) order.run(i + 1, `C${i % 7}`, (i % 3) + 1, `1997-0${(i % 9) + 1}-15`, 10 + i);
  db.close();
}

/** Issue #14's pooled project: the sample database as default plus a Northwind-like second database. */
describe('routing in a pooled project', () => {
  let root: string;
  let project: ProjectContext;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'datachat-pooled-'));
    buildNorthwind(join(root, 'northwind.db'));
    project = ProjectContext.load({ dir: root, cwd: root, env: {} });
    await initializeProject(
      project,
      {
        sample: true,
        databases: [{ name: 'northwind', url: 'sqlite:northwind.db' }],
        autoApprove: true,
        offline: true,
      },
      quiet,
    );
  }, 180_000);
  afterAll(async () => {
    await project?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers "How many customers are there?" from the default database', async () => {
    const answer = await new AskService(project).ask({ question: 'How many customers are there?' });
    expect(answer.database_used).toBe('sample');
    expect(answer.routing).toMatchObject({ method: 'default', margin: 0 });
    expect(answer.routing.confidence).toBeLessThan(1);
    expect(answer.routing.reason).toMatch(/margin/);
    expect(answer.data).toEqual([{ customers_count: 5000 }]);
  });

  it('answers "How many employees are there?" from the database that has employees', async () => {
    const answer = await new AskService(project).ask({ question: 'How many employees are there?' });
    expect(answer.database_used).toBe('northwind');
    expect(answer.routing).toMatchObject({ method: 'relevance' });
    expect(answer.routing.reason).toMatch(/only northwind knows "employee"/);
    expect(Object.values(answer.data[0]!)).toEqual([3]);
  });

  it('a follow-up replaces the time range of the previous question ("what about 2023?")', async () => {
    const ask = new AskService(project);
    const first = await ask.ask({ question: 'Revenue in 2024' });
    const follow = await ask.ask({ question: 'what about 2023?', conversationId: first.conversation_id });
    const direct = await ask.ask({ question: 'What was the revenue in 2023?' });
    expect(follow.method).toBe('metric');
    expect(follow.database_used).toBe('sample');
    expect(follow.data).toEqual(direct.data);
    expect(follow.data).not.toEqual(first.data);
  });
});
