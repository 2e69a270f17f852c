import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CTRL_C, scriptedPrompts } from '../../support/scripted-prompts.js';
import { CommandContext } from '../../../src/terminal/command-context.js';
import { suggestedQuestion } from '../../../src/cli/wizard/ask-step.js';
import { readInitState } from '../../../src/cli/wizard/init-state.js';
import { runInitWizard } from '../../../src/cli/wizard/init-wizard.js';

/** A small shop database: customers and orders with an amount, a status and a date. */
function createShop(file: string): void {
  const db = new Database(file);
  db.exec(`CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL);
    CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), amount REAL NOT NULL, status TEXT NOT NULL, ordered_at TEXT NOT NULL);`);
  const customer = db.prepare('INSERT INTO customers VALUES (?, ?, ?)');
  const order = db.prepare('INSERT INTO orders VALUES (?, ?, ?, ?, ?)');
  for (let i = 1; i <= 30; i++) customer.run(i, `customer ${i}`, ['US', 'DE', 'FR'][i % 3]);
  for (let i = 1; i <= 300; i++)
    order.run(
      i,
      1 + (i % 30),
      (i % 50) + 0.25,
      ['paid', 'shipped', 'cancelled'][i % 3],
      `2024-${String(1 + (i % 6)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    );
  db.close();
}

/** The wizard run in-process with scripted prompts, its stdout/stderr captured. */
async function wizard(project: string, script: Parameters<typeof scriptedPrompts>[0]) {
  const prompts = scriptedPrompts(script);
  let out = '';
  const capture = (chunk: unknown) => {
    out += String(chunk);
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  const context = new CommandContext(
    { dir: project, json: false, yes: false, verbose: false, color: false },
    { NO_COLOR: '1', DATACHAT_SECRET_KEY: 'test-key', HOME: tmpdir() },
    project,
    true,
  );
  try {
    await runInitWizard(context, {}, { prompts });
    return { prompts, out, error: undefined as Error | undefined };
  } catch (error) {
    return { prompts, out, error: error as Error };
  } finally {
    await context.close();
    vi.restoreAllMocks();
  }
}

describe('init wizard (scripted prompts, SQLite file)', () => {
  let project: string;
  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'datachat-wizard-'));
    mkdirSync(project, { recursive: true });
    createShop(join(project, 'shop.db'));
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));
  afterEach(() => vi.restoreAllMocks());

  it('adds a database from its schema fields, recovers from a failed test by editing, stops on Ctrl-C and resumes', async () => {
    const first = await wizard(project, [
      { ask: /What kind of database/, answer: 'sqlite' },
      { ask: /^Database file/, answer: 'missing.db' },
      { ask: /^Name for this connection/, answer: 'shop' },
      { ask: /What now with shop/, answer: 'edit' },
      { ask: /^Database file/, answer: 'shop.db' },
      { ask: /Add another database/, answer: 'continue' },
      { ask: /Review the \d+ generated DataPoints/, answer: CTRL_C },
    ]);
    expect(first.error?.message, first.out).toBe('Setup interrupted.');
    expect(first.prompts.remaining()).toBe(0);
    expect(first.out).toMatch(/SQLite database file not found/);
    expect(first.out).toMatch(/shop: connected in \d+ ms — SQLite/);
    expect(first.out).toMatch(/2\/2 +(customers|orders)/);
    const config = readFileSync(join(project, '.datachat.yml'), 'utf8');
    expect(config).toMatch(/id: shop\n\s+type: sqlite\n\s+fields:\n\s+path: shop.db/);
    const state = readInitState(join(project, '.datachat', 'init-state.json'))!;
    expect(state).toMatchObject({
      completed: ['databases', 'introspect', 'profile', 'generate'],
      tested: ['shop'],
      profiled: ['shop'],
      generated: ['shop'],
      finished: false,
      generate_mode: 'offline',
    });
    expect(readdirSync(join(project, '.datachat', 'pending', 'shop'))).toContain('business');

    const second = await wizard(project, [
      { ask: /stopped before "review DataPoints"\. Resume it/, answer: 'resume' },
      { ask: /Review the \d+ generated DataPoints/, answer: 'all' },
      { ask: /Ask a first question/ },
    ]);
    expect(second.error, second.out).toBeUndefined();
    expect(second.prompts.asked.join('\n')).not.toMatch(/What kind of database/);
    expect(second.out).not.toMatch(/Profiling/);
    expect(second.out).toMatch(/ by month: \d+ rows\./);
    expect(second.out).toMatch(/Setup complete: 1 database, \d+ DataPoints/);
    expect(readInitState(join(project, '.datachat', 'init-state.json'))).toMatchObject({ finished: true });
    expect(existsSync(join(project, 'datapoints', 'shop', 'business'))).toBe(true);
    expect(existsSync(join(project, '.datachat', 'pending', 'shop'))).toBe(false);
  }, 60_000);

  it('keeps a secret field out of .datachat.yml: encrypted in .datachat/secrets.json, referenced as secret:', async () => {
    const other = mkdtempSync(join(tmpdir(), 'datachat-wizard-secret-'));
    try {
      const run = await wizard(other, [
        { ask: /What kind of database/, answer: 'postgresql' },
        { ask: /^Host/, answer: '127.0.0.1' },
        { ask: /^Port/, answer: '1' },
        { ask: /^Database/, answer: 'analytics' },
        { ask: /^User/, answer: 'reader' },
        { ask: /^Password/, answer: 'hunter2-secret' },
        { ask: /^SSL mode/ },
        { ask: /^Schemas/ },
        { ask: /^Connect timeout/ },
        { ask: /^Name for this connection/ },
        { ask: /What now with analytics/, answer: CTRL_C },
      ]);
      expect(run.error?.message).toBe('Setup interrupted.');
      expect(run.out).toMatch(/connection refused/);
      expect(run.out).not.toContain('hunter2-secret');
      const config = readFileSync(join(other, '.datachat.yml'), 'utf8');
      expect(config).toContain('password: secret:analytics.password');
      expect(config).not.toContain('hunter2');
      expect(readFileSync(join(other, '.datachat', 'secrets.json'), 'utf8')).not.toContain('hunter2');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('skips a database whose test fails, removing it', async () => {
    const other = mkdtempSync(join(tmpdir(), 'datachat-wizard-skip-'));
    try {
      const run = await wizard(other, [
        { ask: /What kind of database/, answer: 'url' },
        { ask: /^Connection URL/, answer: 'sqlite:nowhere.db' },
        { ask: /^Name for this connection/, answer: undefined },
        { ask: /What now with nowhere/, answer: 'skip' },
        { ask: /What kind of database/, answer: CTRL_C },
      ]);
      expect(run.error?.message).toBe('Setup interrupted.');
      expect(run.out).toContain('Removed nowhere.');
      expect(readFileSync(join(other, '.datachat.yml'), 'utf8')).not.toContain('nowhere');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('init wizard with an LLM configured and existing connections', () => {
  it('asks how to generate (offline here: no LLM call), leaves review for later and says so', async () => {
    const project = mkdtempSync(join(tmpdir(), 'datachat-wizard-llm-'));
    try {
      createShop(join(project, 'shop.db'));
      // Port 9 (discard) never answers an LLM call: choosing offline must not make one.
      writeFileSync(
        join(project, '.datachat.yml'),
        'version: 1\nconnections:\n  - id: shop\n    type: sqlite\n    url: sqlite:shop.db\nllm:\n  base_url: http://127.0.0.1:9/v1\n  model: fake-model\n',
      );
      const run = await wizard(project, [
        { ask: /Add another database/, answer: 'continue' },
        { ask: /Generate DataPoints .* with/, answer: 'offline' },
        { ask: /Review the \d+ generated DataPoints/, answer: 'later' },
        { ask: /Ask a first question/, answer: 'list tables' },
      ]);
      expect(run.error, run.out).toBeUndefined();
      expect(run.out).toMatch(/shop: connected in/);
      expect(run.out).toMatch(/Process DataPoints \(offline\)/);
      expect(run.out).toMatch(/DataPoints left pending: approve them later with `datachat review`/);
      expect(run.out).toMatch(/2 tables/);
      expect(run.out).toMatch(/datachat review --dir .* +\d+ DataPoints still pending review/);
      expect(readInitState(join(project, '.datachat', 'init-state.json'))).toMatchObject({
        finished: true,
        generate_mode: 'offline',
      });
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('suggestedQuestion', () => {
  const metric = (id: string, extra: Record<string, unknown> = {}) =>
    ({
      type: 'Business',
      id,
      name: id.replace(/_/g, ' '),
      connection: 'c',
      aggregation: 'SUM',
      dimensions: [],
      synonyms: [],
      filters: [],
      business_rules: [],
      ...extra,
    }) as never;

  it('prefers a metric with a time column and business rules: "<name> by month"', () => {
    expect(
      suggestedQuestion(
        [
          metric('a_sum'),
          metric('b_sum', { time_column: 'o.d' }),
          metric('Revenue', { time_column: 'o.d', filters: ["o.s <> 'x'"] }),
        ],
        'c',
      ),
    ).toBe('Revenue by month');
  });

  it('falls back to a dimension, the bare name, or listing tables', () => {
    expect(suggestedQuestion([metric('orders_count', { dimensions: ['orders.shipping_country'] })])).toBe(
      'orders count by shipping country',
    );
    expect(suggestedQuestion([metric('orders_count')])).toBe('orders count');
    expect(suggestedQuestion([])).toBe('list tables');
  });
});
