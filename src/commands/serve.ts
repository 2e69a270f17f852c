import type { AddressInfo } from 'node:net';
import type { CommandContext } from '../terminal/command-context.js';
import { RuntimeError, UsageError } from '../errors.js';

interface ServeCommandOptions {
  host: string;
  port: string;
  cors?: string;
}

/**
 * `datachat serve`: the REST API over this project until SIGINT/SIGTERM, then a shutdown within a
 * few seconds whatever is running: statements are cancelled, connectors and the store closed.
 */
export async function run(context: CommandContext, options: ServeCommandOptions): Promise<void> {
  const port = parsePort(options.port);
  const host = options.host.trim();
  const token = context.env.DATACHAT_API_TOKEN || undefined;
  const { assertSafeExposure } = await import('../server/exposure.js');
  assertSafeExposure(host, token);
  const cors = options.cors === undefined ? undefined : parseOrigin(options.cors);

  const project = await context.project();
  // A long-running server checks YAML freshness at most once a second (each check stats every file).
  project.freshnessIntervalMs = 1000;
  const { buildApp } = await import('../server/app.js');
  const app = buildApp({
    project,
    env: context.env,
    ...(cors ? { cors } : {}),
    logger: context.globals.verbose ? { level: 'info', stream: process.stderr } : false,
  });
  try {
    await app.listen({ host, port });
  } catch (error) {
    await app.close().catch(() => undefined);
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new RuntimeError(`Cannot listen on ${host}:${port}: ${(error as Error).message}`, {
      cause: error,
      ...(code === 'EADDRINUSE'
        ? { hint: 'Another process uses this port: pick one with --port (0 picks a free one).' }
        : {}),
    });
  }
  const address = app.server.address() as AddressInfo;
  const origin = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  const base = `${origin}/api/v1`;
  if (context.globals.json)
    context.output.printJson({
      url: base,
      openapi: `${base}/openapi.json`,
      mcp: `${origin}/mcp`,
      web_ui: `${origin}/`,
      host: address.address,
      port: address.port,
      auth: token ? 'bearer' : 'none',
      cors: cors ?? null,
    });
  else {
    context.output.line(`datachat API listening on ${base}`);
    context.output.line(`  Web UI: ${origin}/`);
    context.output.line(
      `  OpenAPI: ${base}/openapi.json · MCP: ${origin}/mcp · project: ${project.paths.root}${token ? ' · bearer token required' : ''}${cors ? ` · CORS: ${cors}` : ''}`,
    );
    context.output.info(context.output.color.dim('Press Ctrl-C to stop.'));
  }

  const signal = await nextSignal();
  context.output.info(`${signal}: stopping (cancelling running statements)...`);
  // Closing the project closes its connectors, which cancels running statements on the servers
  // (and kills SQLite processes): requests waiting on them fail at once, so app.close(), which waits
  // for in-flight requests and jobs, is quick. Whatever still runs after the grace period (an LLM
  // call, a second signal) does not hold the process: the CLI exits when this returns.
  const stopped = Promise.allSettled([app.close(), project.close()]);
  const outcome = await Promise.race([
    stopped.then(() => 'stopped' as const),
    delay(SHUTDOWN_GRACE_MS, 'timeout' as const),
    nextSignal(),
  ]);
  if (outcome === 'stopped') context.output.info('Stopped.');
  else {
    const why = outcome === 'timeout' ? `still busy after ${SHUTDOWN_GRACE_MS / 1000} s` : outcome;
    context.output.warn(`Stopped without waiting for running work (${why}).`);
  }
}

/** How long a shutdown waits for requests and jobs after their statements were cancelled. */
const SHUTDOWN_GRACE_MS = 3000;

/** Resolves on the next SIGINT or SIGTERM. */
function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise<NodeJS.Signals>((resolve) => {
    const stop = (received: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(received);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function delay<T>(ms: number, value: T): Promise<T> {
  return new Promise<T>((resolve) => setTimeout(resolve, ms, value).unref());
}

function parsePort(value: string): number {
  const port = /^\d{1,5}$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(port) || port > 65535)
    throw new UsageError(`--port expects a number from 0 to 65535, got "${value}".`);
  return port;
}

/** `--cors` takes one exact origin (`scheme://host[:port]`); a wildcard is refused on purpose. */
function parseOrigin(value: string): string {
  let origin: string | undefined;
  try {
    origin = new URL(value).origin;
  } catch {
    origin = undefined;
  }
  if (!origin || origin === 'null' || origin !== value.replace(/\/$/, '')) {
    throw new UsageError(`--cors expects one origin such as http://localhost:5173, got "${value}".`, {
      hint: 'Wildcards are not supported: name the origin of your web app.',
    });
  }
  return origin;
}
