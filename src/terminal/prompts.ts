import { AbortedError } from '../errors.js';

/** One option of a `select` prompt. */
export interface PromptChoice<T> {
  value: T;
  /** Label shown in the list (default: the value). */
  name?: string;
  /** Shown under the list while the choice is highlighted. */
  description?: string;
  /** Shown after the question once answered (default: the name). */
  short?: string;
}

/** `validate` returns true when the answer is acceptable, else the message to show. */
export type PromptValidator = (value: string) => true | string | Promise<true | string>;

/**
 * The questions the CLI may ask. Handlers take a `Prompts` so tests replace it with scripted
 * answers; the default implementation is @inquirer/prompts. Every method rejects with AbortedError
 * (exit 130) when the user presses Ctrl-C.
 */
export interface Prompts {
  select<T>(options: {
    message: string;
    choices: readonly PromptChoice<T>[];
    default?: T;
    pageSize?: number;
  }): Promise<T>;
  confirm(options: { message: string; default?: boolean }): Promise<boolean>;
  input(options: { message: string; default?: string; validate?: PromptValidator }): Promise<string>;
  password(options: { message: string; validate?: PromptValidator }): Promise<string>;
}

/** inquirer's Ctrl-C error, matched by name: the class lives in a lazily imported module. */
function isExitPromptError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ExitPromptError';
}

async function asked<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (isExitPromptError(error)) throw new AbortedError('Aborted.', { cause: error });
    throw error;
  }
}

// Loaded on first use: @inquirer/prompts is not needed by non-interactive runs or --help.
const inquirer = () => import('@inquirer/prompts');

/** @inquirer/prompts behind the `Prompts` interface. */
export function createPrompts(): Prompts {
  return {
    select: <T>(options: { message: string; choices: readonly PromptChoice<T>[]; default?: T; pageSize?: number }) =>
      asked(async () =>
        (await inquirer()).select<T>({
          ...options,
          choices: options.choices.map((c) => ({ ...c, name: c.name ?? String(c.value) })),
        }),
      ),
    confirm: (options) => asked(async () => (await inquirer()).confirm(options)),
    input: (options) => asked(async () => (await inquirer()).input(options)),
    password: (options) => asked(async () => (await inquirer()).password({ mask: true, ...options })),
  };
}
