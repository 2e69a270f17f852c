import { Chalk, type ChalkInstance } from 'chalk';
import { spawnSync } from 'node:child_process';
import { DatachatError, toDatachatError } from '../errors.js';
import { plainValue } from '../query/answer-values.js';
import { renderTable } from './table-render.js';
import { redactSecrets } from '../util/redact.js';

export interface OutputOptions {
  json: boolean;
  verbose: boolean;
  /** Explicit --no-color; NO_COLOR in the environment and non-TTY stdout also turn color off. */
  color: boolean;
  env: Readonly<Record<string, string | undefined>>;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  /** False with --no-pager: never page (pages only on a TTY anyway). Default true. */
  pager?: boolean;
  /** -x/--expanded: result tables one `column │ value` block per row (default: only when too wide). */
  expanded?: boolean;
}

/** The pager without $PAGER: -S chops long lines, -R keeps colors, -F quits on one screen, -X leaves it on screen. */
const DEFAULT_PAGER = 'less -SRFX';

export interface Progress {
  step(message: string): void;
  done(message: string): void;
  fail(message: string): void;
  stop(): void;
}

/**
 * Everything the CLI prints goes through here: results on stdout (a table on a TTY, JSON with
 * --json, CSV on request), diagnostics and progress on stderr, so `--json` output is always
 * parseable. Spinners only on a TTY.
 */
export class Output {
  readonly json: boolean;
  readonly verbose: boolean;
  readonly isTTY: boolean;
  readonly color: ChalkInstance;
  private readonly out: NodeJS.WriteStream;
  private readonly err: NodeJS.WriteStream;
  private readonly pager: boolean;
  private readonly expanded: boolean | undefined;
  private readonly env: Readonly<Record<string, string | undefined>>;

  constructor(options: OutputOptions) {
    this.out = options.stdout ?? process.stdout;
    this.err = options.stderr ?? process.stderr;
    this.json = options.json;
    this.verbose = options.verbose;
    this.isTTY = Boolean(this.out.isTTY);
    this.pager = options.pager !== false;
    this.expanded = options.expanded ? true : undefined;
    this.env = options.env;
    const noColor =
      !options.color || options.env.NO_COLOR !== undefined || !this.err.isTTY || options.env.TERM === 'dumb';
    this.color = new Chalk({ level: noColor ? 0 : 1 });
  }

  /** Machine-readable result (always JSON, whatever the mode). */
  printJson(value: unknown): void {
    this.out.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** A line of human output on stdout (suppressed in --json mode). */
  line(text = ''): void {
    if (!this.json) this.out.write(`${text}\n`);
  }

  /** Diagnostics on stderr. */
  info(text: string): void {
    this.err.write(`${text}\n`);
  }

  success(text: string): void {
    if (!this.json) this.err.write(`${this.color.green('✔')} ${text}\n`);
  }

  warn(text: string): void {
    this.err.write(`${this.color.yellow('!')} ${text}\n`);
  }

  debug(text: string): void {
    if (this.verbose) this.err.write(`${this.color.dim(text)}\n`);
  }

  /**
   * A table of records. On a TTY: a compact box (cells over 40 columns cut with …), expanded
   * (`column │ value` per row) with -x or when wider than the terminal, through the pager when
   * longer than the screen. Otherwise tab-separated plain values, whole, for scripts.
   */
  table(rows: readonly Record<string, unknown>[], columns?: readonly string[]): void {
    const cols = columns ?? (rows[0] ? Object.keys(rows[0]) : []);
    if (!this.isTTY) {
      this.out.write(`${cols.join('\t')}\n`);
      for (const row of rows) this.out.write(`${cols.map((c) => formatCell(row[c])).join('\t')}\n`);
      return;
    }
    const expanded = this.expanded;
    const header = (t: string): string => this.color.bold(t);
    const text = renderTable(rows, cols, { width: this.out.columns, header, ...(expanded ? { expanded } : {}) });
    this.page(`${text}\n`);
  }

  /**
   * Human output on stdout, through $PAGER (default `less -SRFX`) when stdout is a terminal and
   * the text is taller than it; written directly otherwise (pipes, --no-pager, PAGER='' or cat).
   */
  page(text: string): void {
    const command = this.env.PAGER ?? DEFAULT_PAGER;
    const rows = this.out.rows ?? 24;
    const tall = text.split('\n').length - 1 > rows - 1;
    if (!this.isTTY || this.json || !this.pager || !tall || command.trim() === '' || command.trim() === 'cat') {
      this.out.write(text);
      return;
    }
    // Synchronous: the pager owns the terminal until it quits, then the command's footer follows.
    const env = { ...process.env, ...this.env };
    const result = spawnSync(command, { shell: true, input: text, stdio: ['pipe', 'inherit', 'inherit'], env });
    if (result.error) this.out.write(text);
  }

  /** RFC 4180 CSV. */
  csv(rows: readonly Record<string, unknown>[], columns?: readonly string[]): void {
    const cols = columns ?? (rows[0] ? Object.keys(rows[0]) : []);
    const csvCell = (v: unknown): string => {
      const s = formatCell(v);
      return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    this.out.write(`${cols.map(csvCell).join(',')}\n`);
    for (const row of rows) this.out.write(`${cols.map((c) => csvCell(row[c])).join(',')}\n`);
  }

  /** Key/value block for one record. */
  record(record: Record<string, unknown>): void {
    const width = Math.max(0, ...Object.keys(record).map((k) => k.length));
    for (const [k, v] of Object.entries(record))
      this.out.write(`${this.color.bold(k.padEnd(width))}  ${formatCell(v)}\n`);
  }

  /** Progress on stderr: an ora spinner on a TTY, plain lines otherwise, nothing with --json. */
  async progress(): Promise<Progress> {
    if (this.json)
      return { step: () => undefined, done: () => undefined, fail: () => undefined, stop: () => undefined };
    if (!this.err.isTTY) {
      return {
        step: () => undefined,
        done: (m) => this.err.write(`✔ ${m}\n`),
        fail: (m) => this.err.write(`✖ ${m}\n`),
        stop: () => undefined,
      };
    }
    const { default: ora } = await import('ora');
    const spinner = ora({ stream: this.err });
    return {
      step: (m) => {
        spinner.start(m);
      },
      done: (m) => {
        spinner.succeed(m);
      },
      fail: (m) => {
        spinner.fail(m);
      },
      stop: () => {
        if (spinner.isSpinning) spinner.stop();
      },
    };
  }

  /**
   * Awaits `work`; when it takes longer than `afterMs` and stderr is a terminal (not --json), an
   * ora spinner shows `label` and the elapsed time until it ends. Nothing at all on pipes, and ora
   * is only loaded once the wait is long enough to need it.
   */
  async whileWaiting<T>(label: string, work: Promise<T>, afterMs = 1000): Promise<T> {
    if (this.json || !this.err.isTTY) return work;
    const started = performance.now();
    let finished = false;
    let stop: (() => void) | undefined;
    const timer = setTimeout(() => {
      void import('ora').then(({ default: ora }) => {
        if (finished) return;
        const text = () => `${label} ${this.color.dim(`${((performance.now() - started) / 1000).toFixed(1)} s`)}`;
        const spinner = ora({ stream: this.err, text: text() }).start();
        const tick = setInterval(() => (spinner.text = text()), 100);
        tick.unref();
        stop = () => {
          clearInterval(tick);
          spinner.stop();
        };
      });
    }, afterMs);
    timer.unref();
    try {
      return await work;
    } finally {
      finished = true;
      clearTimeout(timer);
      stop?.();
    }
  }

  /** Prints an error (JSON object on stdout with --json; message + hint on stderr) and returns its exit code. */
  error(error: unknown, secrets: readonly string[] = []): number {
    const e = toDatachatError(error);
    const clean = (s: string): string => redactSecrets(s, secrets);
    if (this.json) {
      this.out.write(`${clean(JSON.stringify(e.toJSON(), null, 2))}\n`);
    } else {
      this.err.write(`${this.color.red('Error:')} ${clean(e.message)}\n`);
      if (e.hint) this.err.write(`${this.color.dim('Hint:')} ${clean(e.hint)}\n`);
      if (this.verbose && e.cause)
        this.err.write(`${this.color.dim(clean(String((e.cause as Error)?.stack ?? e.cause)))}\n`);
    }
    return e instanceof DatachatError ? e.exitCode : 1;
  }
}

/** A value as machine text (tab-separated, CSV, Markdown): see answer-values.ts. */
export function formatCell(value: unknown): string {
  return plainValue(value);
}
