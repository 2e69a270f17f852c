import type { ResultCap } from '../connectors/connector.js';
import type { TimeGrain } from '../connectors/dialect.js';
import { displayValue } from './answer-values.js';
import type { QueryRouting } from './query-router.js';

export type AnswerMethod = 'catalog' | 'metric' | 'template' | 'llm';

/**
 * What `ask` returns (CLI --json, REST chat): docs/architecture.md. `data` holds one object per row under
 * the names in `columns`, which are unique: a name the result repeats (`SELECT o.id, c.id`) gets
 * `_2`, `_3`... on its later occurrences (`id`, `id_2`), so no value is lost.
 */
export interface Answer {
  answer: string;
  sql: string | null;
  columns: string[];
  /** Values as in answer-values.ts: numbers as numbers, time buckets labelled by their grain. */
  data: Record<string, unknown>[];
  /** Columns that are time buckets → their grain (`month` → `2024-03`); absent when none. */
  grains?: Record<string, TimeGrain>;
  database_used: string;
  method: AnswerMethod;
  sources: string[];
  routing: QueryRouting;
  metrics: { latency_ms: number; llm_calls: number; prompt_tokens: number; completion_tokens: number };
  conversation_id: string;
  truncated: boolean;
  /** Which cap truncated the rows: `rows` (defaults.max_rows) or `bytes` (defaults.max_result_bytes). */
  truncated_by?: ResultCap;
  /** Per-database answers of a cross-database question. */
  parts?: Omit<Answer, 'parts' | 'conversation_id' | 'routing' | 'failures'>[];
  /** Databases of a cross-database question that could not answer it (the others still did). */
  failures?: { database: string; error: string; message: string }[];
}

/** A one-line answer: the single value for one-cell results, else a count of rows. */
export function summarize(
  title: string,
  columns: readonly string[],
  data: readonly Record<string, unknown>[],
  truncated: boolean,
): string {
  if (data.length === 1 && columns.length === 1) return `${title}: ${formatValue(data[0]![columns[0]!])}`;
  if (data.length === 0) return `${title}: no rows.`;
  return `${title}: ${displayValue(data.length, 'en-US')}${truncated ? '+' : ''} row${data.length === 1 ? '' : 's'}.`;
}

/** A value in the one-line answer (also sent by the API, hence one fixed locale). */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'no value';
  return displayValue(value, 'en-US');
}

/** How a truncation is explained to people. */
export function capName(cap: ResultCap | undefined): string {
  return cap === 'bytes' ? 'result size cap, defaults.max_result_bytes' : 'row cap, defaults.max_rows';
}
