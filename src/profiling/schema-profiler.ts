import type { Connector } from '../connectors/connector.js';
import { matchesTableFilter, type TableInfo } from '../connectors/schema-metadata.js';
import type { DatabaseProfile, ProfilingInsights, TableFailure, TableProfile } from './profile-model.js';
import { discoverRelationships, mapLimit } from './relationship-discovery.js';
import { profileTable } from './table-profiler.js';

export interface ProfileOptions {
  connectionId: string;
  /** Only these tables (`name` or `schema.name`). */
  tables?: string[];
  /** Rows per sample; 0/undefined = by table size (all < 10K, 1K up to 1M, 10K above; docs/datapoint-model.md#profiles). */
  sampleSize?: number;
  /** Tables profiled at once. Default 4. */
  concurrency?: number;
  /** Per-query timeout in ms. Default 60 000. */
  queryTimeoutMs?: number;
  /** Whole-run budget in ms; tables not started by then are skipped. Default 30 minutes. */
  totalTimeoutMs?: number;
  onProgress?(event: { done: number; total: number; table: string; ok: boolean }): void;
}

/**
 * The schema profiler: introspection, per-table statistics (≤ 3 queries each, concurrently with
 * a bounded pool), relationship discovery and insights. One failing table never fails the run: it is
 * reported in `failures` and the rest is profiled.
 */
export async function profileDatabase(connector: Connector, options: ProfileOptions): Promise<DatabaseProfile> {
  const started = performance.now();
  const deadline = Date.now() + (options.totalTimeoutMs ?? 30 * 60_000);
  const queryTimeoutMs = options.queryTimeoutMs ?? 60_000;
  const metadata = await connector.introspect(options.tables?.length ? { tables: options.tables } : {});
  const tables = metadata.tables.filter((t) => matchesTableFilter(t, options.tables));
  const profiles = new Map<string, TableProfile>();
  const failures: TableFailure[] = [];
  const skipped: string[] = [];
  let done = 0;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), Math.max(0, deadline - Date.now()));
  try {
    await mapLimit(tables, options.concurrency ?? 4, async (table: TableInfo) => {
      if (abort.signal.aborted) {
        skipped.push(table.name);
        return;
      }
      try {
        profiles.set(
          table.name,
          await profileTable(connector, table, {
            sampleSize: options.sampleSize,
            timeoutMs: queryTimeoutMs,
            signal: abort.signal,
          }),
        );
        options.onProgress?.({ done: ++done, total: tables.length, table: table.name, ok: true });
      } catch (error) {
        if (abort.signal.aborted) skipped.push(table.name);
        else failures.push({ table: table.name, error: (error as Error).message });
        options.onProgress?.({ done: ++done, total: tables.length, table: table.name, ok: false });
      }
    });
  } finally {
    clearTimeout(timer);
  }
  const relationships = await discoverRelationships(connector, tables, profiles, {
    timeoutMs: queryTimeoutMs,
    concurrency: options.concurrency ?? 4,
  });
  const ordered = tables.map((t) => profiles.get(t.name)).filter((p): p is TableProfile => p !== undefined);
  const queries = ordered.reduce((n, t) => n + t.queries, 0);
  return {
    connection_id: options.connectionId,
    engine: connector.engine,
    profiled_at: new Date().toISOString(),
    table_count: ordered.length,
    total_rows: ordered.reduce((n, t) => n + t.row_count, 0),
    tables: ordered,
    relationships,
    insights: insightsOf(ordered, tables, relationships.filter((r) => r.kind !== 'foreign_key').length),
    summary: {
      profiled: ordered.length,
      failed: failures.length,
      skipped: skipped.length,
      queries,
      elapsed_ms: Math.round(performance.now() - started),
    },
    failures,
    skipped,
  };
}

function insightsOf(profiles: TableProfile[], tables: readonly TableInfo[], undeclared: number): ProfilingInsights {
  const junction = tables.filter((t) => {
    const fkColumns = new Set(t.foreignKeys.flatMap((fk) => fk.columns));
    return t.foreignKeys.length >= 2 && t.primaryKey.length >= 2 && t.primaryKey.every((c) => fkColumns.has(c));
  });
  return {
    largest_tables: [...profiles]
      .sort((a, b) => b.row_count - a.row_count)
      .slice(0, 5)
      .map((p) => ({ table: p.table_name, rows: p.row_count })),
    empty_tables: profiles.filter((p) => p.row_count === 0).map((p) => p.table_name),
    pii_columns: profiles.flatMap((p) => p.columns.filter((c) => c.pii).map((c) => `${p.table_name}.${c.name}`)),
    junction_tables: junction.map((t) => t.name),
    undeclared_relationships: undeclared,
  };
}
