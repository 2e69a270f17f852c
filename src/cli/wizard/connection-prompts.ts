import { type FieldKind, type FieldPrompt, fieldPrompts } from '../../connectors/engine-forms.js';
import type { EngineType } from '../../connectors/engine-type.js';
import { engineDescriptor } from '../../connectors/registry.js';
import type { Prompts } from '../../terminal/prompts.js';

// The form fields come from the connectors' config schemas (the web UI's add-database form uses them too).
export { fieldPrompts, type FieldKind, type FieldPrompt };

/** The raw value of one typed answer ('' = not set), as the schema expects it. */
export function answerValue(prompt: FieldPrompt, text: string): unknown {
  const trimmed = prompt.secret ? text : text.trim();
  if (trimmed === '') return undefined;
  if (prompt.kind === 'list')
    return trimmed
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return trimmed;
}

/** Checks one answer against the field schema: true, or the message to show under the prompt. */
export function validateAnswer(prompt: FieldPrompt, text: string): true | string {
  const value = answerValue(prompt, text);
  if (value === undefined) return true;
  const result = prompt.schema.safeParse(value);
  return result.success ? true : (result.error.issues[0]?.message ?? 'invalid value');
}

/** Answers of one connection form: values as parsed by the schema, and which keys are secret. */
export interface ConnectionFieldAnswers {
  /** Only the fields the user set (schema defaults are left to the schema). */
  fields: Record<string, unknown>;
  secretKeys: string[];
}

const UNSET = '\u0000unset';

/**
 * Asks every field of `engine`'s config schema (from its descriptor): text and numbers with `input`, secrets with a masked
 * `password`, enums with `select`, booleans with `confirm`. Empty answers leave the field unset (the
 * connector's default applies). `previous` pre-fills an edit; a secret left empty keeps its old value.
 */
export async function askConnectionFields(
  prompts: Prompts,
  engine: EngineType,
  previous: Record<string, unknown> = {},
  dim: (s: string) => string = (s) => s,
): Promise<ConnectionFieldAnswers> {
  const schema = engineDescriptor(engine).configSchema;
  const raw: Record<string, unknown> = {};
  const secretKeys: string[] = [];
  for (const prompt of fieldPrompts(schema)) {
    const hint = prompt.description ? ` ${dim(`(${prompt.description})`)}` : '';
    const old = previous[prompt.key];
    if (prompt.secret) {
      const keep = old !== undefined ? ' — leave empty to keep the current one' : ' — leave empty for none';
      const text = await prompts.password({
        message: `${prompt.label}${hint}${dim(keep)}:`,
        validate: (v) => validateAnswer(prompt, v),
      });
      const value = answerValue(prompt, text);
      if (value !== undefined) raw[prompt.key] = value;
      else if (old !== undefined) raw[prompt.key] = old;
      if (raw[prompt.key] !== undefined) secretKeys.push(prompt.key);
      continue;
    }
    if (prompt.kind === 'boolean') {
      const answer = await prompts.confirm({ message: `${prompt.label}${hint}?`, default: old === true });
      if (answer || old !== undefined) raw[prompt.key] = answer;
      continue;
    }
    if (prompt.kind === 'choice') {
      const choice = await prompts.select<string>({
        message: `${prompt.label}${hint}:`,
        choices: [{ value: UNSET, name: '(default)' }, ...prompt.choices.map((c) => ({ value: c, name: c }))],
        default: typeof old === 'string' ? old : UNSET,
      });
      if (choice !== UNSET) raw[prompt.key] = choice;
      continue;
    }
    const shown = Array.isArray(old)
      ? old.join(',')
      : old !== undefined
        ? String(old)
        : prompt.schemaDefault !== undefined
          ? String(prompt.schemaDefault)
          : undefined;
    const text = await prompts.input({
      message: `${prompt.label}${hint}:`,
      ...(shown !== undefined ? { default: shown } : {}),
      validate: (v) => validateAnswer(prompt, v),
    });
    const value = answerValue(prompt, text);
    // Leaving the schema's default as it was stores nothing: the schema applies it anyway.
    if (
      value !== undefined &&
      !(prompt.schemaDefault !== undefined && old === undefined && String(value) === String(prompt.schemaDefault))
    )
      raw[prompt.key] = value;
  }
  const parsed = schema.safeParse(raw);
  const data = (parsed.success ? parsed.data : raw) as Record<string, unknown>;
  const fields = Object.fromEntries(Object.keys(raw).map((k) => [k, data[k]]));
  return { fields, secretKeys };
}

/** A connection name suggested from the answers: the database (or dataset, or file) name, else the engine. */
export function suggestedName(engine: EngineType, fields: Record<string, unknown>): string {
  const candidate = [
    fields.database,
    fields.dataset,
    fields.projectId,
    typeof fields.path === 'string' ? fields.path.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') : undefined,
  ].find((v): v is string => typeof v === 'string' && v.trim() !== '');
  return candidate ?? engine;
}
