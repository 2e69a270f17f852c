import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import type { CommandContext } from '../terminal/command-context.js';

/**
 * The CLI entry: parse, run the handler, render any error, exit with the code of docs/cli-contract.md.
 * The only place that calls process.exit.
 */
async function main(): Promise<number> {
  let context: CommandContext | undefined;
  const program = buildProgram({
    env: process.env,
    cwd: process.cwd(),
    stdinIsTTY: Boolean(process.stdin.isTTY),
    onContext: (c) => {
      context = c;
    },
  });
  try {
    await program.parseAsync(process.argv);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; every other parse problem is a usage error (2).
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return 0;
      // Commander already wrote the message to stderr; scripts asking for --json get the same object as any other error.
      if (process.argv.includes('--json')) {
        const message = error.message.replace(/^error: /, '');
        process.stdout.write(
          `${JSON.stringify({ error: 'usage_error', message, hint: 'Run with --help for usage.' }, null, 2)}\n`,
        );
      }
      return 2;
    }
    if (context) return context.output.error(error, context.knownSecrets());
    const { Output } = await import('../terminal/output.js');
    return new Output({ json: process.argv.includes('--json'), verbose: false, color: true, env: process.env }).error(
      error,
    );
  } finally {
    await context?.close().catch(() => undefined);
  }
}

// `datachat query ... | head -1`: once the reader is gone, the rest of the output has nowhere to go.
// That is how pipes end, not a failure: exit quietly with 0, as cat and grep do, instead of an
// unhandled 'error' event (a stack trace and exit 1). Other stream errors still surface.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

const code = await main();
// Flush stdout before exiting so piped --json output is never cut short.
process.stdout.write('', () => process.exit(code));
