import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobStore } from '../../../src/knowledge/job-store.js';
import { KnowledgeStore } from '../../../src/knowledge/knowledge-store.js';
import { jobViewSchema } from '../../../src/server/schemas.js';
import { runCli } from '../../support/run-cli.js';
import { expectShape, startServer, tempProject, waitForJob, type TestServer } from './support.js';

/** Jobs are kept in knowledge.db: a restarted server still reports them, and orphans as interrupted. */
describe('REST API: persisted jobs', () => {
  let dir: string;
  let server: TestServer | undefined;

  beforeAll(() => {
    dir = tempProject('jobs');
    const init = runCli(['init', '--sample', '--yes', '--auto-approve', '--dir', dir]);
    expect(init.code, init.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    rmSync(dirname(dir), { recursive: true, force: true });
  });

  it('GET /jobs/{id} answers the same finished job after a restart', async () => {
    server = startServer(dir);
    const started = await server.call('POST', '/api/v1/databases/sample/profile', {});
    expect(started.status, started.text).toBe(202);
    const done = await waitForJob(server, started.json.status_url);
    expect(done.json.status, done.text).toBe('completed');
    await server.close();

    server = startServer(dir);
    const again = await server.call('GET', started.json.status_url);
    expect(again.status, again.text).toBe(200);
    expect(expectShape(jobViewSchema, again.json)).toEqual(done.json);
    expect((await server.call('GET', '/api/v1/jobs/job_0123456789abcdef')).status).toBe(404);
  }, 60_000);

  it('a job whose server died while it ran is reported as interrupted', async () => {
    // A process that has exited: its pid is the owner of a job left "running", as after kill -9.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const owner = `${dead.stdout}:crashed`;
    const store = KnowledgeStore.open(`${dir}/.datachat/knowledge.db`);
    const now = new Date().toISOString();
    const progress = { message: 'Profiled 3/8 tables', steps_done: 0, updated_at: now };
    const job = { id: 'job_00000000000000aa', kind: 'profile', status: 'running', progress, owner, created_at: now };
    new JobStore(store, { owner }).save({ ...job, finished_at: null });
    store.close();

    server ??= startServer(dir);
    const reply = await server.call('GET', '/api/v1/jobs/job_00000000000000aa');
    expect(reply.status, reply.text).toBe(200);
    const view = expectShape(jobViewSchema, reply.json);
    expect(view).toMatchObject({ job_id: job.id, kind: 'profile', status: 'interrupted' });
    expect(view.error).toMatchObject({ error: 'job_interrupted' });
    expect(view.finished_at).not.toBeNull();
    // Stored so: the next look (any process) agrees.
    expect((await server.call('GET', '/api/v1/jobs/job_00000000000000aa')).json.status).toBe('interrupted');
  }, 30_000);

  it('a job of a live process that stopped heart-beating is interrupted; a fresh one is still running', () => {
    const store = KnowledgeStore.open(`${dir}/.datachat/knowledge.db`);
    try {
      const alive = (): boolean => true;
      const other = new JobStore(store, { owner: '999999:other', isAlive: alive });
      const created = new Date('2026-01-01T00:00:00Z');
      const stamp = created.toISOString();
      const progress = { message: 'x', steps_done: 0, updated_at: stamp };
      const owner = '999999:other';
      const id = 'job_00000000000000bb';
      const job = { id, kind: 'generate', status: 'running', progress, owner, created_at: stamp, finished_at: null };
      other.save(job, created);
      const me = new JobStore(store, { owner: `${process.pid}:me`, isAlive: alive, staleAfterMs: 60_000 });
      expect(me.get(job.id, new Date(created.getTime() + 30_000))?.status).toBe('running');
      expect(me.get(job.id, new Date(created.getTime() + 61_000))?.status).toBe('interrupted');
    } finally {
      store.close();
    }
  });
});
