import { z } from 'zod';

const grain = z.enum(['day', 'week', 'month', 'quarter', 'year']);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an ISO date YYYY-MM-DD');

/** A column or an entity (a table: grouped by its key plus its label) to group by. */
export const semanticDimensionSchema = z.strictObject({
  table: z.string().min(1),
  /** Omitted: group by the table's entity (key + label). */
  column: z.string().min(1).optional(),
});

/** A filter on one column: several values of one column always form one IN list. */
export const semanticFilterSchema = z.strictObject({
  table: z.string().min(1),
  column: z.string().min(1),
  op: z.enum(['in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'is_true', 'is_false']),
  values: z.array(z.union([z.string(), z.number()])).default([]),
});

/**
 * A condition on how many rows of another table point at each row of the measure's table (through its one
 * trusted N:1 relationship): "customers with more than 5 orders" (gt 5), "customers without orders" (none).
 */
export const semanticRelatedSchema = z.strictObject({
  table: z.string().min(1),
  op: z.enum(['gt', 'gte', 'lt', 'lte', 'none', 'some']),
  /** The number compared with, for gt/gte/lt/lte. */
  count: z.number().int().min(0).optional(),
});

/**
 * The typed semantic query: what a question asks in terms of the semantic model, independent of
 * SQL. The question parser (and, when configured, the LLM) produce it; the renderer compiles it.
 */
export const semanticQuerySchema = z.strictObject({
  /** A Business DataPoint id, or `table.column` with `aggregate` for a measure on a numeric column. */
  measure: z.string().min(1),
  aggregate: z.enum(['SUM', 'AVG', 'MIN', 'MAX', 'COUNT', 'COUNT_DISTINCT']).optional(),
  dimensions: z.array(semanticDimensionSchema).default([]),
  filters: z.array(semanticFilterSchema).default([]),
  related: z.array(semanticRelatedSchema).optional(),
  time: z
    .strictObject({
      /** `table.column`; defaults to the metric's time_column. */
      column: z.string().optional(),
      grain: grain.optional(),
      from: isoDate.optional(),
      to: isoDate.optional(),
      label: z.string().optional(),
    })
    .optional(),
  /** "What share/percentage of orders were cancelled?": the measure's rows matching these filters, as a fraction or percent. */
  share: z
    .strictObject({ filters: z.array(semanticFilterSchema).min(1), scale: z.union([z.literal(1), z.literal(100)]) })
    .optional(),
  /**
   * `row`: the rows a MIN/MAX measure's extreme belongs to ("the longest river": the river whose length is the
   * maximum, ties included), shown by the entity's key and label with the measured value. Default: the value.
   */
  pick: z.enum(['value', 'row']).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});

export type SemanticQuery = z.infer<typeof semanticQuerySchema>;
export type SemanticDimension = z.infer<typeof semanticDimensionSchema>;
export type SemanticFilter = z.infer<typeof semanticFilterSchema>;
export type SemanticRelated = z.infer<typeof semanticRelatedSchema>;
