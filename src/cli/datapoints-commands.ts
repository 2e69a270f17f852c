import { type Command, Option } from 'commander';
import type { CommandAction, examples as Examples } from './command-action.js';

/** `datachat datapoints …`: list, show, add, edit, remove. Handlers in src/commands, imported when their command runs. */
export function declareDatapointsCommands(program: Command, action: CommandAction, examples: typeof Examples): void {
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
}
