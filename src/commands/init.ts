import type { CommandContext } from '../terminal/command-context.js';
import { UsageError } from '../errors.js';
import { redactUrl } from '../util/redact.js';

function parseDbOption(value: string): { name: string; url: string } {
  const index = value.indexOf('=');
  if (index <= 0) throw new UsageError(`--db expects NAME=URL, got "${redactUrl(value)}".`);
  return { name: value.slice(0, index), url: value.slice(index + 1) };
}

export interface InitOptions {
  sample: boolean;
  db: string[];
  profile: boolean;
  generate: boolean;
  autoApprove: boolean;
  offline: boolean;
}

/** True when the options name nothing to set up (no --sample, no --db): the CLI then runs the wizard on a terminal. */
export function nothingToInitialize(options: InitOptions): boolean {
  return !options.sample && options.db.length === 0;
}

/** The non-interactive `init`; the interactive wizard is the CLI's (src/cli/init-action.ts). */
export async function run(context: CommandContext, options: InitOptions): Promise<void> {
  const databases = options.db.map(parseDbOption);
  if (nothingToInitialize(options)) {
    throw new UsageError('Nothing to initialize: pass --sample and/or --db NAME=URL.', {
      hint: 'Try `datachat init --sample --yes` for the embedded e-commerce sample database, or run `datachat init` in a terminal for the interactive setup.',
    });
  }
  const project = await context.project();
  const { initializeProject } = await import('../services/init-service.js');
  const progress = await context.output.progress();
  try {
    const result = await initializeProject(
      project,
      {
        sample: options.sample,
        databases,
        profile: options.profile,
        generate: options.generate,
        autoApprove: options.autoApprove,
        offline: options.offline,
      },
      progress,
    );
    if (context.globals.json) return context.output.printJson(result);
    context.output.line(`Project ready in ${result.project_dir}`);
    context.output.line(
      `  DataPoints: ${result.datapoints_written} from introspection (${result.datapoints_kept} kept), ${result.datapoints_generated} generated; the index holds ${result.sync.total}.`,
    );
    const dir = context.globals.dir ? ` --dir ${context.globals.dir}` : '';
    if (result.pending_review > 0)
      context.output.line(
        `Next: review the ${result.pending_review} generated DataPoints with \`datachat review${dir}\` (or re-run with --auto-approve).`,
      );
    else context.output.line(`Next: datachat ask "how many orders by month in 2024?"${dir}`);
  } catch (error) {
    progress.fail('Initialization stopped; re-run the same command to resume.');
    throw error;
  } finally {
    progress.stop();
  }
}
