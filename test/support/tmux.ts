import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether tmux is installed (CI installs it: see .ci/run). */
export const HAS_TMUX = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;

/** Why a tmux test is skipped, or undefined when it runs (with CI=true a missing tmux fails instead). */
export function tmuxSkipReason(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (HAS_TMUX || env.CI) return undefined;
  return 'tmux is not installed: `apt-get install -y tmux` to run the terminal-session tests (CI installs it)';
}

/** The shell prompt in the session (PS1), so the end of a command can be seen. */
const PROMPT = 'tmux$ ';

export interface TmuxOptions {
  cwd: string;
  /** The whole environment of the shell in the session (nothing else leaks in). */
  env: Record<string, string>;
  width?: number;
  height?: number;
}

/**
 * A real terminal: a detached tmux session on a private server running bash, driven with
 * send-keys (arrows, Enter, C-c) and read with capture-pane, as a person would use the CLI.
 */
export class TmuxSession {
  private readonly socket: string;
  private readonly dir: string;
  private ready = false;

  private constructor(options: TmuxOptions) {
    this.dir = mkdtempSync(join(tmpdir(), 'datachat-tmux-'));
    // A private server on a socket in our temp folder: nothing shared with the user's tmux, nothing left behind.
    this.socket = join(this.dir, 'socket');
    const conf = join(this.dir, 'tmux.conf');
    writeFileSync(conf, 'set -g history-limit 100000\nset -g status off\n');
    // The server takes the environment of the client that starts it: the clean one given here.
    this.tmux(
      [
        '-f',
        conf,
        'new-session',
        '-d',
        '-s',
        'main',
        '-x',
        String(options.width ?? 160),
        '-y',
        String(options.height ?? 50),
        '-c',
        options.cwd,
        'bash --norc --noprofile',
      ],
      options.env,
    );
  }

  static start(options: TmuxOptions): TmuxSession {
    return new TmuxSession(options);
  }

  private tmux(args: string[], env?: Record<string, string>): string {
    const result = spawnSync('tmux', ['-u', '-S', this.socket, ...args], {
      encoding: 'utf8',
      env: env ?? { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    });
    if (result.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  }

  /** Key names as tmux knows them: 'Enter', 'Down', 'C-c'... */
  keys(...keys: string[]): void {
    this.tmux(['send-keys', '-t', 'main', ...keys]);
  }

  /** Literal text (no key-name lookup). */
  type(text: string): void {
    this.tmux(['send-keys', '-t', 'main', '-l', text]);
  }

  /** The whole session: scrollback and the visible screen, wrapped lines joined. */
  history(): string {
    return this.tmux(['capture-pane', '-p', '-J', '-S', '-', '-t', 'main']);
  }

  /** The visible screen only. */
  screen(): string {
    return this.tmux(['capture-pane', '-p', '-J', '-t', 'main']);
  }

  /**
   * Runs a command line in the session's shell, after clearing the screen and scrollback so that
   * `history()` holds this command's session only.
   */
  async run(commandLine: string): Promise<void> {
    if (!this.ready) {
      this.type(`PS1='${PROMPT}'`);
      this.keys('Enter');
      this.ready = true;
    }
    this.type('clear');
    this.keys('Enter');
    // tmux scrolls a cleared screen into the history (scroll-on-clear): clear the history after it.
    await this.until(() => this.screen().trim() === PROMPT.trim(), 'a cleared screen');
    this.tmux(['clear-history', '-t', 'main']);
    this.type(commandLine);
    this.keys('Enter');
  }

  /**
   * Waits for the shell prompt to come back and returns the command's exit status (130 after Ctrl-C,
   * whether the CLI exited with it or died of SIGINT: bash then drops the rest of a command list, so
   * the status is asked for separately).
   */
  async finished(timeoutMs = 120_000): Promise<number> {
    await this.until(() => (this.history().match(/^tmux\$( |$)/gm) ?? []).length >= 2, 'the shell prompt', timeoutMs);
    this.type('echo "__EXIT_$?__"');
    this.keys('Enter');
    const text = await this.waitFor(/__EXIT_(\d+)__/, { timeoutMs: 10_000 });
    return Number(/__EXIT_(\d+)__/.exec(text)![1]);
  }

  private async until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. Terminal:\n${this.history()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Waits until the history matches `pattern`; returns the history then. */
  async waitFor(pattern: RegExp, options: { timeoutMs?: number; visibleOnly?: boolean } = {}): Promise<string> {
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    for (;;) {
      const text = options.visibleOnly ? this.screen() : this.history();
      if (pattern.test(text)) return text;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${pattern}. Terminal:\n${this.history()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /**
   * Waits for the active @inquirer prompt (`? <question>` on the visible screen), sends the keys, then
   * waits until it is answered (`✔ <question>`), so the next wait cannot see a stale prompt.
   */
  async answer(question: RegExp, keys: (string | { text: string })[], timeoutMs = 60_000): Promise<void> {
    const active = new RegExp(`^\\? .*${question.source}`, 'm');
    await this.waitFor(active, { timeoutMs, visibleOnly: true });
    for (const key of keys) {
      if (typeof key === 'string') this.keys(key);
      else this.type(key.text);
    }
    // Ctrl-C leaves the prompt as it was; the exit status tells what happened.
    if (keys.includes('C-c')) return;
    const answered = new RegExp(`^✔ .*${question.source}`, 'm');
    const deadline = Date.now() + 15_000;
    while (active.test(this.screen()) && !answered.test(this.screen())) {
      if (Date.now() > deadline)
        throw new Error(
          `The prompt ${question} was not answered by ${JSON.stringify(keys)}. Terminal:\n${this.history()}`,
        );
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  kill(): void {
    spawnSync('tmux', ['-S', this.socket, 'kill-server'], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    rmSync(this.dir, { recursive: true, force: true });
  }
}
