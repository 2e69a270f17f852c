import { Command, Option } from 'commander';
import type { CommandContext, GlobalOptions } from '../terminal/command-context.js';

export interface ProgramDeps {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdinIsTTY: boolean;
  onContext(context: CommandContext): void;
}

/** A handler of src/commands: commander hands it untyped positional arguments, then the options object. */
type Handler = (context: CommandContext, ...args: never[]) => Promise<void>;

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

/**
 * Commander declarations only. Each handler lives in src/commands/<name>.ts and is imported when its
 * command runs, so `datachat --help` loads nothing heavy.
 */
export function buildProgram(deps: ProgramDeps): Command {
  const program = new Command('datachat')
    .description('Ask questions of your databases in plain language and get correct, safe SQL answers.')
    .version('0.1.0', '-V, --version')
    .option('--dir <path>', 'project folder (default: nearest folder with .datachat.yml, else the current one)')
    .option('--json', 'machine-readable JSON on stdout (diagnostics go to stderr)', false)
    .option('-y, --yes', 'never prompt; accept defaults (implied when stdin is not a terminal)', false)
    .option('--verbose', 'more detail, including error causes', false)
    .option('--no-color', 'disable colors (NO_COLOR is honoured too)')
    .option('--no-pager', 'never page long results ($PAGER, default `less -SRFX`, only on a terminal)')
    .option('-x, --expanded', 'show result rows as `column │ value` blocks (automatic when too wide)', false)
    // Subcommand help lists the global flags too (commander copies this setting to every subcommand).
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });

  const action = (load: () => Promise<{ run: Handler }>) =>
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

  const examples = (cmd: Command, lines: string[]): Command =>
    cmd.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);

  examples(
    program
      .command('init')
      .description('create a project: config, databases, Schema DataPoints, knowledge index')
      .option('--sample', 'create and use the generated e-commerce sample database', false)
      .addOption(new Option('--db <name=url...>', 'add a database (repeatable)').default([]))
      .option('--no-profile', 'skip profiling (statistics, relationships)')
      .option('--no-generate', 'skip DataPoint generation')
      .option('--auto-approve', 'approve generated DataPoints instead of leaving them for `datachat review`', false)
      .option('--offline', 'generate with heuristics only, even when an LLM is configured', false)
      .action(action(() => import('./init-action.js'))),
    [
      'datachat init --sample --yes --auto-approve',
      'datachat init --db warehouse=postgresql://me@db.internal/analytics --yes',
      'datachat init --sample --no-generate --dir /tmp/demo --json',
    ],
  );

  examples(
    program
      .command('status')
      .description('show whether the project is ready and which setup steps are missing')
      .action(action(() => import('../commands/status.js'))),
    ['datachat status', 'datachat status --json'],
  );

  examples(
    program
      .command('sync')
      .description('index the DataPoint YAML files into .datachat/knowledge.db (incremental)')
      .option('--watch', 'keep running and re-sync whenever a file under datapoints/ changes (Ctrl-C to stop)', false)
      .action(action(() => import('../commands/sync.js'))),
    [
      'datachat sync',
      'rm .datachat/knowledge.db && datachat sync   # rebuild the index from YAML',
      'datachat sync --watch',
    ],
  );

  examples(
    program
      .command('profile [connection]')
      .description('profile tables (statistics, patterns, PII, relationships) and refresh the Schema DataPoints')
      .option('--sample-size <n>', 'rows sampled per table (default: all below 10K rows, 1,000 up to 1M, 10,000 above)')
      .option('--tables <list>', 'comma-separated tables to profile')
      .option('--concurrency <n>', 'tables profiled at once (default 4)')
      .option('--timeout <seconds>', 'per-query timeout (default 60)')
      .action(action(() => import('../commands/profile.js'))),
    [
      'datachat profile',
      'datachat profile warehouse --tables orders,customers',
      'datachat profile --sample-size 5000 --json',
    ],
  );

  examples(
    program
      .command('review')
      .description(
        'review generated DataPoints in .datachat/pending/: approve, edit, reject (interactive on a terminal)',
      )
      .option('--approve <ids...>', 'approve these pending DataPoints (<connection>/<id>, or <id> when unambiguous)')
      .option('--reject <ids...>', 'reject these pending DataPoints (remembered in datapoints/<conn>/.rejected.yaml)')
      .option('--reason <text>', 'why they are rejected (recorded with the rejection)')
      .option('--approve-all', 'approve every pending DataPoint', false)
      .action(action(() => import('../commands/review.js'))),
    [
      'datachat review',
      'datachat review --json',
      'datachat review --approve sample/revenue sample/orders',
      'datachat review --reject sample/aov --approve-all',
    ],
  );

  examples(
    program
      .command('generate [connection]')
      .description('generate Schema and Business DataPoints (LLM when configured, else offline heuristics) for review')
      .option('--tables <list>', 'comma-separated tables')
      .option('--offline', 'heuristics only, no LLM calls', false)
      .option('--auto-approve', 'write straight into datapoints/ and sync, skipping review', false)
      .option(
        '--diff',
        'only show what regeneration would change in datapoints/ (added, removed, changed fields); writes nothing',
        false,
      )
      .action(action(() => import('../commands/generate.js'))),
    [
      'datachat generate',
      'datachat generate --offline --auto-approve',
      'datachat generate warehouse --tables orders,customers --json',
      'datachat generate --offline --diff',
    ],
  );

  examples(
    program
      .command('ask <question>')
      .description(
        'answer a question in plain language (catalog, metric compiler, templates, then the LLM if configured)',
      )
      .option('--db <connection>', 'ask this database')
      .option('--cross-database', 'ask every database and merge the results', false)
      .option('--conversation <id>', 'continue a conversation (follow-ups like "and by month?")')
      .option('-c, --continue', 'follow up the last conversation in this project')
      .addOption(
        new Option('--format <format>', 'output format (an export: no chart)').choices([
          'table',
          'json',
          'csv',
          'markdown',
        ]),
      )
      .option('--sql-only', 'print the SQL without running it', false)
      .option('--no-chart', 'do not draw a chart under the table (charts appear only on a terminal)')
      .action(action(() => import('../commands/ask.js'))),
    [
      'datachat ask "revenue by month in 2024"',
      'datachat ask "top 5 shipping countries by revenue" --format csv',
      'datachat ask "how many orders" --json',
      'datachat ask -c "and by channel?"',
      'datachat ask "and by channel?" --conversation conv_123',
    ],
  );
  examples(
    program
      .command('conversations')
      .description('list the conversations of this project (id, last question, when, turns)')
      .option('--limit <n>', 'how many, most recent first', '20')
      .action(action(() => import('../commands/conversations.js'))),
    ['datachat conversations', 'datachat conversations --json', 'datachat ask -c "and by month?"'],
  );
  examples(
    program
      .command('query <sql>')
      .description('run your own SQL through the same read-only guard and executor')
      .option('--db <connection>', 'database to run it on')
      .option('--dry-run', 'only check it with the guard', false)
      .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']))
      .action(action(() => import('../commands/query.js'))),
    [
      'datachat query "SELECT status, count(*) FROM orders GROUP BY status"',
      'datachat query "DROP TABLE customers"   # rejected, exit 4',
    ],
  );
  examples(
    program
      .command('context <question>')
      .description('show what routing and retrieval chose for a question (tables, DataPoints, values, scores)')
      .option('--db <connection>', 'only this database')
      .option('--k <n>', 'DataPoints to return (default 10)')
      .action(action(() => import('../commands/context.js'))),
    ['datachat context "revenue by country" --json'],
  );

  examples(
    program
      .command('eval <file>')
      .description(
        'score answers against gold SQL: execution accuracy, table recall@k, routing accuracy, LLM calls, latency',
      )
      .action(action(() => import('../commands/eval.js'))),
    ['datachat eval templates/eval/sample.yaml', 'datachat eval my-questions.yaml --json > report.json'],
  );

  examples(
    program
      .command('check [connection]')
      .description(
        'validate DataPoints and compare them with the live databases (schema drift); exit 1 on errors, for CI',
      )
      .option(
        '--strict',
        'also exit 1 on warnings (type changes, new columns, drifted row counts or null fractions)',
        false,
      )
      .option('--row-drift <factor>', 'warn when a row count changed by more than this factor (default 2)')
      .option('--null-drift <delta>', 'warn when a null fraction moved by more than this (0..1, default 0.2)')
      .option('--no-live', 'check the files only, without connecting to the databases')
      .action(action(() => import('../commands/check.js'))),
    [
      'datachat check',
      'datachat check --strict --json > check-report.json',
      'datachat check warehouse --row-drift 5 --null-drift 0.1',
      'datachat check --no-live   # files only, no database',
    ],
  );

  examples(
    program
      .command('completion')
      .description('print a shell completion script for every command and option')
      .addArgument(program.createArgument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish']))
      .action(
        action(async () => {
          const completion = await import('../commands/completion.js');
          // A fresh program tree (nothing runs): the same declarations the user is typing against.
          const fresh = () =>
            buildProgram({ env: deps.env, cwd: deps.cwd, stdinIsTTY: false, onContext: () => undefined });
          return { run: (context: CommandContext, shell: string) => completion.run(context, shell, fresh()) };
        }),
      ),
    [
      'datachat completion bash > ~/.local/share/bash-completion/completions/datachat',
      'datachat completion zsh > "${fpath[1]}/_datachat"',
      'datachat completion fish > ~/.config/fish/completions/datachat.fish',
    ],
  );

  examples(
    program
      .command('serve')
      .description('serve the REST API under /api/v1 for this project (OpenAPI document at /api/v1/openapi.json)')
      .option('--host <host>', 'interface to bind; anything but loopback requires DATACHAT_API_TOKEN', '127.0.0.1')
      .option('--port <port>', 'TCP port (0 picks a free one)', '8080')
      .option('--cors <origin>', 'allow browser requests from this one origin (CORS is off otherwise)')
      .action(action(() => import('../commands/serve.js'))),
    [
      'datachat serve',
      'datachat serve --port 9000 --cors http://localhost:5173',
      'DATACHAT_API_TOKEN=$(openssl rand -hex 32) datachat serve --host 0.0.0.0',
    ],
  );

  // Shell completion asks this for project words (connection, DataPoint and pending ids); not shown in help.
  program.command('__complete <kind>', { hidden: true }).action(action(() => import('../commands/complete-words.js')));

  const datapoints = program.command('datapoints').description('list, show, add, edit and remove DataPoints');
  examples(
    datapoints
      .command('list')
      .description('list DataPoints')
      .option('--db <connection>', 'only this connection')
      .addOption(new Option('--type <type>', 'only this type').choices(['Schema', 'Business', 'Process', 'Query']))
      .action(action(() => import('../commands/datapoints-list.js'))),
    ['datachat datapoints list', 'datachat datapoints list --type Schema --json'],
  );
  examples(
    datapoints
      .command('show <id>')
      .description('show one DataPoint as YAML (or JSON with --json)')
      .option('--db <connection>', 'connection of the DataPoint (default: the default connection)')
      .action(action(() => import('../commands/datapoints-show.js'))),
    ['datachat datapoints show orders', 'datachat datapoints show orders --json'],
  );

  examples(
    datapoints
      .command('add <file>')
      .description('add a DataPoint from a YAML file (or - for stdin) and sync')
      .action(action(() => import('../commands/datapoints-add.js'))),
    ['datachat datapoints add my-metric.yaml', 'cat metric.yaml | datachat datapoints add -'],
  );
  examples(
    datapoints
      .command('edit <id>')
      .description('edit an approved DataPoint in $EDITOR (validated before it is saved) and sync')
      .option('--db <connection>', 'connection of the DataPoint')
      .action(action(() => import('../commands/datapoints-edit.js'))),
    ['datachat datapoints edit revenue', 'EDITOR="code --wait" datachat datapoints edit sample/orders'],
  );
  examples(
    datapoints
      .command('remove <id>')
      .description('delete an approved DataPoint and sync')
      .option('--db <connection>', 'connection of the DataPoint')
      .action(action(() => import('../commands/datapoints-remove.js'))),
    ['datachat datapoints remove orders_discount_avg', 'datachat datapoints remove sample/orders_discount_avg --json'],
  );

  const db = program.command('db').description('manage database connections');
  examples(
    db
      .command('add <name> <url>')
      .description('register a database; a password in the URL is stored encrypted, never in .datachat.yml')
      .option('--type <type>', 'database type when the URL does not say')
      .option('--tags <tags>', 'comma-separated tags')
      .option('--description <text>', 'what this database holds')
      .option('--default', 'make it the default connection', false)
      .option('--no-test', 'do not test the connection after adding it')
      .action(action(() => import('../commands/db-add.js'))),
    [
      'datachat db add warehouse postgresql://analyst:s3cret@127.0.0.1:5432/analytics',
      'datachat db add shop mysql://root@127.0.0.1:3306/shop --default',
      'datachat db add events clickhouse://default@127.0.0.1:8123/events',
    ],
  );
  examples(
    db
      .command('edit <connection>')
      .description('change a connection: URL (tested; not saved when the test fails), type, tags, description, default')
      .option('--url <url>', 'new connection URL (a password in it is stored encrypted)')
      .option('--type <type>', 'database type when the URL does not say')
      .option('--tags <tags>', 'comma-separated tags (replace the current ones; "" clears them)')
      .option('--description <text>', 'what this database holds ("" clears it)')
      .option('--default', 'make it the default connection')
      .option('--no-test', 'do not test a new URL before saving it')
      .action(action(() => import('../commands/db-edit.js'))),
    [
      'datachat db edit warehouse --url postgresql://analyst@db.internal:5432/analytics',
      'datachat db edit shop --tags sales,eu --default',
    ],
  );
  examples(
    db
      .command('list')
      .description('list connections')
      .action(action(() => import('../commands/db-list.js'))),
    ['datachat db list', 'datachat db list --json'],
  );
  examples(
    db
      .command('show <connection>')
      .description('show one connection (credentials redacted)')
      .action(action(() => import('../commands/db-show.js'))),
    ['datachat db show warehouse'],
  );
  examples(
    db
      .command('test [connection]')
      .description('connect and report latency and server version')
      .action(action(() => import('../commands/db-test.js'))),
    ['datachat db test', 'datachat db test warehouse --json'],
  );
  examples(
    db
      .command('default <connection>')
      .description('make a connection the default')
      .action(action(() => import('../commands/db-default.js'))),
    ['datachat db default warehouse'],
  );
  examples(
    db
      .command('remove <connection>')
      .description('remove a connection and its stored secret')
      .action(action(() => import('../commands/db-remove.js'))),
    ['datachat db remove staging'],
  );

  return program;
}
