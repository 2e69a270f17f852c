import type { z } from 'zod';

/** How a field is asked. */
export type FieldKind = 'text' | 'number' | 'boolean' | 'choice' | 'list';

/** One field of a connection form, derived from a config schema field. */
export interface FieldPrompt {
  key: string;
  label: string;
  description: string | undefined;
  /** Asked masked; stored in the encrypted secret store, never in .datachat.yml. */
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

/** The fields of an engine's config schema, in the schema's field order. */
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
