import { AbortedError } from '../../src/errors.js';
import type { Prompts } from '../../src/terminal/prompts.js';

/** Marks the point where the scripted user presses Ctrl-C. */
export const CTRL_C = Symbol('Ctrl-C');

/** One scripted answer: the question it expects (a pattern over the message) and what is answered. */
export interface ScriptedAnswer {
  ask: RegExp;
  /** The value returned; `undefined` takes the prompt's default (like pressing Enter); CTRL_C aborts. */
  answer?: unknown;
}

/**
 * Prompts that answer from a script, for handler tests of the wizard: each call must match the next
 * entry, else the test fails with the unexpected question. `asked` records every message.
 */
export function scriptedPrompts(script: ScriptedAnswer[]): Prompts & { asked: string[]; remaining(): number } {
  const queue = [...script];
  const asked: string[] = [];
  const next = async (
    message: string,
    fallback: unknown,
    validate?: (v: string) => true | string | Promise<true | string>,
  ): Promise<unknown> => {
    asked.push(message);
    const entry = queue.shift();
    if (!entry) throw new Error(`Unexpected question (script exhausted): ${message}`);
    if (!entry.ask.test(message)) throw new Error(`Expected a question matching ${entry.ask}, got: ${message}`);
    if (entry.answer === CTRL_C) throw new AbortedError('Aborted.');
    const value = entry.answer === undefined ? fallback : entry.answer;
    if (validate && typeof value === 'string') {
      const verdict = await validate(value);
      if (verdict !== true) throw new Error(`Scripted answer "${value}" to "${message}" is invalid: ${verdict}`);
    }
    return value;
  };
  return {
    asked,
    remaining: () => queue.length,
    select: async <T>(o: { message: string; choices: readonly { value: T }[]; default?: T }) => {
      const value = (await next(o.message, o.default ?? o.choices[0]?.value)) as T;
      if (!o.choices.some((c) => c.value === value))
        throw new Error(`"${String(value)}" is not a choice of "${o.message}"`);
      return value;
    },
    confirm: async (o) => (await next(o.message, o.default ?? false)) as boolean,
    input: async (o) => (await next(o.message, o.default ?? '', o.validate)) as string,
    password: async (o) => (await next(o.message, '', o.validate)) as string,
  };
}
