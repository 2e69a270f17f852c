import { Command, Option } from 'commander';
import type { CommandContext } from '../terminal/command-context.js';
import { commandAction, examples, type ProgramDeps } from './command-action.js';
import { declareDatapointsCommands } from './datapoints-commands.js';
import { declareDbCommands } from './db-commands.js';

export type { ProgramDeps } from './command-action.js';

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

  const action = commandAction(deps);

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
      .description(
        'serve the REST API under /api/v1 for this project (OpenAPI document at /api/v1/openapi.json) and MCP at /mcp',
      )
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

  examples(
    program
      .command('mcp')
      .description(
        'serve this project to AI assistants as an MCP server over stdio (tools: ask, get_context, run_query, DataPoints)',
      )
      .action(action(() => import('../commands/mcp.js'))),
    [
      'datachat mcp --dir /path/to/project',
      'datachat mcp --dir /path/to/project --verbose   # log each tool call to stderr',
      'datachat serve   # the same server over HTTP at http://127.0.0.1:8080/mcp',
    ],
  );

  // Shell completion asks this for project words (connection, DataPoint and pending ids); not shown in help.
  program.command('__complete <kind>', { hidden: true }).action(action(() => import('../commands/complete-words.js')));

  declareDatapointsCommands(program, action, examples);
  declareDbCommands(program, action, examples);

  return program;
}
