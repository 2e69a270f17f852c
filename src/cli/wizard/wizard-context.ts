import type { ProjectContext } from '../../services/project-context.js';
import type { CommandContext } from '../../terminal/command-context.js';
import type { Output, Progress } from '../../terminal/output.js';
import type { Prompts } from '../../terminal/prompts.js';
import { type InitState, writeInitState } from './init-state.js';

/** What every wizard step works with. */
export interface WizardContext {
  command: CommandContext;
  project: ProjectContext;
  prompts: Prompts;
  output: Output;
  state: InitState;
  stateFile: string;
  /** --auto-approve: the review step approves everything without asking. */
  autoApprove: boolean;
  /** Persists `state` (atomically) after each unit of progress. */
  save(): void;
  /** A spinner on stderr; the wizard stops it before prompting and on Ctrl-C. */
  progress(): Promise<Progress>;
}

export function createWizardContext(
  command: CommandContext,
  project: ProjectContext,
  prompts: Prompts,
  state: InitState,
  stateFile: string,
  onProgress: (p: Progress | undefined) => void,
): WizardContext {
  return {
    command,
    project,
    prompts,
    output: command.output,
    state,
    stateFile,
    autoApprove: false,
    save: () => writeInitState(stateFile, state),
    progress: async () => {
      const progress = await command.output.progress();
      const tracked: Progress = {
        step: (m) => progress.step(m),
        done: (m) => progress.done(m),
        fail: (m) => progress.fail(m),
        stop: () => {
          progress.stop();
          onProgress(undefined);
        },
      };
      onProgress(tracked);
      return tracked;
    },
  };
}
