import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-cli.js';
import { startServer, tempProject, type TestServer } from './support.js';

/**
 * One 1 MB word in a DataPoint must not stall the server: indexing it, listing it (every response is
 * redacted) and answering questions stay linear. Before, 100 kB blocked the event loop for ~40 s.
 */
describe('REST API: a DataPoint with a 1 MB word', () => {
  let server: TestServer;
  let dir: string;
  const word = 'Zq'.repeat(500_000);

  beforeAll(() => {
    dir = tempProject('longtext');
    const init = runCli(['init', '--sample', '--yes', '--auto-approve', '--dir', dir]);
    expect(init.code, init.stderr).toBe(0);
    const yaml = [
      'type: Business',
      'id: long_words',
      'name: Long words',
      'connection: sample',
      `description: orders counted ${word} postgresql://x${word}`,
      'table: orders',
      'expression: COUNT(*)',
      'aggregation: COUNT',
      'synonyms:',
      '  - wordy tally',
      'source: manual',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'datapoints/sample/business/long_words.yaml'), yaml);
    server = startServer(dir);
  }, 60_000);
  afterAll(async () => {
    await server.close();
    rmSync(dirname(dir), { recursive: true, force: true });
  });

  it('syncs, lists and answers in well under the bound', async () => {
    const started = performance.now();
    const list = await server.call('GET', '/api/v1/datapoints?type=Business&limit=1000');
    expect(list.status, list.text.slice(0, 200)).toBe(200);
    const item = (list.json as { id: string; datapoint: { description: string } }[]).find((d) => d.id === 'long_words');
    expect(item?.datapoint.description).toBe(`orders counted ${word} postgresql://x${word}`);
    const chat = await server.call('POST', '/api/v1/chat', { message: 'what is the wordy tally' });
    expect(chat.status, chat.text.slice(0, 300)).toBe(200);
    expect(chat.json.sources).toContain('long_words');
    // Generous: linear work takes about a second here; the quadratic code took hours at this size.
    expect(performance.now() - started).toBeLessThan(15_000);
  }, 60_000);
});
