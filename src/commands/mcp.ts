import { Writable } from 'node:stream';
import type { CommandContext } from '../terminal/command-context.js';

/**
 * `datachat mcp`: the project as an MCP server over stdio until the client closes stdin (or
 * SIGINT/SIGTERM). stdout is the protocol: while serving, anything else written there (a stray
 * log line, a worker's output) goes to stderr instead, and only the transport writes to stdout.
 */
export async function run(context: CommandContext): Promise<void> {
  const project = await context.project();
  project.requireProject();
  // A long-running process checks YAML freshness at most once a second (each check stats every file).
  project.freshnessIntervalMs = 1000;
  // The SDK is loaded only by this command (and the server's /mcp route): other commands start without it.
  const [{ StdioServerTransport }, { buildMcpServer }, { localHost }] = await Promise.all([
    import('@modelcontextprotocol/sdk/server/stdio.js'),
    import('../mcp/mcp-server.js'),
    import('../mcp/mcp-host.js'),
  ]);
  const verbose = context.globals.verbose;
  const log = verbose ? (line: string) => process.stderr.write(`${line}\n`) : undefined;
  const server = buildMcpServer(localHost(project), log ? { log } : {});

  const protocol = reserveStdout();
  const transport = new StdioServerTransport(process.stdin, protocol.stream);
  try {
    const closed = new Promise<string>((resolve) => {
      transport.onclose = () => resolve('the client closed the connection');
      process.stdin.once('end', () => resolve('stdin ended'));
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    await server.connect(transport);
    log?.(`datachat MCP server on stdio · project ${project.paths.root}`);
    const why = await closed;
    log?.(`stopping: ${why}`);
    await server.close().catch(() => undefined);
  } finally {
    protocol.restore();
  }
}

/**
 * Keeps stdout for the protocol: returns a stream writing to the real stdout, and points
 * process.stdout.write at stderr until restore() (console.log, a dependency's warning and worker
 * threads' stdout all go through it).
 */
function reserveStdout(): { stream: Writable; restore(): void } {
  const stdout = process.stdout;
  const own = Object.getOwnPropertyDescriptor(stdout, 'write');
  const write = stdout.write.bind(stdout);
  stdout.write = ((chunk: unknown, ...rest: unknown[]) =>
    (process.stderr.write as (...args: unknown[]) => boolean)(chunk, ...rest)) as typeof stdout.write;
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      write(chunk, (error?: Error | null) => callback(error ?? null));
    },
  });
  return {
    stream,
    restore() {
      if (own) Object.defineProperty(stdout, 'write', own);
      else delete (stdout as { write?: unknown }).write;
    },
  };
}
