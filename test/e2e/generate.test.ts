import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, runCli } from '../support/run-cli.js';
import { snapshot } from '../support/snapshot.js';

interface GenerateJson {
  method: string;
  counts: { schema: number; business: number; process: number };
  schema_datapoints: { id: string }[];
  confidence_scores: Record<string, number>;
  generated_at: string;
  written: number;
  pending: number;
  unchanged: number;
  dropped: unknown[];
  usage: { calls: number };
}

describe('datachat generate --offline on the sample database', () => {
  let root: string;
  let project: string;
  let first: GenerateJson;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'datachat-generate-'));
    project = join(root, 'p');
    expect(runCli(['init', '--sample', '--yes', '--no-profile', '--no-generate', '--dir', project]).code).toBe(0);
    first = json<GenerateJson>(runCli(['generate', '--offline', '--auto-approve', '--dir', project, '--json']));
  }, 180_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('profiles first when needed, then writes Schema DataPoints for every table and the obvious metrics', () => {
    expect(first.method).toBe('heuristic');
    expect(first.usage.calls).toBe(0);
    expect(first.counts.schema).toBe(8);
    expect(first.schema_datapoints).toHaveLength(8);
    expect(Object.keys(first.confidence_scores).length).toBeGreaterThan(0);
    expect(Number.isNaN(Date.parse(first.generated_at))).toBe(false);
    expect(first.dropped).toEqual([]);
    const business = readdirSync(join(project, 'datapoints', 'sample', 'business'));
    expect(business).toEqual(
      expect.arrayContaining([
        'revenue.yaml',
        'orders_count.yaml',
        'customers_count.yaml',
        'orders_distinct_customer_id.yaml',
      ]),
    );
    for (const file of readdirSync(join(project, 'datapoints', 'sample', 'schema'))) {
      const text = readFileSync(join(project, 'datapoints', 'sample', 'schema', file), 'utf8');
      expect(text, file).toMatch(/^purpose: One row per /m);
      expect(text, file).toContain('meaning: ');
    }
    const revenue = readFileSync(join(project, 'datapoints', 'sample', 'business', 'revenue.yaml'), 'utf8');
    expect(revenue).toContain('expression: SUM(orders.total_amount)');
    expect(revenue).toContain("orders.status NOT IN ('cancelled', 'refunded')");
    expect(revenue).toContain('generated_by: heuristic');
    const list = json<{ type: string }[]>(
      runCli(['datapoints', 'list', '--type', 'Business', '--dir', project, '--json']),
    );
    expect(list.length).toBe(first.counts.business);
  });

  it('regenerating an unchanged database writes nothing (empty git diff)', () => {
    const before = snapshot(join(project, 'datapoints'));
    const again = json<GenerateJson>(
      runCli(['generate', '--offline', '--auto-approve', '--yes', '--dir', project, '--json']),
    );
    expect(again.written).toBe(0);
    expect(again.unchanged).toBe(first.counts.schema + first.counts.business + first.counts.process);
    expect(snapshot(join(project, 'datapoints'))).toEqual(before);
  });

  it('keeps what people wrote: an edited purpose survives regeneration', () => {
    const file = join(project, 'datapoints', 'sample', 'schema', 'orders.yaml');
    const edited = readFileSync(file, 'utf8').replace(
      /^purpose: .*$/m,
      'purpose: Orders as placed in the shop, one per checkout.',
    );
    writeFileSync(file, edited);
    json(runCli(['generate', '--offline', '--auto-approve', '--dir', project, '--json']));
    expect(readFileSync(file, 'utf8')).toContain('purpose: Orders as placed in the shop, one per checkout.');
  });

  it('without --auto-approve, changes land in .datachat/pending for review', () => {
    rmSync(join(project, 'datapoints', 'sample', 'business', 'customers_count.yaml'));
    const result = json<GenerateJson>(runCli(['generate', '--offline', '--dir', project, '--json']));
    expect(result.pending).toBe(1);
    const pending = readFileSync(
      join(project, '.datachat', 'pending', 'sample', 'business', 'customers_count.yaml'),
      'utf8',
    );
    expect(pending).toContain('status: pending');
  });
});
