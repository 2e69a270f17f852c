import { UsageError } from '../errors.js';
import { isLoopbackHost } from './auth.js';

/** A token shorter than this is refused when the API is reachable beyond this machine. */
export const MIN_TOKEN_LENGTH = 16;

/**
 * The API may listen beyond loopback only with a bearer token of at least MIN_TOKEN_LENGTH characters:
 * anyone who can reach it could otherwise query the project's databases. Throws a UsageError (exit 2)
 * naming the fix. `buildApp` applies it to every `listen()`; `serve` calls it first to fail before
 * loading the project.
 */
export function assertSafeExposure(host: string, token: string | undefined): void {
  if (isLoopbackHost(host)) return;
  if (!token) {
    throw new UsageError(
      `Refusing to serve on ${host} without DATACHAT_API_TOKEN: anyone who can reach it could query your databases.`,
      {
        hint: 'Set DATACHAT_API_TOKEN (e.g. `export DATACHAT_API_TOKEN=$(openssl rand -hex 32)`) and send `Authorization: Bearer <token>`, or keep the default --host 127.0.0.1.',
      },
    );
  }
  if (token.length < MIN_TOKEN_LENGTH)
    throw new UsageError(
      `DATACHAT_API_TOKEN is too short for a server reachable beyond this machine (at least ${MIN_TOKEN_LENGTH} characters).`,
    );
}
