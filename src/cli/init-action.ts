import type { InitOptions } from '../commands/init.js';
import type { CommandContext } from '../terminal/command-context.js';

/**
 * `datachat init` as the CLI runs it: on a terminal with nothing to go on (no --sample, no --db), the
 * interactive wizard (it resumes an interrupted run); otherwise the non-interactive handler. The choice
 * lives here because the wizard is CLI (it drives prompts and reuses command renderers), and commands
 * never import the CLI.
 */
export async function run(context: CommandContext, options: InitOptions): Promise<void> {
  const init = await import('../commands/init.js');
  if (init.nothingToInitialize(options) && context.interactive) {
    const { runInitWizard } = await import('./wizard/init-wizard.js');
    return runInitWizard(context, {
      profile: options.profile,
      generate: options.generate,
      autoApprove: options.autoApprove,
      offline: options.offline,
    });
  }
  return init.run(context, options);
}
