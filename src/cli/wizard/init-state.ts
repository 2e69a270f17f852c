import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../util/atomic-write.js';

/** The wizard's steps, in order (the initialization of docs/rest-api.md, plus the first question). */
export const WIZARD_STEPS = ['databases', 'introspect', 'profile', 'generate', 'review', 'sync', 'ask'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

export const STEP_LABELS: Record<WizardStep, string> = {
  databases: 'add databases',
  introspect: 'read the schemas',
  profile: 'profile the tables',
  generate: 'generate DataPoints',
  review: 'review DataPoints',
  sync: 'sync the knowledge index',
  ask: 'ask a first question',
};

const stateSchema = z.object({
  version: z.literal(1),
  started_at: z.string(),
  updated_at: z.string(),
  /** Steps finished, in order. */
  completed: z.array(z.enum(WIZARD_STEPS)).default([]),
  /** Connections whose test passed in this run (a resumed run does not test them again). */
  tested: z.array(z.string()).default([]),
  /** Connections profiled / generated in this run: a step stopped half-way resumes with the rest. */
  profiled: z.array(z.string()).default([]),
  generated: z.array(z.string()).default([]),
  /** How DataPoints are generated, once asked. */
  generate_mode: z.enum(['llm', 'offline']).optional(),
  finished: z.boolean().default(false),
});

/** What `.datachat/init-state.json` holds: the wizard's progress, so Ctrl-C and a re-run resume. */
export type InitState = z.infer<typeof stateSchema>;

export function initStateFile(stateDir: string): string {
  return join(stateDir, 'init-state.json');
}

export function newInitState(now = new Date()): InitState {
  const at = now.toISOString();
  return {
    version: 1,
    started_at: at,
    updated_at: at,
    completed: [],
    tested: [],
    profiled: [],
    generated: [],
    finished: false,
  };
}

/** The saved state, or undefined when there is none or it is unreadable (then the wizard starts afresh). */
export function readInitState(file: string): InitState | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const parsed = stateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Atomic: a Ctrl-C while writing leaves the previous state, never half a file. */
export function writeInitState(file: string, state: InitState, now = new Date()): void {
  state.updated_at = now.toISOString();
  writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`);
}

/** The first step not completed yet (undefined when all are). */
export function nextStep(state: InitState): WizardStep | undefined {
  return WIZARD_STEPS.find((s) => !state.completed.includes(s));
}

export function markCompleted(state: InitState, step: WizardStep): void {
  if (!state.completed.includes(step)) state.completed.push(step);
}

/** Forgets per-connection progress of a connection removed or edited in the wizard. */
export function forgetConnection(state: InitState, id: string): void {
  state.tested = state.tested.filter((c) => c !== id);
  state.profiled = state.profiled.filter((c) => c !== id);
  state.generated = state.generated.filter((c) => c !== id);
}
