import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listYamlFiles } from '../../../src/datapoints/datapoint-files.js';
import { initializeSample, startServer, tempProject, type TestServer } from './support.js';

/** The API's initialize and generate go through the same ownership merge as the CLI. */
describe('REST API: regeneration keeps what people wrote', () => {
  let server: TestServer;
  const file = (...parts: string[]) => join(server.dir, 'datapoints', 'sample', ...parts);

  beforeAll(async () => {
    server = startServer(tempProject('ownership'));
    await initializeSample(server, true);
  }, 120_000);
  afterAll(async () => {
    await server.close();
    rmSync(dirname(server.dir), { recursive: true, force: true });
  });

  it('initialize and generate with auto-approve leave hand-edited files byte-identical and no pending copies', async () => {
    const revenue = file('business', 'revenue.yaml');
    const process = file('process', 'orders_load.yaml');
    writeFileSync(revenue, readFileSync(revenue, 'utf8').replace(/^ {2}- sales\n/m, '  - sales\n  - bookings\n'));
    writeFileSync(
      process,
      readFileSync(process, 'utf8').replace(/^schedule: .*$/m, 'schedule: hourly from the shop database'),
    );
    const before = [readFileSync(revenue, 'utf8'), readFileSync(process, 'utf8')];
    expect(before[0]).toContain('  - bookings\n');

    await initializeSample(server, true);
    const generated = await server.call('POST', '/api/v1/datapoints/generate?wait=true', {
      connection_id: 'sample',
      offline: true,
      auto_approve: true,
    });
    expect(generated.status, generated.text).toBe(200);
    expect(generated.json.written).toBe(0);
    const kept = generated.json.changes
      .filter((c: { kept?: unknown[] }) => c.kept?.length)
      .map((c: { key: string }) => c.key);
    expect(kept).toEqual(expect.arrayContaining(['sample/revenue', 'sample/orders_load']));
    expect([readFileSync(revenue, 'utf8'), readFileSync(process, 'utf8')]).toEqual(before);
    expect(listYamlFiles(join(server.dir, '.datachat', 'pending'))).toEqual([]);
  }, 120_000);

  it('a DataPoint rejected through the API is not proposed again by the API', async () => {
    rmSync(file('business', 'customers_count.yaml'));
    const proposed = await server.call('POST', '/api/v1/datapoints/generate?wait=true', {
      connection_id: 'sample',
      offline: true,
    });
    expect(proposed.json.pending).toBe(1);
    const rejected = await server.call(
      'POST',
      `/api/v1/datapoints/pending/${encodeURIComponent('sample/customers_count')}/reject`,
    );
    expect(rejected.status, rejected.text).toBe(200);
    expect(existsSync(file('.rejected.yaml'))).toBe(true);
    const again = await server.call('POST', '/api/v1/datapoints/generate?wait=true', {
      connection_id: 'sample',
      offline: true,
    });
    expect(again.json).toMatchObject({ pending: 0, rejected: 1 });
  }, 120_000);
});
