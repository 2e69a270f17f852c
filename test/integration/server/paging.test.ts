import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dataPointListItemSchema } from '../../../src/server/schemas.js';
import { runCli } from '../../support/run-cli.js';
import { expectShape, startServer, tempProject, type TestServer } from './support.js';

/** Paged list endpoints: limit/offset, X-Total-Count, Link, and a cache that follows the index. */
describe('REST API: paged, cached lists', () => {
  let server: TestServer;
  let dir: string;

  beforeAll(() => {
    dir = tempProject('paging');
    const init = runCli(['init', '--sample', '--yes', '--auto-approve', '--dir', dir]);
    expect(init.code, init.stderr).toBe(0);
    server = startServer(dir);
  }, 60_000);
  afterAll(async () => {
    await server.close();
    rmSync(dirname(dir), { recursive: true, force: true });
  });

  const list = async (url: string) => {
    const reply = await server.call('GET', url);
    expect(reply.status, reply.text).toBe(200);
    return {
      items: expectShape(z.array(dataPointListItemSchema), reply.json),
      total: Number(reply.headers['x-total-count']),
      link: reply.headers.link as string | undefined,
    };
  };

  it('walks every page through Link headers and gets exactly the unpaged list', async () => {
    const all = await list('/api/v1/datapoints?limit=1000');
    expect(all.total).toBe(all.items.length);
    expect(all.total).toBeGreaterThan(20);
    expect(all.link).toBeUndefined();
    const seen: string[] = [];
    let url: string | undefined = '/api/v1/datapoints?limit=7';
    let pages = 0;
    while (url) {
      const page = await list(url);
      expect(page.total).toBe(all.total);
      expect(page.items.length).toBeLessThanOrEqual(7);
      seen.push(...page.items.map((d) => `${d.connection}/${d.id}`));
      url = page.link ? /^<([^>]+)>; rel="next"$/.exec(page.link)![1] : undefined;
      pages++;
    }
    expect(pages).toBe(Math.ceil(all.total / 7));
    expect(seen).toEqual(all.items.map((d) => `${d.connection}/${d.id}`));
    const filtered = await list('/api/v1/datapoints?type=Business&limit=2&offset=1');
    expect(filtered.items.map((d) => d.type)).toEqual(['Business', 'Business']);
    expect(filtered.link).toContain('offset=3');
  });

  it('uses a default page size and refuses bad limits', async () => {
    const page = await list('/api/v1/datapoints');
    expect(page.items.length).toBe(Math.min(page.total, 100));
    for (const bad of ['limit=0', 'limit=1001', 'limit=abc', 'offset=-1']) {
      const reply = await server.call('GET', `/api/v1/datapoints?${bad}`);
      expect(reply.status, bad).toBe(400);
      expect(reply.json).toMatchObject({ error: 'validation_error', in: 'query' });
    }
    const databases = await server.call('GET', '/api/v1/databases?limit=1');
    expect(databases.status).toBe(200);
    expect(databases.headers['x-total-count']).toBe('1');
    const pending = await server.call('GET', '/api/v1/datapoints/pending?limit=5');
    expect(pending.status).toBe(200);
    expect(pending.headers['x-total-count']).toBe('0');
  });

  it('the cached list follows the index: a file written by an editor, a sync by another process', async () => {
    const before = await list('/api/v1/datapoints?limit=1000');
    const metric = (id: string) =>
      [
        `type: Business\nid: ${id}\nname: ${id}\nconnection: sample\ndescription: x`,
        'table: orders\nexpression: COUNT(*)\naggregation: COUNT\nsource: manual\n',
      ].join('\n');
    writeFileSync(join(dir, 'datapoints/sample/business/paging_one.yaml'), metric('paging_one'));
    const afterEdit = await list('/api/v1/datapoints?limit=1000');
    expect(afterEdit.total).toBe(before.total + 1);
    expect(afterEdit.items.map((d) => d.id)).toContain('paging_one');

    writeFileSync(join(dir, 'datapoints/sample/business/paging_two.yaml'), metric('paging_two'));
    const sync = runCli(['sync', '--dir', dir]);
    expect(sync.code, sync.stderr).toBe(0);
    const afterSync = await list('/api/v1/datapoints?limit=1000');
    expect(afterSync.items.map((d) => d.id)).toContain('paging_two');
  }, 30_000);
});
