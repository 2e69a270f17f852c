import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDir } from '../support/remove-temp-dir.js';
import { json, runCli } from '../support/run-cli.js';
import { snapshot } from '../support/snapshot.js';

interface Finding {
  severity: string;
  code: string;
  message: string;
  file: string;
  line?: number;
}

/**
 * Content is as untrusted as a chat message: a committed Business DataPoint and an eval file's gold SQL
 * go through the SQL guard (on the sample SQLite database), so `check` and `eval` refuse them with a
 * finding / a refused question and run nothing.
 */
describe('hostile DataPoints and eval files (sample database)', () => {
  let root: string;
  let project: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'datachat-hostile-'));
    project = join(root, 'project');
    expect(runCli(['init', '--sample', '--yes', '--dir', project]).code).toBe(0);
    const generate = runCli(['generate', '--offline', '--auto-approve', '--dir', project]);
    expect(generate.code, generate.stderr).toBe(0);
  }, 180_000);
  afterAll(() => removeTempDir(root));

  it('check reports a metric the guard refuses as an error finding with the rule, and runs nothing', () => {
    const file = join(project, 'datapoints', 'sample', 'business', 'revenue.yaml');
    const original = readFileSync(file, 'utf8');
    try {
      const hostile = "expression: SUM(orders.total_amount) + length(load_extension('/tmp/evil'))";
      writeFileSync(file, original.replace(/^expression: .*$/m, hostile));
      const before = snapshot(join(project, 'datapoints'));
      const result = runCli(['check', '--dir', project, '--json']);
      expect(result.code).toBe(1);
      const findings = json<{ findings: Finding[] }>(result).findings;
      const where = { file: 'datapoints/sample/business/revenue.yaml', line: 8 };
      expect(findings).toContainEqual(expect.objectContaining({ severity: 'error', code: 'metric_refused', ...where }));
      expect(findings.find((f) => f.code === 'metric_refused')?.message).toMatch(/dangerous_function.*load_extension/);
      expect(snapshot(join(project, 'datapoints'))).toEqual(before);
    } finally {
      writeFileSync(file, original);
    }
  }, 60_000);

  it('check reports a Query template the guard would refuse, without running it', () => {
    const dir = join(project, 'datapoints', 'sample', 'query');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'hostile_template.yaml');
    writeFileSync(
      file,
      [
        'type: Query',
        'id: hostile_template',
        'name: Orders with a file',
        'connection: sample',
        "sql: SELECT id, readfile('/etc/passwd') AS f FROM orders",
        '',
      ].join('\n'),
    );
    try {
      const result = runCli(['check', '--dir', project, '--json']);
      expect(result.code).toBe(1);
      const findings = json<{ findings: Finding[] }>(result).findings;
      const where = { file: 'datapoints/sample/query/hostile_template.yaml', line: 5 };
      expect(findings).toContainEqual(expect.objectContaining({ severity: 'error', code: 'query_refused', ...where }));
    } finally {
      rmSync(file);
    }
  }, 60_000);

  it('a Query template holding a parser bomb is refused (exit 4) within the parse budget, not a crash', () => {
    const dir = join(project, 'datapoints', 'sample', 'query');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'bomb_report.yaml');
    const bomb = `SELECT ${'(SELECT '.repeat(9)}1 +${')'.repeat(9)} FROM orders`;
    const lines = ['type: Query', 'id: bomb_report', 'name: Bomb report', 'connection: sample', `sql: "${bomb}"`];
    writeFileSync(file, `${lines.join('\n')}\n`);
    try {
      const started = Date.now();
      const result = runCli(['ask', 'bomb report', '--dir', project]);
      expect(result.code, result.stdout + result.stderr).toBe(4);
      expect(result.stderr).toMatch(/too complex/);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      rmSync(file);
    }
  }, 60_000);

  it('eval reports a question whose gold SQL the guard refuses as refused', () => {
    const evalFile = join(root, 'hostile-eval.yaml');
    writeFileSync(
      evalFile,
      [
        'connection: sample',
        'questions:',
        '  - id: fine',
        '    question: "How many orders are there?"',
        '    gold_sql: "SELECT COUNT(*) FROM orders"',
        '  - id: hostile',
        '    question: "How many orders are there?"',
        `    gold_sql: "SELECT readfile('/etc/passwd')"`,
        '',
      ].join('\n'),
    );
    type Report = { refused: number; questions: { id: string; outcome: string; detail?: string }[] };
    const report = json<Report>(runCli(['eval', evalFile, '--dir', project, '--json']));
    expect(report.refused).toBe(1);
    const hostile = report.questions.find((q) => q.id === 'hostile');
    expect(hostile).toMatchObject({ outcome: 'refused', detail: expect.stringMatching(/readfile/) });
    expect(report.questions.find((q) => q.id === 'fine')).toMatchObject({ outcome: 'correct' });
  }, 60_000);
});
