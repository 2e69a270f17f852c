import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, ConnectionError } from '../../../src/errors.js';
import { ConnectionService } from '../../../src/services/connection-service.js';
import { ProjectContext } from '../../../src/services/project-context.js';
import { startServer, type TestServer } from '../server/support.js';
import { createMariaUser, type MariaUser } from './maria-user.js';

/** Holds every character that breaks a URL, and a `"` for JSON escaping. */
const PASSWORD = 'Pw@1:/?#%&="x-9';
const forms = (secret: string): string[] => [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)];
const ENV = { DATACHAT_SECRET_KEY: 'test-key' };
const dirs: string[] = [];

function project(): ProjectContext {
  const dir = mkdtempSync(join(tmpdir(), 'datachat-url-secrets-'));
  dirs.push(dir);
  return ProjectContext.load({ dir, cwd: dir, env: ENV });
}

function expectClean(text: string, secret = PASSWORD): void {
  for (const form of forms(secret)) expect(text).not.toContain(form);
}

afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('secrets in connection URLs (MariaDB logs in with them)', () => {
  let maria: MariaUser | undefined;
  beforeAll(async () => {
    maria = await createMariaUser(PASSWORD, 'SELECT');
    if (!maria && process.env.CI === 'true') throw new Error('MariaDB is required in CI');
  });
  afterAll(async () => {
    await maria?.drop();
  });

  it.each([
    [
      '?password= in the query',
      (u: MariaUser) => `mysql://${u.user}@127.0.0.1:3306/test?password=${encodeURIComponent(u.password)}`,
    ],
    [
      '?PASSWORD= in any case',
      (u: MariaUser) => `mariadb://${u.user}@127.0.0.1:3306/test?ssl=false&PASSWORD=${encodeURIComponent(u.password)}`,
    ],
    [
      'percent-encoded userinfo',
      (u: MariaUser) => `mysql://${u.user}:${encodeURIComponent(u.password)}@127.0.0.1:3306/test`,
    ],
  ])('%s: stored encrypted, shown without it, used to log in', async (_label, build) => {
    if (!maria) return;
    const p = project();
    const service = new ConnectionService(p);
    const view = service.add({ name: 'maria', url: build(maria) });
    const yaml = readFileSync(p.paths.configFile, 'utf8');
    expectClean(yaml);
    expect(yaml).toContain('password: secret:maria.password');
    expect(view.database_url).toMatch(/^(mysql|mariadb):\/\/dc_[0-9a-f]+@127\.0\.0\.1:3306\/test(\?ssl=false)?$/);
    expectClean(readFileSync(p.paths.secretsFile, 'utf8'));
    expectClean(JSON.stringify(await service.list()));
    const test = await service.test('maria');
    expect(test.ok).toBe(true);
    await p.close();
  });

  it('a hand-written ?password=${ENV} in .datachat.yml logs in too', async () => {
    if (!maria) return;
    const dir = mkdtempSync(join(tmpdir(), 'datachat-url-secrets-'));
    dirs.push(dir);
    writeFileSync(
      join(dir, '.datachat.yml'),
      `version: 1\nconnections:\n  - id: maria\n    type: mysql\n    url: mysql://${maria.user}@127.0.0.1:3306/test?password=\${MARIA_PW}\n`,
    );
    const p = ProjectContext.load({ dir, cwd: dir, env: { ...ENV, MARIA_PW: encodeURIComponent(PASSWORD) } });
    expect((await new ConnectionService(p).test('maria')).ok).toBe(true);
    await p.close();
  });

  it('through POST /api/v1/databases too: the stored password logs in, nothing echoes it', async () => {
    if (!maria) return;
    const dir = mkdtempSync(join(tmpdir(), 'datachat-url-secrets-api-maria-'));
    dirs.push(dir);
    const server = startServer(dir);
    try {
      const url = `mariadb://${maria.user}@127.0.0.1:3306/test?password=${encodeURIComponent(PASSWORD)}`;
      const added = await server.call('POST', '/api/v1/databases', { name: 'maria', database_url: url });
      expect(added.status, added.text).toBe(201);
      const tested = await server.call('POST', '/api/v1/databases/maria/test');
      expect(tested.json).toMatchObject({ ok: true, warnings: [] });
      await server.call('GET', '/api/v1/databases');
      expectClean([...server.bodies, readFileSync(join(dir, '.datachat.yml'), 'utf8')].join('\n'));
    } finally {
      await server.close();
    }
  });

  it('a wrong password in the query fails to log in (so the stored one is really used)', async () => {
    if (!maria) return;
    const p = project();
    const service = new ConnectionService(p);
    service.add({ name: 'bad', url: `mysql://${maria.user}@127.0.0.1:3306/test?password=not-the-password` });
    const error = await service.test('bad').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(String((error as Error).message)).not.toContain('not-the-password');
    await p.close();
  });
});

describe('secrets in connection URLs (PostgreSQL and others, no server needed)', () => {
  it('moves sslpassword, api_key and the query password; the connector gets them back', () => {
    const p = project();
    const url = `postgresql://analyst@127.0.0.1:5432/test?sslmode=disable&Password=${encodeURIComponent(PASSWORD)}&sslpassword=k3y-Pass&api_key=ak-123456`;
    const view = new ConnectionService(p).add({ name: 'pg', url });
    const yaml = readFileSync(p.paths.configFile, 'utf8');
    expectClean(yaml);
    expectClean(yaml, 'k3y-Pass');
    expectClean(yaml, 'ak-123456');
    expect(view.database_url).toBe(
      'postgresql://analyst@127.0.0.1:5432/test?sslmode=disable&sslpassword=secret:pg.url.sslpassword&api_key=secret:pg.url.api_key',
    );
    const settings = p.connectorSettings(p.connection('pg'));
    const resolved = new URL(settings.url!);
    expect(decodeURIComponent(resolved.password)).toBe(PASSWORD);
    expect(resolved.searchParams.get('sslpassword')).toBe('k3y-Pass');
    expect(resolved.searchParams.get('api_key')).toBe('ak-123456');
    expect(p.knownSecrets()).toEqual(expect.arrayContaining([PASSWORD, 'k3y-Pass', 'ak-123456']));
  });

  it.each([
    ['postgresql://u:At@Sign@127.0.0.1:5432/test', '%40', 'Sign'],
    ['mysql://root:pa/ss@127.0.0.1/test', '%2F', 'pa/ss'],
    ['clickhouse://default:a:b@127.0.0.1:8123/db', '%3A', 'a:b'],
  ])('refuses malformed userinfo %s and writes nothing', (url, encoded, secretPart) => {
    const p = project();
    let error: unknown;
    try {
      new ConnectionService(p).add({ name: 'x', url });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).hint).toContain(encoded);
    expect(`${(error as Error).message} ${(error as ConfigError).hint}`).not.toContain(secretPart);
    expect(p.config.connections).toHaveLength(0);
  });
});

describe('secrets through POST /api/v1/databases and the verbose log', () => {
  let server: TestServer;
  const logs: string[] = [];
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'datachat-url-secrets-api-'));
    dirs.push(dir);
    server = startServer(dir);
  });
  afterAll(async () => {
    await server.close();
  });

  it('never returns, stores or logs the password', async () => {
    const { buildApp } = await import('../../../src/server/app.js');
    // The same project, logging as `serve --verbose` does.
    const app = buildApp({
      project: server.project,
      env: ENV,
      logger: { level: 'info', stream: { write: (line: string) => void logs.push(line) } },
    });
    const url = `postgresql://analyst@127.0.0.1:1/analytics?password=${encodeURIComponent(PASSWORD)}&sslpassword=k3y-Pass`;
    const added = await app.inject({
      method: 'POST',
      url: '/api/v1/databases',
      payload: { name: 'wh', database_url: url },
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(JSON.parse(added.body).database_url).toBe(
      'postgresql://analyst@127.0.0.1:1/analytics?sslpassword=secret:wh.url.sslpassword',
    );
    const bodies = [added.body];
    for (const [method, path] of [
      ['GET', '/api/v1/databases'],
      ['GET', '/api/v1/databases/wh'],
      ['POST', '/api/v1/databases/wh/test'],
      [
        'GET',
        `/api/v1/databases/wh?database_url=${encodeURIComponent(`postgresql://u:${PASSWORD}@h/db`)}&token=k3y-Pass`,
      ],
    ] as const) {
      bodies.push((await app.inject({ method, url: path })).body);
    }
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/v1/databases',
      payload: { name: 'bad', database_url: 'postgresql://u:At@Sign@h/db' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(JSON.parse(malformed.body)).toMatchObject({ error: 'config_error' });
    expect(JSON.parse(malformed.body).hint).toContain('%40');
    bodies.push(malformed.body);
    await app.close();
    const everything = [...bodies, ...logs, readFileSync(join(server.dir, '.datachat.yml'), 'utf8')].join('\n');
    expectClean(everything);
    expectClean(everything, 'k3y-Pass');
    expect(everything).not.toContain('Sign');
    expect(logs.join('')).toContain('/api/v1/databases/wh?…');
  });
});
