import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { ConnectionService } from '../../../src/services/connection-service.js';
import { ProjectContext } from '../../../src/services/project-context.js';
import { startServer, type TestServer } from '../server/support.js';

const root = mkdtempSync(join(tmpdir(), 'datachat-sqlite-paths-'));
const outside = join(root, 'outside');
const projectDir = join(root, 'p');

function sqliteFile(file: string): void {
  const db = new Database(file);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
  db.close();
}

beforeAll(() => {
  mkdirSync(outside);
  mkdirSync(join(projectDir, 'data'), { recursive: true });
  sqliteFile(join(outside, 'other.db'));
  sqliteFile(join(projectDir, 'data', 'app.db'));
  writeFileSync(join(projectDir, 'data', 'notes.db'), 'just some text, longer than sixteen bytes\n');
  writeFileSync(join(projectDir, 'data', 'empty.db'), '');
  symlinkSync(join(outside, 'other.db'), join(projectDir, 'data', 'link.db'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('POST /api/v1/databases: SQLite files stay inside the project folder', () => {
  let server: TestServer;
  beforeAll(() => {
    server = startServer(projectDir);
  });
  afterAll(async () => {
    await server.close();
  });

  it.each([
    ['/etc/passwd', 'sqlite:/etc/passwd', /outside the project folder/],
    ['an absolute path outside', `sqlite://${join(outside, 'other.db')}`, /outside the project folder/],
    ['a relative path that climbs out', 'sqlite:../outside/other.db', /outside the project folder/],
    ['a symbolic link leading out', 'sqlite:data/link.db', /links outside the project folder/],
    ['a file that is not SQLite', 'sqlite:data/notes.db', /not a SQLite database/],
    ['a missing file', 'sqlite:data/missing.db', /does not exist/],
    ['a folder', 'sqlite:data', /not a file/],
  ])('refuses %s with 400 and a hint', async (_label, url, message) => {
    const reply = await server.call('POST', '/api/v1/databases', { name: 'x', database_url: url });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.json.error).toBe('config_error');
    expect(reply.json.message).toMatch(message);
    expect(reply.json.hint).toBeTruthy();
    expect(server.project.config.connections).toHaveLength(0);
  });

  it('POST /system/initialize applies the same rule to its databases', async () => {
    const reply = await server.call('POST', '/api/v1/system/initialize?wait=true', {
      databases: [{ name: 'other', database_url: `sqlite://${join(outside, 'other.db')}` }],
      auto_profile: false,
      auto_generate_datapoints: false,
    });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.json.message).toMatch(/outside the project folder/);
    expect(server.project.config.connections).toHaveLength(0);
  });

  it('accepts SQLite databases inside (relative or absolute, empty included)', async () => {
    for (const [name, url] of [
      ['app', 'sqlite:data/app.db'],
      ['abs', `sqlite://${join(projectDir, 'data', 'app.db')}`],
      ['empty', 'sqlite:data/empty.db'],
    ]) {
      const reply = await server.call('POST', '/api/v1/databases', { name, database_url: url });
      expect(reply.status, reply.text).toBe(201);
    }
    expect((await server.call('POST', '/api/v1/databases/app/test')).json.ok).toBe(true);
  });
});

describe('SQLite paths: switches and the CLI', () => {
  it.each([
    [{ DATACHAT_ALLOW_EXTERNAL_SQLITE_PATHS: '1' }, ''],
    [{}, 'server:\n  allow_external_sqlite_paths: true\n'],
  ])('the API may add files elsewhere when configured (%o)', async (env, yaml) => {
    const dir = mkdtempSync(join(root, 'allowed-'));
    writeFileSync(join(dir, '.datachat.yml'), `version: 1\n${yaml}`);
    const server = startServer(dir, { env });
    try {
      const ok = await server.call('POST', '/api/v1/databases', {
        name: 'other',
        database_url: `sqlite://${join(outside, 'other.db')}`,
      });
      expect(ok.status, ok.text).toBe(201);
      // Still a SQLite database, wherever it is.
      const passwd = await server.call('POST', '/api/v1/databases', {
        name: 'passwd',
        database_url: 'sqlite:/etc/passwd',
      });
      expect(passwd.status).toBe(400);
      expect(passwd.json.message).toMatch(/not a SQLite database/);
    } finally {
      await server.close();
    }
  });

  it('the CLI service adds any path the user names, but only SQLite databases', () => {
    const dir = mkdtempSync(join(root, 'cli-'));
    const project = ProjectContext.load({ dir, cwd: dir, env: { DATACHAT_SECRET_KEY: 'k' } });
    const service = new ConnectionService(project);
    expect(service.add({ name: 'other', url: `sqlite://${join(outside, 'other.db')}` }).database_type).toBe('sqlite');
    expect(service.add({ name: 'later', url: 'sqlite:not-yet.db' }).database_type).toBe('sqlite');
    expect(() => service.add({ name: 'passwd', url: 'sqlite:/etc/passwd' })).toThrow(ConfigError);
    expect(() => service.add({ name: 'passwd', url: 'sqlite:/etc/passwd' })).toThrow(/not a SQLite database/);
  });
});
