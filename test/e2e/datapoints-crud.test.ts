import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, runCli } from '../support/run-cli.js';

describe('datachat datapoints add / edit / remove', () => {
  let root: string;
  let project: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'datachat-dp-crud-'));
    project = join(root, 'p');
    expect(runCli(['init', '--sample', '--yes', '--no-profile', '--no-generate', '--dir', project]).code).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('adds a metric from a file, answers with it, edits it through $EDITOR, removes it', () => {
    const metric = join(root, 'aov.yaml');
    writeFileSync(
      metric,
      'type: Business\nid: aov\nname: Average order value\nconnection: sample\ntable: orders\nexpression: AVG(orders.total_amount)\naggregation: AVG\nsynonyms: [aov]\n',
    );
    const added = json<{ key: string; file: string }>(
      runCli(['datapoints', 'add', metric, '--dir', project, '--json']),
    );
    expect(added).toMatchObject({ key: 'sample/aov', file: 'datapoints/sample/business/aov.yaml' });
    expect(runCli(['datapoints', 'add', metric, '--dir', project]).code).toBe(2);
    const answer = json<{ method: string; sources: string[] }>(runCli(['ask', 'aov', '--dir', project, '--json']));
    expect(answer).toMatchObject({ method: 'metric' });
    expect(answer.sources).toContain('aov');

    const editor = join(root, 'editor.sh');
    writeFileSync(editor, '#!/bin/sh\nsed -i "s/name: Average order value/name: Mean order value/" "$1"\n', {
      mode: 0o755,
    });
    expect(runCli(['datapoints', 'edit', 'aov', '--dir', project], { env: { EDITOR: editor } }).code).toBe(0);
    expect(readFileSync(join(project, 'datapoints', 'sample', 'business', 'aov.yaml'), 'utf8')).toContain(
      'name: Mean order value',
    );

    const broken = join(root, 'broken.sh');
    writeFileSync(broken, '#!/bin/sh\nprintf "colour: red\\n" >> "$1"\n', { mode: 0o755 });
    const bad = runCli(['datapoints', 'edit', 'aov', '--dir', project], { env: { EDITOR: broken } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown field "colour"/);
    expect(readFileSync(join(project, 'datapoints', 'sample', 'business', 'aov.yaml'), 'utf8')).not.toContain('colour');

    expect(runCli(['datapoints', 'remove', 'sample/aov', '--dir', project]).code).toBe(0);
    expect(existsSync(join(project, 'datapoints', 'sample', 'business', 'aov.yaml'))).toBe(false);
    expect(runCli(['datapoints', 'remove', 'aov', '--dir', project]).code).toBe(2);
  });

  it('a malformed file to add is reported with its line, exit 2', () => {
    const file = join(root, 'bad.yaml');
    writeFileSync(
      file,
      'type: Business\nid: x\nname: X\nconnection: sample\ntable: orders\nexpression: COUNT(*)\naggregation: COUNTS\n',
    );
    const result = runCli(['datapoints', 'add', file, '--dir', project]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:7: aggregation:`);
  });
});
