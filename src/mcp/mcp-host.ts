import { AskService } from '../services/ask-service.js';
import type { ProjectContext } from '../services/project-context.js';

/**
 * What the MCP tools run on: one project and the few policies that differ between `datachat mcp`
 * (one stdio client, this process alone) and `datachat serve` (many HTTP clients sharing the
 * server's write lock and chat slots). The tools never reach past this.
 */
export interface McpHost {
  readonly project: ProjectContext;
  /** The answer pipeline (`ask`); the server shares its own so answers are cached once. */
  readonly asker: AskService;
  /** Runs a change to project files (a proposal in `.datachat/pending/`), one at a time. */
  write<T>(fn: () => T | Promise<T>): Promise<T>;
  /** Runs one answer; the server bounds how many run at once. */
  answer<T>(fn: () => T | Promise<T>): Promise<T>;
  /** Syncs the knowledge index when the YAML files changed (before reading it). */
  freshIndex(): Promise<void>;
  /** Secret values to scrub from every result and error. */
  secrets(): string[];
}

/**
 * The host of `datachat mcp`: this process serves one client. Writes still run one at a time (a
 * client may send requests concurrently), and `.datachat.yml` changed by another process (`db add`,
 * an editor) is picked up before each call, as the server does.
 */
export function localHost(project: ProjectContext): McpHost {
  let tail: Promise<unknown> = Promise.resolve();
  const asker = new AskService(project);
  return {
    project,
    asker,
    write<T>(fn: () => T | Promise<T>): Promise<T> {
      const result = tail.then(fn);
      tail = result.catch(() => undefined);
      return result;
    },
    answer: async (fn) => fn(),
    async freshIndex() {
      project.reloadIfChanged();
      if (project.config.connections.length > 0) await project.freshIndex();
    },
    secrets() {
      try {
        return project.knownSecrets();
      } catch {
        return [];
      }
    },
  };
}
