import type { ProjectContext } from '../services/project-context.js';
import { Output } from './output.js';

export interface GlobalOptions {
  dir?: string;
  json: boolean;
  yes: boolean;
  verbose: boolean;
  color: boolean;
  /** False with --no-pager. */
  pager?: boolean;
  /** -x/--expanded result tables. */
  expanded?: boolean;
}

/** What every command handler receives: global options, output, environment, and the project (loaded on demand). */
export class CommandContext {
  readonly output: Output;
  private projectInstance: ProjectContext | undefined;

  constructor(
    readonly globals: GlobalOptions,
    readonly env: Readonly<Record<string, string | undefined>>,
    readonly cwd: string,
    readonly stdinIsTTY: boolean,
  ) {
    const { json, verbose, color, pager, expanded } = globals;
    this.output = new Output({ json, verbose, color, env, pager: pager !== false, expanded: expanded === true });
  }

  /** Prompts are allowed only on a TTY without --yes/--json. */
  get interactive(): boolean {
    return this.stdinIsTTY && this.output.isTTY && !this.globals.yes && !this.globals.json;
  }

  async project(): Promise<ProjectContext> {
    if (!this.projectInstance) {
      const { ProjectContext } = await import('../services/project-context.js');
      this.projectInstance = ProjectContext.load({ dir: this.globals.dir, cwd: this.cwd, env: this.env });
    }
    return this.projectInstance;
  }

  /** Secret values to scrub from any error message. */
  knownSecrets(): string[] {
    try {
      return this.projectInstance?.knownSecrets() ?? [];
    } catch {
      return [];
    }
  }

  async close(): Promise<void> {
    await this.projectInstance?.close();
  }
}
