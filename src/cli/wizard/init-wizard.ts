import { existsSync, mkdirSync } from 'node:fs';
import { ConfigFile } from '../../config/config-file.js';
import { AbortedError } from '../../errors.js';
import type { CommandContext } from '../../terminal/command-context.js';
import type { Progress } from '../../terminal/output.js';
import type { Prompts } from '../../terminal/prompts.js';
import { askStep } from './ask-step.js';
import { databasesStep } from './database-step.js';
import {
  initStateFile,
  markCompleted,
  newInitState,
  nextStep,
  readInitState,
  STEP_LABELS,
  WIZARD_STEPS,
  type InitState,
  type WizardStep,
} from './init-state.js';
import { generateStep, introspectStep, profileStep, reviewStep, syncStep } from './pipeline-steps.js';
import { createWizardContext, type WizardContext } from './wizard-context.js';

export interface InitWizardOptions {
  /** `--no-profile`: skip profiling. */
  profile?: boolean;
  /** `--no-generate`: skip generation and review. */
  generate?: boolean;
  /** `--auto-approve`: approve generated DataPoints without asking. */
  autoApprove?: boolean;
  /** `--offline`: generate with heuristics without asking. */
  offline?: boolean;
}

/** Test seam: scripted prompts instead of @inquirer/prompts. */
export interface InitWizardDeps {
  prompts?: Prompts;
}

const RUNNERS: Record<WizardStep, (w: WizardContext) => Promise<void>> = {
  databases: databasesStep,
  introspect: introspectStep,
  profile: profileStep,
  generate: generateStep,
  review: reviewStep,
  sync: syncStep,
  ask: askStep,
};

/**
 * `datachat init` on a terminal without --sample/--db: the initialization wizard (add and test
 * databases, introspect, profile, generate, review, sync) ending with a first question. Progress is
 * saved to `.datachat/init-state.json` after every step (and every database within a step), so after
 * Ctrl-C or a failure a re-run offers to resume where it stopped. Every file it writes is written
 * atomically, so an interruption at any point leaves a consistent project.
 */
export async function runInitWizard(
  context: CommandContext,
  options: InitWizardOptions = {},
  deps: InitWizardDeps = {},
): Promise<void> {
  const { output } = context;
  const project = await context.project();
  const prompts = deps.prompts ?? (await import('../../terminal/prompts.js')).createPrompts();
  const again = `datachat init${context.globals.dir ? ` --dir ${context.globals.dir}` : ''}`;

  mkdirSync(project.paths.stateDir, { recursive: true });
  if (!existsSync(project.paths.configFile)) {
    ConfigFile.open(project.paths.configFile).save();
    project.reload();
  }
  output.line(`${output.color.bold('datachat setup')} in ${project.paths.root}`);
  output.line(
    output.color.dim(
      `Steps: ${WIZARD_STEPS.map((s) => STEP_LABELS[s]).join(' → ')}. Ctrl-C at any time; \`${again}\` resumes.`,
    ),
  );

  const stateFile = initStateFile(project.paths.stateDir);
  const state = await resumeOrStart(context, prompts, readInitState(stateFile), project.config.connections.length > 0);
  if (options.offline) state.generate_mode = 'offline';
  if (options.profile === false) markCompleted(state, 'profile');
  if (options.generate === false) for (const step of ['generate', 'review'] as const) markCompleted(state, step);

  let active: Progress | undefined;
  const w = createWizardContext(context, project, prompts, state, stateFile, (p) => (active = p));
  w.autoApprove = Boolean(options.autoApprove);
  w.save();

  // Outside prompts, Ctrl-C is a signal (or, under a spinner, ora's emitted SIGINT): say how to
  // resume, then die of the signal as usual. Every write is atomic and progress is saved per step.
  const onSigint = (): void => {
    active?.stop();
    process.off('SIGINT', onSigint);
    output.info(`\nInterrupted. What is done is saved; run \`${again}\` to resume.`);
    process.kill(process.pid, 'SIGINT');
  };
  process.on('SIGINT', onSigint);
  try {
    for (const [index, step] of WIZARD_STEPS.entries()) {
      const title = `Step ${index + 1}/${WIZARD_STEPS.length}: ${STEP_LABELS[step]}`;
      if (state.completed.includes(step)) {
        output.line(output.color.dim(`${title} — done earlier`));
        continue;
      }
      output.line();
      output.line(output.color.bold(title));
      await RUNNERS[step](w);
      markCompleted(state, step);
      w.save();
    }
    state.finished = true;
    w.save();
    await finish(w);
  } catch (error) {
    active?.stop();
    if (error instanceof AbortedError)
      throw new AbortedError('Setup interrupted.', {
        cause: error,
        hint: `What is done is saved; run \`${again}\` to resume.`,
      });
    output.info(
      output.color.dim(
        `Setup stopped at "${STEP_LABELS[nextStep(state) ?? 'ask']}"; fix the problem above and run \`${again}\` to resume.`,
      ),
    );
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function resumeOrStart(
  context: CommandContext,
  prompts: Prompts,
  saved: InitState | undefined,
  hasConnections: boolean,
): Promise<InitState> {
  if (!saved || saved.finished || (saved.completed.length === 0 && !hasConnections)) return newInitState();
  const next = nextStep(saved);
  const done = saved.completed.map((s) => STEP_LABELS[s]).join(', ');
  const choice = await prompts.select<'resume' | 'restart'>({
    message: `An earlier setup stopped before "${STEP_LABELS[next ?? 'ask']}". Resume it?`,
    choices: [
      { value: 'resume', name: `Resume${done ? ` (skip: ${done})` : ''}` },
      { value: 'restart', name: 'Start over', description: 'databases and DataPoints already in the project are kept' },
    ],
  });
  if (choice === 'resume') {
    context.output.line(context.output.color.dim(`Resuming at "${STEP_LABELS[next ?? 'ask']}".`));
    return saved;
  }
  return newInitState();
}

async function finish(w: WizardContext): Promise<void> {
  const { output, project, command } = w;
  const dir = command.globals.dir ? ` --dir ${command.globals.dir}` : '';
  const { ReviewService } = await import('../../services/review-service.js');
  const pending = new ReviewService(project).list().length;
  const total = (await project.store()).count();
  const databases = project.config.connections.length;
  output.line();
  output.success(
    `Setup complete: ${databases} database${databases === 1 ? '' : 's'}, ${total} DataPoints in the knowledge index.`,
  );
  const next: [string, string][] = [
    [`datachat ask "<question>"${dir}`, 'ask more (--db picks a database)'],
    ...(pending ? [[`datachat review${dir}`, `${pending} DataPoints still pending review`] as [string, string]] : []),
    [`datachat status${dir}`, 'what is set up'],
    ['datachat completion bash|zsh|fish', 'tab completion for your shell'],
  ];
  const width = Math.max(...next.map(([c]) => c.length));
  output.line('Next:');
  for (const [commandLine, what] of next) output.line(`  ${commandLine.padEnd(width)}  ${output.color.dim(what)}`);
}
