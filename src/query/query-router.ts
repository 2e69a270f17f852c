import type { ConnectionConfig } from '../config/config-schema.js';
import type { Retriever } from '../knowledge/retriever.js';

/** The seed's QueryRouting. */
export interface QueryRouting {
  targets: string[];
  reason: string;
  confidence: number;
  method: 'explicit' | 'conversation' | 'relevance' | 'default' | 'only';
}

export interface RouteInput {
  question: string;
  connections: readonly ConnectionConfig[];
  defaultConnection?: string;
  /** Connection used by the previous answer of the conversation. */
  conversationConnection?: string;
  retriever: Retriever;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Finds "in warehouse, ...", "from the shop database", "using events" and returns the question without it. */
export function explicitMention(question: string, connections: readonly ConnectionConfig[]): { id: string; question: string } | undefined {
  for (const c of connections) {
    const names = [...new Set([c.id, c.name ?? c.id, c.id.replace(/_/g, ' ')])].map(escape).join('|');
    const pattern = new RegExp(`\\b(?:in|on|from|using|within|against|for)\\s+(?:the\\s+)?(?:${names})(?:\\s+(?:database|db|warehouse|connection))?\\b[,:]?\\s*`, 'i');
    const m = pattern.exec(question);
    if (m) return { id: c.id, question: `${question.slice(0, m.index)}${question.slice(m.index + m[0].length)}`.replace(/\s+/g, ' ').replace(/^[,\s]+|[,\s]+$/g, '').trim() };
  }
  return undefined;
}

/**
 * The seed's QueryRouter.route_query: explicit mention → conversation context → DataPoint relevance
 * across all databases → the default database. Confidence is 1 for explicit mentions and the share
 * of the best connection's retrieval score otherwise.
 */
export async function routeQuestion(input: RouteInput): Promise<{ routing: QueryRouting; question: string }> {
  const { connections } = input;
  if (connections.length === 1) return { routing: { targets: [connections[0]!.id], reason: 'the only configured database', confidence: 1, method: 'only' }, question: input.question };
  const explicit = explicitMention(input.question, connections);
  if (explicit) return { routing: { targets: [explicit.id], reason: `the question names "${explicit.id}"`, confidence: 1, method: 'explicit' }, question: explicit.question };

  const retrieval = await input.retriever.retrieve(input.question, { k: 20 });
  const byConnection = new Map<string, number>();
  for (const d of retrieval.datapoints) byConnection.set(d.connection, (byConnection.get(d.connection) ?? 0) + d.score);
  const ranked = [...byConnection.entries()].sort((a, b) => b[1] - a[1]);
  const total = ranked.reduce((n, [, s]) => n + s, 0);
  const best = ranked[0];
  const share = best && total > 0 ? best[1] / total : 0;
  if (input.conversationConnection && (!best || best[0] === input.conversationConnection || share < 0.6)) {
    return { routing: { targets: [input.conversationConnection], reason: 'the conversation was about this database', confidence: Math.max(0.6, best?.[0] === input.conversationConnection ? share : 0.6), method: 'conversation' }, question: input.question };
  }
  if (best && share >= 0.5) {
    return { routing: { targets: [best[0]], reason: `its DataPoints match the question best (${Math.round(share * 100)}% of the relevance)`, confidence: Number(share.toFixed(3)), method: 'relevance' }, question: input.question };
  }
  const fallback = input.defaultConnection ?? connections[0]!.id;
  return { routing: { targets: [fallback], reason: 'the default database (no database stood out)', confidence: Number(Math.max(share, 0.3).toFixed(3)), method: 'default' }, question: input.question };
}
