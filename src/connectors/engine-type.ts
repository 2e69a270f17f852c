/**
 * The id of every engine datachat speaks, in the order lists show them. `registry.ts` holds one descriptor
 * per id; it does not compile when the two lists differ. (The ids live here, not derived from the registry,
 * so that `connector.ts` → `engine-type.ts` does not close an import cycle through the descriptors.)
 */
export const ENGINE_TYPES = ['sqlite', 'postgresql', 'mysql', 'clickhouse', 'bigquery', 'snowflake'] as const;

export type EngineType = (typeof ENGINE_TYPES)[number];
