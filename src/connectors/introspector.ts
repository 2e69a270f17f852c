import type { IntrospectOptions, SchemaMetadata } from './schema-metadata.js';

/** One catalog row, keyed by column name. */
export type CatalogRow = Record<string, unknown>;

/**
 * Runs one trusted catalog statement (built by datachat, never from content) with values bound to the
 * dialect's placeholders, in the connector's read-only session, and returns every row as an object.
 */
export type CatalogQuery = (sql: string, params?: readonly unknown[]) => Promise<CatalogRow[]>;

/**
 * Reads an engine's catalog (tables, views, columns, keys, indexes, row estimates) through `query`.
 * `context` is what the engine needs besides the options (default schemas, database, server flavour).
 */
export type Introspector<Context> = (
  query: CatalogQuery,
  options: IntrospectOptions,
  context: Context,
) => Promise<SchemaMetadata>;

/** `query` with rows typed as `R`, for an introspector that knows the columns its SQL selects. */
export function typedQuery(query: CatalogQuery): <R>(sql: string, params?: readonly unknown[]) => Promise<R[]> {
  return async <R>(sql: string, params?: readonly unknown[]) => (await query(sql, params)) as unknown as R[];
}
