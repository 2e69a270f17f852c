import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataPoint } from '../datapoints/datapoint-model.js';
import { writeDataPointFile } from '../datapoints/datapoint-yaml.js';
import { PendingStore } from '../datapoints/pending-store.js';
import { DataPointValidationError, NotFoundError } from '../errors.js';
import { ProjectContext } from './project-context.js';
import { ReviewService } from './review-service.js';

let root: string;
let project: ProjectContext;
let pending: PendingStore;

const schema = (id: string, connection = 'shop', purpose = `rows of ${id}`): DataPoint => ({
  type: 'Schema',
  id,
  name: id,
  connection,
  table: id,
  kind: 'table',
  purpose,
  description: '',
  columns: [{ name: 'id', type: 'INTEGER', nullable: false, meaning: 'key' }],
  primary_key: ['id'],
  relationships: [],
  common_queries: [],
  gotchas: [],
  tags: [],
  source: 'auto_generated',
  confidence: 0.8,
  generated_by: 'heuristic',
});
const revenue: DataPoint = {
  type: 'Business',
  id: 'revenue',
  name: 'Revenue',
  connection: 'shop',
  description: 'money from completed orders',
  expression: 'SUM(orders.total)',
  table: 'orders',
  filters: [],
  dimensions: [],
  synonyms: ['sales'],
  aggregation: 'SUM',
  business_rules: [],
  tags: [],
  source: 'auto_generated',
  confidence: 0.6,
  generated_by: 'gpt-test',
};

const approvedPath = (...parts: string[]) => join(root, 'datapoints', ...parts);
const pendingPath = (...parts: string[]) => join(root, '.datachat', 'pending', ...parts);
const writeApproved = (dp: DataPoint, folder = 'schema') =>
  writeDataPointFile(approvedPath(dp.connection, folder, `${dp.id}.yaml`), dp);
const service = () => new ReviewService(project, { tempDir: root });

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'datachat-review-'));
  writeFileSync(
    join(root, '.datachat.yml'),
    'version: 1\nconnections:\n  - id: shop\n    type: sqlite\n    url: sqlite:shop.db\n  - id: crm\n    type: sqlite\n    url: sqlite:crm.db\n',
  );
  mkdirSync(join(root, '.datachat'), { recursive: true });
  project = ProjectContext.load({ dir: root, cwd: root, env: {} });
  pending = new PendingStore(
    project.paths.pendingDir,
    project.paths.datapointsDir,
    join(project.paths.datapointsDir, 'datapoint.schema.json'),
  );
});
afterEach(async () => {
  await project.close();
  rmSync(root, { recursive: true, force: true });
});

describe('ReviewService', () => {
  it('lists pending DataPoints with provenance, replacement flag and diff', () => {
    writeApproved(schema('orders', 'shop', 'old purpose'));
    pending.add(schema('orders', 'shop', 'new purpose'));
    pending.add(revenue);
    const items = service().list();
    expect(items.map((i) => i.key)).toEqual(['shop/revenue', 'shop/orders']);
    const [rev, orders] = items;
    expect(rev).toMatchObject({
      type: 'Business',
      name: 'Revenue',
      connection: 'shop',
      confidence: 0.6,
      generated_by: 'gpt-test',
      replaces_approved: false,
      file: '.datachat/pending/shop/business/revenue.yaml',
      approved_file: 'datapoints/shop/business/revenue.yaml',
      deletions: 0,
    });
    expect(rev!.diff).toContain('+expression: SUM(orders.total)');
    expect(orders).toMatchObject({ replaces_approved: true, additions: 1, deletions: 1 });
    expect(orders!.diff).toContain(
      '--- datapoints/shop/schema/orders.yaml\n+++ .datachat/pending/shop/schema/orders.yaml\n',
    );
    expect(orders!.diff).toContain('-purpose: old purpose\n+purpose: new purpose\n');
  });

  it('approve moves exactly one file, leaves every other pending and approved file untouched, and syncs once', async () => {
    writeApproved(schema('customers'));
    const customersBefore = readFileSync(approvedPath('shop', 'schema', 'customers.yaml'), 'utf8');
    pending.add(schema('orders'));
    pending.add(schema('payments'));
    pending.add(revenue);
    const otherBefore = readFileSync(pendingPath('shop', 'schema', 'payments.yaml'), 'utf8');

    const result = await service().approve(['shop/orders']);
    expect(result.approved).toEqual([
      { key: 'shop/orders', file: 'datapoints/shop/schema/orders.yaml', replaced: false },
    ]);
    expect(result.rejected).toEqual([]);
    expect(result.sync).toMatchObject({ total: 2, added: 2 });

    expect(existsSync(pendingPath('shop', 'schema', 'orders.yaml'))).toBe(false);
    const approvedText = readFileSync(approvedPath('shop', 'schema', 'orders.yaml'), 'utf8');
    expect(approvedText).not.toContain('status');
    expect(approvedText.split('\n')[0]).toBe('# yaml-language-server: $schema=../../datapoint.schema.json');
    expect(readFileSync(pendingPath('shop', 'schema', 'payments.yaml'), 'utf8')).toBe(otherBefore);
    expect(existsSync(pendingPath('shop', 'business', 'revenue.yaml'))).toBe(true);
    expect(readFileSync(approvedPath('shop', 'schema', 'customers.yaml'), 'utf8')).toBe(customersBefore);
    expect(
      service()
        .list()
        .map((i) => i.key),
    ).toEqual(['shop/revenue', 'shop/payments']);

    const store = await project.store();
    expect(store.get('shop', 'orders')?.dataPoint).toMatchObject({ id: 'orders', source: 'auto_generated' });
    expect(store.get('shop', 'orders')?.dataPoint.status).toBeUndefined();
    expect(store.get('shop', 'payments')).toBeUndefined();
  });

  it('accepts a bare id when unambiguous and deduplicates', async () => {
    pending.add(revenue);
    const result = await service().approve(['revenue', 'shop/revenue']);
    expect(result.approved.map((a) => a.key)).toEqual(['shop/revenue']);
  });

  it('reject deletes only that pending file and leaves the index without it', async () => {
    pending.add(schema('orders'));
    pending.add(schema('payments'));
    writeApproved(schema('orders', 'shop', 'approved purpose'));
    const result = await service().reject(['shop/orders']);
    expect(result.rejected).toEqual([{ key: 'shop/orders', file: '.datachat/pending/shop/schema/orders.yaml' }]);
    expect(existsSync(pendingPath('shop', 'schema', 'orders.yaml'))).toBe(false);
    expect(existsSync(pendingPath('shop', 'schema', 'payments.yaml'))).toBe(true);
    expect(readFileSync(approvedPath('shop', 'schema', 'orders.yaml'), 'utf8')).toContain('approved purpose');
    expect(result.sync).toMatchObject({ total: 1 });
  });

  it('approveAll approves every pending DataPoint across connections with one sync', async () => {
    pending.add(schema('orders'));
    pending.add(schema('leads', 'crm'));
    pending.add(revenue);
    const result = await service().approveAll();
    expect(result.approved.map((a) => a.key).sort()).toEqual(['crm/leads', 'shop/orders', 'shop/revenue']);
    expect(service().list()).toEqual([]);
    expect(result.sync).toMatchObject({ added: 3, total: 3 });
    expect(existsSync(approvedPath('crm', 'schema', 'leads.yaml'))).toBe(true);
  });

  it('sync: false leaves the index for one later sync', async () => {
    pending.add(schema('orders'));
    const s = service();
    const result = await s.approve(['orders'], { sync: false });
    expect(result.sync).toBeUndefined();
    expect((await project.store()).count()).toBe(0);
    expect(await s.sync()).toMatchObject({ added: 1 });
  });

  it('an unknown id is a NotFoundError (exit 2) and changes nothing', async () => {
    pending.add(schema('orders'));
    const error = await service()
      .approve(['orders', 'nope'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).exitCode).toBe(2);
    expect(existsSync(pendingPath('shop', 'schema', 'orders.yaml'))).toBe(true);
    expect(existsSync(approvedPath('shop', 'schema', 'orders.yaml'))).toBe(false);
    await expect(service().reject(['nope'])).rejects.toBeInstanceOf(NotFoundError);
  });

  it('an id pending in two connections must be qualified', async () => {
    pending.add(schema('orders'));
    pending.add(schema('orders', 'crm'));
    const error = await service()
      .approve(['orders'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toMatch(/crm\/orders, shop\/orders/);
    expect(existsSync(pendingPath('shop', 'schema', 'orders.yaml'))).toBe(true);
    const result = await service().approve(['crm/orders']);
    expect(result.approved.map((a) => a.key)).toEqual(['crm/orders']);
    expect(existsSync(pendingPath('shop', 'schema', 'orders.yaml'))).toBe(true);
  });

  it('approving a DataPoint that replaces an approved one overwrites it, and the diff shows the change', async () => {
    writeApproved(revenue, 'business');
    const s = service();
    await s.sync();
    pending.add({ ...revenue, expression: 'SUM(orders.amount)', synonyms: ['sales', 'turnover'] });
    const item = s.get('shop/revenue');
    expect(item.replaces_approved).toBe(true);
    expect(item.diff).toContain('-expression: SUM(orders.total)\n+expression: SUM(orders.amount)');
    expect(item.diff).toContain('+  - turnover');
    expect(item).toMatchObject({ additions: 2, deletions: 1 });
    const result = await s.approve(['shop/revenue']);
    expect(result.approved).toEqual([
      { key: 'shop/revenue', file: 'datapoints/shop/business/revenue.yaml', replaced: true },
    ]);
    expect(result.sync).toMatchObject({ updated: 1, added: 0, total: 1 });
    const text = readFileSync(approvedPath('shop', 'business', 'revenue.yaml'), 'utf8');
    expect(text).toContain('expression: SUM(orders.amount)');
    expect(text).not.toContain('status');
    expect((await project.store()).get('shop', 'revenue')?.dataPoint).toMatchObject({
      expression: 'SUM(orders.amount)',
    });
  });

  describe('edit', () => {
    /** An "editor": a shell script applied to the file, run the way $EDITOR is. */
    const editor = (script: string): string => {
      const file = join(root, `editor-${Math.random().toString(36).slice(2)}.sh`);
      writeFileSync(file, `#!/bin/sh\nset -e\nf="$1"\n${script}\n`);
      return `sh ${file}`;
    };

    it('writes the edited YAML back to the pending file, still pending', async () => {
      pending.add(revenue);
      const result = await service().edit(
        'revenue',
        editor(`sed -i 's/SUM(orders.total)/SUM(orders.net_total)/' "$f"`),
      );
      expect(result).toEqual({ status: 'updated', key: 'shop/revenue' });
      const text = readFileSync(pendingPath('shop', 'business', 'revenue.yaml'), 'utf8');
      expect(text).toContain('expression: SUM(orders.net_total)');
      expect(text).toContain('status: pending');
      expect(existsSync(approvedPath('shop', 'business', 'revenue.yaml'))).toBe(false);
    });

    it('reports no change when the editor saves the same content', async () => {
      pending.add(revenue);
      expect(await service().edit('revenue', 'true')).toEqual({ status: 'unchanged', key: 'shop/revenue' });
    });

    it('on invalid YAML shows file:line and can re-edit or discard', async () => {
      pending.add(revenue);
      const before = readFileSync(pendingPath('shop', 'business', 'revenue.yaml'), 'utf8');
      const seen: string[] = [];
      // First run breaks the file; the second run (after "retry") fixes it.
      const marker = join(root, 'edited-once');
      const cmd = editor(
        `if [ -f "${marker}" ]; then sed -i 's/^colour: red$/unit: EUR/' "$f"; else echo 'colour: red' >> "$f"; touch "${marker}"; fi`,
      );
      const result = await service().edit('revenue', cmd, {
        onInvalid: async (error) => {
          expect(error).toBeInstanceOf(DataPointValidationError);
          seen.push(...error.issues.map((i) => `${i.file.endsWith('revenue.yaml')}:${i.line}:${i.message}`));
          return 'retry';
        },
      });
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatch(/^true:\d+:unknown field "colour"/);
      expect(result.status).toBe('updated');
      expect(readFileSync(pendingPath('shop', 'business', 'revenue.yaml'), 'utf8')).toContain('unit: EUR');

      rmSync(marker);
      const discarded = await service().edit('revenue', cmd, { onInvalid: async () => 'discard' });
      expect(discarded.status).toBe('discarded');
      expect(readFileSync(pendingPath('shop', 'business', 'revenue.yaml'), 'utf8')).not.toContain('colour');
      expect(before).not.toContain('unit: EUR');
    });

    it('refuses to rename onto another pending DataPoint or an unknown connection', async () => {
      pending.add(revenue);
      pending.add({ ...revenue, id: 'aov', name: 'AOV' });
      const messages: string[] = [];
      const onInvalid = async (error: DataPointValidationError) => {
        messages.push(error.issues[0]!.message);
        return 'discard' as const;
      };
      await service().edit('revenue', editor(`sed -i 's/^id: revenue$/id: aov/' "$f"`), { onInvalid });
      await service().edit('revenue', editor(`sed -i 's/^connection: shop$/connection: nowhere/' "$f"`), { onInvalid });
      expect(messages[0]).toMatch(/"shop\/aov" is already pending/);
      expect(messages[1]).toMatch(/unknown connection "nowhere"/);
      expect(
        service()
          .list()
          .map((i) => i.key)
          .sort(),
      ).toEqual(['shop/aov', 'shop/revenue']);
    });

    it('a renamed DataPoint replaces its old pending file', async () => {
      pending.add(revenue);
      const result = await service().edit('revenue', editor(`sed -i 's/^id: revenue$/id: net_revenue/' "$f"`));
      expect(result).toEqual({ status: 'updated', key: 'shop/net_revenue' });
      expect(
        service()
          .list()
          .map((i) => i.key),
      ).toEqual(['shop/net_revenue']);
    });

    it('an editor that fails leaves the DataPoint unchanged', async () => {
      pending.add(revenue);
      await expect(service().edit('revenue', 'false')).rejects.toThrow(/exited with code 1/);
      expect(readFileSync(pendingPath('shop', 'business', 'revenue.yaml'), 'utf8')).toContain('SUM(orders.total)');
    });
  });
});
