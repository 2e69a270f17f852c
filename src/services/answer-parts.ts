import type { Answer } from '../query/answer.js';
import type { QueryRouting } from '../query/query-router.js';

/** One database's answer before cross-database merging. */
export type Part = Omit<Answer, 'parts' | 'conversation_id' | 'routing'>;

export function zeroMetrics(): Part['metrics'] {
  return { latency_ms: 0, llm_calls: 0, prompt_tokens: 0, completion_tokens: 0 };
}

/** A conversation as (question, SQL of its answer) pairs, the history the planners see. */
export function pairs(
  history: { role: string; content: string; sql: string | null }[],
): { question: string; sql?: string }[] {
  const out: { question: string; sql?: string }[] = [];
  for (let i = 0; i < history.length; i++) {
    if (history[i]!.role !== 'user') continue;
    const reply = history[i + 1]?.role === 'assistant' ? history[i + 1] : undefined;
    out.push({ question: history[i]!.content, ...(reply?.sql ? { sql: reply.sql } : {}) });
  }
  return out;
}

/** The execute_cross_database merge (docs/rest-api.md): rows of every database, tagged with a `database` column. */
export function mergeParts(
  parts: Part[],
  routing: QueryRouting,
  metrics: Answer['metrics'],
  conversationId: string,
  failures: Answer['failures'] = [],
): Answer {
  const columns = ['database', ...new Set(parts.flatMap((p) => p.columns))];
  const data = parts.flatMap((p) => p.data.map((row) => ({ database: p.database_used, ...row })));
  return {
    answer: [
      ...parts.map((p) => `${p.database_used}: ${p.answer}`),
      ...(failures ?? []).map((f) => `${f.database}: not answered (${f.message})`),
    ].join('\n'),
    sql: null,
    columns,
    data,
    database_used: parts.map((p) => p.database_used).join(','),
    method: parts[0]!.method,
    sources: [...new Set(parts.flatMap((p) => p.sources))],
    routing,
    metrics,
    conversation_id: conversationId,
    truncated: parts.some((p) => p.truncated),
    parts,
    ...(failures?.length ? { failures } : {}),
  };
}
