import type { Command } from 'commander';
import type { CommandAction, examples as Examples } from './command-action.js';

/** `datachat db …`: the connection registry. Handlers in src/commands, imported when their command runs. */
export function declareDbCommands(program: Command, action: CommandAction, examples: typeof Examples): void {
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
      .option('--tags <tags>', 'only connections having every one of these comma-separated tags')
      .option('--active-only', 'leave out connections marked `active: false`', false)
      .action(action(() => import('../commands/db-list.js'))),
    ['datachat db list', 'datachat db list --tags finance,prod --active-only --json'],
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
}
