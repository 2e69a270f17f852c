import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, runCli } from '../support/run-cli.js';

interface ProfileSummary {
  profiled: number;
  failed: number;
  relationships: number;
  undeclared_relationships: number;
  pii_columns: string[];
  datapoints_updated: number;
  profile_file: string;
}

describe('datachat profile on the sample database', () => {
  let root: string;
  let project: string;
  let first: ProfileSummary;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'datachat-profile-'));
    project = join(root, 'p');
    expect(runCli(['init', '--sample', '--yes', '--no-profile', '--no-generate', '--dir', project]).code).toBe(0);
    first = json<ProfileSummary>(runCli(['profile', '--dir', project, '--json']));
  }, 180_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('profiles every table, finds declared and undeclared relationships, tags PII', () => {
    expect(first.profiled).toBeGreaterThanOrEqual(7);
    expect(first.failed).toBe(0);
    expect(first.undeclared_relationships).toBe(5);
    expect(first.pii_columns).toEqual(expect.arrayContaining(['customers.email', 'customers.phone']));
    const profile = JSON.parse(readFileSync(first.profile_file, 'utf8'));
    expect(profile.connection_id).toBe('sample');
    expect(JSON.stringify(profile)).not.toMatch(/"[a-z0-9._%+-]{2,}@(gmail|yahoo|outlook|hotmail)\.com"/i);
  });

  it('writes statistics and discovered relationships into the Schema DataPoints, masking PII', () => {
    const payments = readFileSync(join(project, 'datapoints', 'sample', 'schema', 'payments.yaml'), 'utf8');
    expect(payments).toMatch(/target_table: orders[\s\S]*kind: naming[\s\S]*confidence: 0\.9/);
    const customers = readFileSync(join(project, 'datapoints', 'sample', 'schema', 'customers.yaml'), 'utf8');
    expect(customers).toMatch(/name: email[\s\S]*?pii: true/);
    const emails = customers.match(/- \S+@\S+/g) ?? [];
    expect(emails.length).toBeGreaterThan(0);
    for (const e of emails) expect(e).toContain('***@');
    const orders = readFileSync(join(project, 'datapoints', 'sample', 'schema', 'orders.yaml'), 'utf8');
    expect(orders).toMatch(/name: status[\s\S]*?sample_values:\s*\n\s*- completed/);
  });

  it('a second profile of an unchanged database changes no DataPoint', () => {
    const again = json<ProfileSummary>(runCli(['profile', '--dir', project, '--json']));
    expect(again.datapoints_updated).toBe(0);
  });

  it('--tables limits the run and a missing connection is a usage error', () => {
    const some = json<{ tables: number }>(
      runCli(['profile', '--dir', project, '--json', '--tables', 'orders,customers']),
    );
    expect(some.tables).toBe(2);
    expect(runCli(['profile', 'nope', '--dir', project]).code).toBe(2);
    expect(runCli(['profile', '--sample-size', 'abc', '--dir', project]).code).toBe(2);
  });
});
