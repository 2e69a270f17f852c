import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AskService } from '../../../src/services/ask-service.js';
import { initializeProject } from '../../../src/services/init-service.js';
import { ProjectContext } from '../../../src/services/project-context.js';

const quiet = { step: () => undefined, done: () => undefined };

/** Two shops with the same schema: a cross-database question merges both; routing picks by mention. */
describe('cross-database questions', () => {
  let root: string;
  let project: ProjectContext;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'datachat-cross-'));
    for (const [name, n] of [
      ['east', 3],
      ['west', 5],
    ] as const) {
      const db = new Database(join(root, `${name}.db`));
      db.exec(
        `CREATE TABLE orders (id INTEGER PRIMARY KEY, channel TEXT NOT NULL, total_amount DECIMAL(10,2) NOT NULL, order_date DATETIME NOT NULL)`,
      );
      const insert = db.prepare(
        `INSERT INTO orders (channel, total_amount, order_date) VALUES (?, ?, '2024-05-01 10:00:00')`,
      );
      for (let i = 0; i < n; i++) insert.run(i % 2 ? 'web' : 'store', 10 * (i + 1));
      db.close();
    }
    project = ProjectContext.load({ dir: root, cwd: root, env: {} });
    await initializeProject(
      project,
      {
        sample: false,
        databases: [
          { name: 'east', url: 'sqlite:east.db' },
          { name: 'west', url: 'sqlite:west.db' },
        ],
        autoApprove: true,
        offline: true,
      },
      quiet,
    );
  }, 120_000);
  afterAll(async () => {
    await project.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('merges one answer per database with a database column', async () => {
    const answer = await new AskService(project).ask({ question: 'how many orders', crossDatabase: true });
    expect(answer.columns[0]).toBe('database');
    expect(answer.data).toEqual([
      { database: 'east', orders_count: 3 },
      { database: 'west', orders_count: 5 },
    ]);
    expect(answer.parts).toHaveLength(2);
  });

  it('keeps the answers of databases that can, and reports the one that cannot', async () => {
    project.config.connections.find((c) => c.id === 'west')!.url = 'sqlite:missing.db';
    await project.close();
    // (Another wording: the first answer is still in the answer cache.)
    const answer = await new AskService(project).ask({ question: 'number of orders', crossDatabase: true });
    expect(answer.data).toEqual([{ database: 'east', orders_count: 3 }]);
    expect(answer.failures).toEqual([expect.objectContaining({ database: 'west', error: 'connection_failed' })]);
    expect(answer.answer).toMatch(/west: not answered/);
  });

  it('routes to the database the question names', async () => {
    project.reload();
    const answer = await new AskService(project).ask({ question: 'in west, how many orders' });
    expect(answer.routing).toMatchObject({ targets: ['west'], method: 'explicit' });
    expect(answer.data).toEqual([{ orders_count: 5 }]);
  });
});
