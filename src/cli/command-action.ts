import type { Command } from 'commander';
import type { CommandContext, GlobalOptions } from '../terminal/command-context.js';

/** What the program needs from its process: environment, folder, whether stdin is a terminal. */
export interface ProgramDeps {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdinIsTTY: boolean;
  onContext(context: CommandContext): void;
}

/** A handler of src/commands: commander hands it untyped positional arguments, then the options object. */
export type Handler = (context: CommandContext, ...args: never[]) => Promise<void>;

/** Commands that may start in a folder that does not exist yet: `init` and `db add` create it, `serve` can initialize it. */
const CREATES_PROJECT = new Set(['init', 'serve', 'db add']);

/**
 * Mistakes commander cannot see: a project folder that does not exist (not initialized, exit 3, naming
 * the folder) and `--json` combined with another `--format` (one of them would be silently ignored).
 */
async function checkGlobalUsage(command: Command, globals: GlobalOptions): Promise<void> {
  const { existsSync, statSync } = await import('node:fs');
  const { NotInitializedError, UsageError } = await import('../errors.js');
  const missing = globals.dir !== undefined && !(existsSync(globals.dir) && statSync(globals.dir).isDirectory());
  const path = command.parent?.parent ? `${command.parent.name()} ${command.name()}` : command.name();
  if (missing && !CREATES_PROJECT.has(path)) {
    throw new NotInitializedError(
      `Project folder ${globals.dir} does not exist.`,
      ['add_database_connection', 'profile_schema', 'generate_datapoints'],
      {
        hint: 'Check --dir, or create a project there with `datachat init --dir <path>`.',
      },
    );
  }
  const format = (command.opts() as { format?: string }).format;
  if (globals.json && format !== undefined && format !== 'json') {
    throw new UsageError(`--json and --format ${format} ask for two different outputs.`, { hint: 'Use one of them.' });
  }
}

/** Turns a lazily imported handler module into a commander action. */
export type CommandAction = (
  load: () => Promise<{ run: Handler }>,
) => (this: Command, ...args: unknown[]) => Promise<void>;

/**
 * The action of every command: check what commander cannot (checkGlobalUsage), build the CommandContext,
 * import the handler, run it with the positional arguments and the options.
 */
export function commandAction(deps: ProgramDeps): CommandAction {
  return (load) =>
    async function (this: Command, ...args: unknown[]): Promise<void> {
      const globals = this.optsWithGlobals() as GlobalOptions;
      await checkGlobalUsage(this, globals);
      // Loaded here, not at the top: output (chalk, the table renderer) is not needed to print --help.
      const { CommandContext } = await import('../terminal/command-context.js');
      const context = new CommandContext(
        {
          dir: globals.dir,
          json: Boolean(globals.json),
          yes: Boolean(globals.yes),
          verbose: Boolean(globals.verbose),
          color: globals.color !== false,
          pager: globals.pager !== false,
          expanded: globals.expanded === true,
        },
        deps.env,
        deps.cwd,
        deps.stdinIsTTY,
      );
      deps.onContext(context);
      const { run } = await load();
      // Commander passes (...arguments, options, command); handlers take (...arguments, options).
      await (run as (context: CommandContext, ...rest: unknown[]) => Promise<void>)(context, ...args.slice(0, -1));
    };
}

/** Adds an "Examples:" block to a command's help. */
export function examples(cmd: Command, lines: string[]): Command {
  return cmd.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
}
