import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AskService } from '../../../src/services/ask-service.js';
import { initializeProject } from '../../../src/services/init-service.js';
import { ProjectContext } from '../../../src/services/project-context.js';

const quiet = { step: () => undefined, done: () => undefined };

describe('answer cache in a long-running process', () => {
  let root: string;
  let project: ProjectContext;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'datachat-answer-cache-'));
    project = ProjectContext.load({ dir: root, cwd: root, env: {} });
    await initializeProject(project, { sample: true, databases: [], autoApprove: true, offline: true }, quiet);
  }, 120_000);
  afterAll(async () => {
    await project.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('reuses a deterministic answer, and an edited DataPoint invalidates it', async () => {
    const ask = new AskService(project);
    const first = await ask.ask({ question: 'how many orders by channel' });
    let executed = 0;
    const connector = await project.connector('sample');
    const original = connector.execute.bind(connector);
    connector.execute = (...args) => (executed++, original(...args));
    const second = await ask.ask({ question: '  How many orders by   channel ' });
    expect(executed).toBe(0);
    expect(second.data).toEqual(first.data);
    expect(second.conversation_id).not.toBe(first.conversation_id);

    const file = join(root, 'datapoints', 'sample', 'business', 'orders_count.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('synonyms:', 'synonyms:\n  - purchase tally'));
    const third = await ask.ask({ question: 'how many orders by channel' });
    expect(executed).toBe(1);
    expect(third.data).toEqual(first.data);
    // A follow-up in a conversation is never answered from the cache.
    await ask.ask({ question: 'and in 2024?', conversationId: third.conversation_id });
    expect(executed).toBe(2);
  });
});
