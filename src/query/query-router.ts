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
 * across all databases (Retriever.rankConnections) → the default database. Confidence is 1 for
 * explicit mentions, else best ÷ (best + runner-up) of the connection scores.
 */
export async function routeQuestion(input: RouteInput): Promise<{ routing: QueryRouting; question: string }> {
  const { connections } = input;
  if (connections.length === 1) return { routing: { targets: [connections[0]!.id], reason: 'the only configured database', confidence: 1, method: 'only' }, question: input.question };
  const explicit = explicitMention(input.question, connections);
  if (explicit) return { routing: { targets: [explicit.id], reason: `the question names "${explicit.id}"`, confidence: 1, method: 'explicit' }, question: explicit.question };

  const ranked = await input.retriever.rankConnections(input.question, connections.map((c) => c.id));
  const best = ranked[0];
  const runnerUp = ranked[1]?.score ?? 0;
  const confidence = best && best.score > 0 ? Number((best.score / (best.score + runnerUp)).toFixed(3)) : 0;
  if (input.conversationConnection && (!best || best.connection === input.conversationConnection || confidence < 0.6)) {
    return { routing: { targets: [input.conversationConnection], reason: 'the conversation was about this database', confidence: Math.max(0.6, best?.connection === input.conversationConnection ? confidence : 0.6), method: 'conversation' }, question: input.question };
  }
  if (best && best.score > 0) {
    return { routing: { targets: [best.connection], reason: `its DataPoints match the question best (score ${best.score.toFixed(2)} vs ${runnerUp.toFixed(2)})`, confidence, method: 'relevance' }, question: input.question };
  }
  const fallback = input.defaultConnection ?? connections[0]!.id;
  return { routing: { targets: [fallback], reason: 'the default database (no database stood out)', confidence: 0.3, method: 'default' }, question: input.question };
}
