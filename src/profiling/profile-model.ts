import type { CanonicalType } from '../connectors/canonical-type.js';
import type { ForeignKeyInfo, IndexInfo } from '../connectors/schema-metadata.js';
import type { StatsBasis } from '../datapoints/datapoint-model.js';

/**
 * Where each of a column's statistics comes from (see `statsBasisSchema` and
 * docs/profiling-statistics.md). Written into profiles and Schema DataPoints as, e.g.:
 *
 *     stats_basis: { distinct: estimate:duj1, nulls: sample, min_max: index, avg: sample, top_values: sample }
 */
export type ColumnStatsBasis = Required<StatsBasis>;

/** A scalar as stored in profiles and DataPoints (dates become ISO strings, big numbers strings). */
export type ProfileValue = string | number | boolean | null;

/** A column's profile (docs/datapoint-model.md#profiles), plus canonical type, PII flag and top values. */
export interface ColumnProfile {
  name: string;
  data_type: string;
  canonical_type: CanonicalType;
  is_nullable: boolean;
  /** 0.0 to 1.0, over the rows profiled (all rows or the sample). */
  null_percentage: number;
  /**
   * Distinct non-null values of the whole table: exact, from a key or the catalog, or estimated from the
   * sample; only with `stats_basis.distinct: sample` is it the sample's own count (see stats_basis).
   */
  unique_count: number;
  /** True unless unique_count was counted over every row (or is a key over an exactly counted table). */
  unique_count_approx: boolean;
  /** Provenance of each statistic; absent in profiles written before it existed (read as unknown). */
  stats_basis?: ColumnStatsBasis;
  sample_values: ProfileValue[];
  min_value: ProfileValue;
  max_value: ProfileValue;
  avg_value: number | null;
  patterns: string[];
  pii: boolean;
  /** Most frequent values of low-cardinality columns, most frequent first. */
  top_values: { value: ProfileValue; count: number }[];
}

export type SamplingMethod = 'full' | 'native' | 'bounded';

/** A table's profile (docs/datapoint-model.md#profiles). */
export interface TableProfile {
  table_name: string;
  schema: string;
  row_count: number;
  /** True when row_count was counted, false when it comes from catalog statistics. */
  row_count_exact: boolean;
  column_count: number;
  columns: ColumnProfile[];
  /** First rows of the sample (PII masked). */
  sample_data: Record<string, ProfileValue>[];
  primary_keys: string[];
  foreign_keys: ForeignKeyInfo[];
  indexes: IndexInfo[];
  sampling: { method: SamplingMethod; rows_profiled: number };
  /** Round trips issued for this table's statistics (the budget is 3). */
  queries: number;
  elapsed_ms: number;
}

export type RelationshipKind = 'foreign_key' | 'naming' | 'value_overlap';

/** A discovered or declared link between two tables. */
export interface DiscoveredRelationship {
  from_table: string;
  from_columns: string[];
  to_table: string;
  to_columns: string[];
  cardinality: '1:1' | 'N:1' | 'N:M';
  kind: RelationshipKind;
  confidence: number;
  evidence: {
    declared?: boolean;
    naming?: string;
    /** Share of distinct child values (of a sample) found in the parent key. */
    containment?: number;
    child_values_checked?: number;
  };
}

export interface TableFailure {
  table: string;
  error: string;
}

/** A database's profile, `.datachat/profiles/<connection>.json` (docs/datapoint-model.md#profiles). */
export interface DatabaseProfile {
  connection_id: string;
  engine: string;
  profiled_at: string;
  table_count: number;
  total_rows: number;
  tables: TableProfile[];
  relationships: DiscoveredRelationship[];
  insights: ProfilingInsights;
  summary: { profiled: number; failed: number; skipped: number; queries: number; elapsed_ms: number };
  failures: TableFailure[];
  skipped: string[];
}

export interface ProfilingInsights {
  largest_tables: { table: string; rows: number }[];
  empty_tables: string[];
  pii_columns: string[];
  /** Tables whose columns are mostly foreign keys (many-to-many links). */
  junction_tables: string[];
  undeclared_relationships: number;
}
