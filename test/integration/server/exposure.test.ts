import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { startServer, tempProject, type TestServer } from './support.js';

/** The exposure rule lives in the server layer: an app from buildApp refuses it whoever calls listen(). */
describe('buildApp().listen: no token, no non-loopback host', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    if (!server) return;
    await server.close();
    rmSync(dirname(server.dir), { recursive: true, force: true });
    server = undefined;
  });

  it('refuses 0.0.0.0 without DATACHAT_API_TOKEN (promise and callback forms), and never binds', async () => {
    server = startServer(tempProject('exposure-none'));
    const refused = server.app.listen({ host: '0.0.0.0', port: 0 });
    await expect(refused).rejects.toBeInstanceOf(UsageError);
    await expect(refused).rejects.toThrow(/Refusing to serve on 0\.0\.0\.0 without DATACHAT_API_TOKEN/);
    const viaCallback = await new Promise<unknown>((resolve) =>
      server!.app.listen({ host: '0.0.0.0', port: 0 }, (error) => resolve(error)),
    );
    expect(viaCallback).toBeInstanceOf(UsageError);
    expect(server.app.server.listening).toBe(false);
  });

  it('refuses a token shorter than 16 characters beyond loopback', async () => {
    server = startServer(tempProject('exposure-short'), { env: { DATACHAT_API_TOKEN: 'short-token' } });
    await expect(server.app.listen({ host: '0.0.0.0', port: 0 })).rejects.toThrow(/too short/);
    expect(server.app.server.listening).toBe(false);
  });

  it('listens on loopback without a token, and beyond it with a long token', async () => {
    server = startServer(tempProject('exposure-loopback'));
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    expect(server.app.server.listening).toBe(true);
    await server.close();
    rmSync(dirname(server.dir), { recursive: true, force: true });
    server = startServer(tempProject('exposure-token'), { env: { DATACHAT_API_TOKEN: 'x'.repeat(32) } });
    await server.app.listen({ host: '0.0.0.0', port: 0 });
    expect(server.app.server.listening).toBe(true);
  });
});
