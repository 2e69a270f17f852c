import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, runCli } from '../support/run-cli.js';

interface Report {
  total: number;
  answered: number;
  correct: number;
  wrong: number;
  gold_wrong: number;
  declined: number;
  errors: number;
  precision: number;
  questions: { id: string; outcome: string; detail?: string }[];
}

/**
 * `datachat eval --json` counts answered / correct / wrong / declined, and a gold SQL the eval file
 * marks as wrong (`gold_wrong: reason`) turns a differing answer into `gold_wrong`, never `correct`.
 */
describe('datachat eval counts (offline, sample database)', () => {
  let root: string;
  let project: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'datachat-eval-'));
    project = join(root, 'p');
    expect(runCli(['init', '--sample', '--yes', '--offline', '--auto-approve', '--dir', project]).code).toBe(0);
  }, 180_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reports answered, correct, wrong, gold_wrong and declined', () => {
    const file = join(root, 'set.yaml');
    writeFileSync(
      file,
      [
        'connection: sample',
        'questions:',
        '  - id: right',
        '    question: "How many orders are there?"',
        '    gold_sql: "SELECT COUNT(*) FROM orders"',
        '  - id: wrong_gold_marked',
        '    question: "How many customers are there?"',
        '    gold_sql: "SELECT COUNT(*) + 1 FROM customers"',
        '    gold_wrong: "counts one customer too many"',
        '  - id: wrong_gold_unmarked',
        '    question: "How many products do we have?"',
        '    gold_sql: "SELECT COUNT(*) - 1 FROM products"',
        '  - id: declined',
        '    question: "Which poem did the warehouse recite?"',
        '    gold_sql: "SELECT 1"',
      ].join('\n'),
    );
    const result = runCli(['eval', file, '--dir', project, '--json']);
    const report = json<Report>(result);
    const outcome = Object.fromEntries(report.questions.map((q) => [q.id, q.outcome]));
    expect(outcome).toEqual({
      right: 'correct',
      wrong_gold_marked: 'gold_wrong',
      wrong_gold_unmarked: 'wrong',
      declined: 'declined',
    });
    expect(report).toMatchObject({
      total: 4,
      answered: 3,
      correct: 1,
      wrong: 1,
      gold_wrong: 1,
      declined: 1,
      errors: 0,
      precision: 0.5,
    });
    expect(report.questions.find((q) => q.id === 'wrong_gold_marked')?.detail).toContain(
      'counts one customer too many',
    );
  });
});
