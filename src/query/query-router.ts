import type { ConnectionConfig } from '../config/config-schema.js';
import type { DataPoint } from '../datapoints/datapoint-model.js';
import { UsageError } from '../errors.js';
import type { Retriever } from '../knowledge/retriever.js';
import { FILLER, phraseStems, questionWords } from './question-words.js';

/** QueryRouting (docs/rest-api.md). */
export interface QueryRouting {
  targets: string[];
  reason: string;
  confidence: number;
  method: 'explicit' | 'conversation' | 'relevance' | 'default' | 'only';
  /** Question terms the chosen database knows minus those of the runner-up (0: a tie the default broke). */
  margin?: number;
}

export interface RouteInput {
  question: string;
  connections: readonly ConnectionConfig[];
  /** The connection marked default; without one an uncertain route declines. */
  defaultConnection?: string;
  /** Connection used by the previous answer of the conversation. */
  conversationConnection?: string;
  /** Stems each connection's DataPoints name (see vocabularyOf). */
  vocabularies: ReadonlyMap<string, ReadonlySet<string>>;
  retriever: Retriever;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Finds "in warehouse, ...", "from the shop database", "using events" and returns the question without it. */
export function explicitMention(
  question: string,
  connections: readonly ConnectionConfig[],
): { id: string; question: string } | undefined {
  for (const c of connections) {
    const names = [...new Set([c.id, c.name ?? c.id, c.id.replace(/_/g, ' ')])].map(escapeRegExp).join('|');
    const pattern = new RegExp(
      `\\b(?:in|on|from|using|within|against|for)\\s+(?:the\\s+)?(?:${names})(?:\\s+(?:database|db|warehouse|connection))?\\b[,:]?\\s*`,
      'i',
    );
    const m = pattern.exec(question);
    if (m)
      return {
        id: c.id,
        question: `${question.slice(0, m.index)}${question.slice(m.index + m[0].length)}`
          .replace(/\s+/g, ' ')
          .replace(/^[,\s]+|[,\s]+$/g, '')
          .trim(),
      };
  }
  return undefined;
}

/** Stems of what a connection's DataPoints name: tables, columns, metrics and their synonyms, templates. */
export function vocabularyOf(dataPoints: readonly DataPoint[]): Set<string> {
  const out = new Set<string>();
  const add = (text: string) => phraseStems(text).forEach((s) => void out.add(s));
  for (const d of dataPoints) {
    add(d.name);
    if (d.type === 'Schema') {
      add(d.table);
      d.columns.forEach((c) => void add(c.name));
    } else if (d.type === 'Business') {
      add(d.table);
      d.synonyms.forEach(add);
    }
  }
  return out;
}

const terms = (stems: Iterable<string>) => [...stems].map((s) => `"${s}"`).join(', ');

/**
 * Which database answers: explicit mention → conversation → the default database, unless the question
 * names something (a table, column, metric or value) only another database has. Relevance scores
 * never overrule the default on their own: near-ties went to the wrong database. Without a default,
 * an uncertain route declines and lists the candidates.
 */
export async function routeQuestion(input: RouteInput): Promise<{ routing: QueryRouting; question: string }> {
  const { connections, question } = input;
  const routed = (routing: QueryRouting) => ({ routing, question });
  if (connections.length === 1) {
    return routed({
      targets: [connections[0]!.id],
      reason: 'the only configured database',
      confidence: 1,
      method: 'only',
    });
  }
  const explicit = explicitMention(question, connections);
  if (explicit) {
    const routing: QueryRouting = {
      targets: [explicit.id],
      reason: `the question names "${explicit.id}"`,
      confidence: 1,
      method: 'explicit',
    };
    return { routing, question: explicit.question };
  }

  const words = questionWords(question).filter((w) => !FILLER.has(w.text) && !/^\d+$/.test(w.text));
  const content = new Set(words.map((w) => w.stem));
  const covered = new Map(
    connections.map((c) => [c.id, new Set([...content].filter((s) => input.vocabularies.get(c.id)?.has(s)))]),
  );
  // A literal value held by a database's columns ("Germany", "volvo") is named by the question too.
  const values = (await input.retriever.retrieve(question, { k: 1 })).values;
  for (const hit of values)
    phraseStems(hit.value)
      .filter((s) => content.has(s))
      .forEach((s) => void covered.get(hit.connection)?.add(s));
  const only = (id: string) =>
    new Set([...covered.get(id)!].filter((s) => connections.every((c) => c.id === id || !covered.get(c.id)!.has(s))));
  const ranked = connections
    .map((c) => ({ id: c.id, unique: only(c.id), covered: covered.get(c.id)!.size }))
    .sort((a, b) => b.unique.size - a.unique.size || b.covered - a.covered);
  const [best, second] = [ranked[0]!, ranked[1]!];
  const confidence = (chosen: { unique: Set<string> }) =>
    Number((0.5 + (0.5 * chosen.unique.size) / Math.max(1, content.size)).toFixed(3));
  const relevance = (chosen: (typeof ranked)[number], margin: number, over: string) =>
    routed({
      targets: [chosen.id],
      reason: `only ${chosen.id} knows ${terms(chosen.unique)} (margin ${margin}${over})`,
      confidence: confidence(chosen),
      method: 'relevance',
      margin,
    });

  const anchor = input.conversationConnection ?? input.defaultConnection;
  if (anchor && covered.has(anchor)) {
    const anchored = ranked.find((r) => r.id === anchor)!;
    const rivals = ranked.filter((r) => r.id !== anchor && r.unique.size > 0);
    // The anchor keeps the question unless another database alone knows its terms and the anchor knows none alone.
    if (rivals.length === 0 || anchored.unique.size > 0) {
      const conversation = Boolean(input.conversationConnection);
      const why = conversation ? 'the conversation was about this database' : 'the default database';
      const rivalText = rivals.length
        ? `; ${rivals.map((r) => `${r.id} alone knows ${terms(r.unique)}`).join('; ')}`
        : '; no other database alone knows a term of the question';
      const margin = anchored.unique.size - (rivals[0]?.unique.size ?? 0);
      return routed({
        targets: [anchor],
        reason: `${why}${rivalText} (margin ${margin})`,
        confidence: confidence(anchored),
        method: conversation ? 'conversation' : 'default',
        margin,
      });
    }
    if (rivals.length === 1 || rivals[0]!.unique.size > rivals[1]!.unique.size) {
      return relevance(rivals[0]!, rivals[0]!.unique.size - (rivals[1]?.unique.size ?? 0), ` over ${anchor}`);
    }
  } else if (best.unique.size > 0 && best.unique.size > second.unique.size) {
    return relevance(best, best.unique.size - second.unique.size, '');
  }
  const named = ranked.filter((r) => r.covered > 0).map((r) => r.id);
  const candidates = named.length ? named : ranked.map((r) => r.id);
  throw new UsageError(`Cannot tell which database this question is about (candidates: ${candidates.join(', ')}).`, {
    hint: 'Name one: `--db <name>`, "in <name>, ...", or mark a default with `datachat db default <name>`.',
    details: { candidates },
  });
}
