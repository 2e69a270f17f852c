import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AskService } from '../../../src/services/ask-service.js';
import { initializeProject } from '../../../src/services/init-service.js';
import { ProjectContext } from '../../../src/services/project-context.js';

const quiet = { step: () => undefined, done: () => undefined };

describe('follow-ups that change a value filter', () => {
  let root: string;
  let project: ProjectContext;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'datachat-follow-up-'));
    project = ProjectContext.load({ dir: root, cwd: root, env: {} });
    await initializeProject(project, { sample: true, databases: [], autoApprove: true, offline: true }, quiet);
  }, 120_000);
  afterAll(async () => {
    await project.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('"only mobile" after "web orders" replaces the channel, and equals asking for mobile orders directly', async () => {
    const ask = new AskService(project);
    const web = await ask.ask({ question: 'how many web orders' });
    const followUp = await ask.ask({ question: 'only mobile', conversationId: web.conversation_id });
    const direct = await ask.ask({ question: 'how many mobile orders' });
    expect(followUp.method).toBe('metric');
    expect(followUp.sql).toContain("'mobile'");
    expect(followUp.sql).not.toContain("'web'");
    expect(followUp.data).toEqual(direct.data);
    expect(followUp.data).not.toEqual(web.data);
  });
});
