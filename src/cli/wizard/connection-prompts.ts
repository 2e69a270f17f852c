import type { z } from 'zod';
import { bigqueryConfigSchema } from '../../connectors/bigquery/bigquery-config.js';
import { clickhouseConfigSchema } from '../../connectors/clickhouse/clickhouse-config.js';
import type { EngineType } from '../../connectors/engine-type.js';
import { mysqlConfigSchema } from '../../connectors/mysql/mysql-config.js';
import { postgresqlConfigSchema } from '../../connectors/postgresql/postgresql-config.js';
import { snowflakeConfigSchema } from '../../connectors/snowflake/snowflake-config.js';
import { sqliteConfigSchema } from '../../connectors/sqlite/sqlite-config.js';
import type { Prompts } from '../../terminal/prompts.js';

/** Each engine's connection config schema: its fields and `.meta()` are the wizard's questions. */
export const ENGINE_CONFIG_SCHEMAS: Record<EngineType, z.ZodObject> = {
  sqlite: sqliteConfigSchema,
  postgresql: postgresqlConfigSchema,
  mysql: mysqlConfigSchema,
  clickhouse: clickhouseConfigSchema,
  bigquery: bigqueryConfigSchema,
  snowflake: snowflakeConfigSchema,
};

export const ENGINE_LABELS: Record<EngineType, string> = {
  sqlite: 'SQLite file',
  postgresql: 'PostgreSQL',
  mysql: 'MySQL / MariaDB',
  clickhouse: 'ClickHouse',
  bigquery: 'BigQuery',
  snowflake: 'Snowflake',
};

/** How a field is asked. */
export type FieldKind = 'text' | 'number' | 'boolean' | 'choice' | 'list';

/** One question derived from a config schema field. */
export interface FieldPrompt {
  key: string;
  label: string;
  description: string | undefined;
  /** Asked with a masked prompt; stored in the encrypted secret store, never in .datachat.yml. */
  secret: boolean;
  kind: FieldKind;
  /** The allowed values of a `choice` field. */
  choices: string[];
  /** The schema's own default (applies when the answer is left empty). */
  schemaDefault: unknown;
  /** The field's schema, to validate one answer. */
  schema: z.ZodType;
}

interface FieldMeta {
  label?: string;
  description?: string;
  secret?: boolean;
}

/** The field's type under optional/default/nullable wrappers, and the default if any. */
function unwrap(schema: z.ZodType): { inner: z.ZodType; schemaDefault: unknown } {
  let inner = schema;
  let schemaDefault: unknown;
  for (;;) {
    const def = inner._zod.def as { type: string; innerType?: z.ZodType; defaultValue?: unknown };
    if (
      (def.type === 'optional' || def.type === 'nullable' || def.type === 'default' || def.type === 'prefault') &&
      def.innerType
    ) {
      if (def.type === 'default') schemaDefault = def.defaultValue;
      inner = def.innerType;
      continue;
    }
    return { inner, schemaDefault };
  }
}

function kindOf(inner: z.ZodType): { kind: FieldKind; choices: string[] } {
  const def = inner._zod.def as { type: string; entries?: Record<string, string>; options?: z.ZodType[] };
  if (def.type === 'boolean') return { kind: 'boolean', choices: [] };
  if (def.type === 'number' || def.type === 'int' || def.type === 'bigint') return { kind: 'number', choices: [] };
  if (def.type === 'enum' && def.entries) return { kind: 'choice', choices: Object.values(def.entries) };
  if (def.type === 'array') return { kind: 'list', choices: [] };
  // A union that accepts an array (e.g. `schemas`) is typed as a comma-separated list.
  if (def.type === 'union' && def.options?.some((o) => (o._zod.def as { type: string }).type === 'array'))
    return { kind: 'list', choices: [] };
  return { kind: 'text', choices: [] };
}

/** The questions for an engine's config schema, in the schema's field order. */
export function fieldPrompts(schema: z.ZodObject): FieldPrompt[] {
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([key, field]) => {
    const meta = (field.meta() ?? {}) as FieldMeta;
    const { inner, schemaDefault } = unwrap(field);
    return {
      key,
      label: meta.label ?? key,
      description: meta.description,
      secret: Boolean(meta.secret),
      ...kindOf(inner),
      schemaDefault,
      schema: field,
    };
  });
}

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
 * Asks every field of `engine`'s config schema: text and numbers with `input`, secrets with a masked
 * `password`, enums with `select`, booleans with `confirm`. Empty answers leave the field unset (the
 * connector's default applies). `previous` pre-fills an edit; a secret left empty keeps its old value.
 */
export async function askConnectionFields(
  prompts: Prompts,
  engine: EngineType,
  previous: Record<string, unknown> = {},
  dim: (s: string) => string = (s) => s,
): Promise<ConnectionFieldAnswers> {
  const schema = ENGINE_CONFIG_SCHEMAS[engine];
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
