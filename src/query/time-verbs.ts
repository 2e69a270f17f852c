import type { Word } from './question-words.js';
import { isTemporal } from './column-measures.js';
import { columnStems } from './identifier-stems.js';
import type { SemanticModel } from './semantic-model.js';

/** Verbs that say which date of a row a time phrase is about ("placed in 1997", "shipped last month"). */
const EVENT: Record<string, string[]> = {
  placed: ['order', 'place', 'placed', 'created', 'create'],
  ordered: ['order', 'ordered'],
  shipped: ['ship', 'shipped', 'shipping', 'shipment'],
  delivered: ['deliver', 'delivered', 'delivery'],
  created: ['created', 'create', 'creation'],
  signed: ['signup', 'sign', 'registered', 'registration', 'join', 'joined'],
  registered: ['signup', 'registered', 'registration', 'join', 'joined'],
  joined: ['signup', 'join', 'joined', 'registered'],
  hired: ['hire', 'hired'],
  born: ['birth', 'born', 'dob'],
  paid: ['paid', 'payment', 'pay'],
  issued: ['issue', 'issued', 'invoice'],
  released: ['release', 'released'],
  updated: ['updated', 'update', 'modified'],
  reviewed: ['review', 'reviewed', 'created'],
};
const PARTICLE = new Set(['up', 'on', 'out']);

/**
 * The date column an event verb of the question names on `table`: "signed up" → signup_date. A verb
 * matching no date column, or several, returns a reason (the compiler declines rather than guess).
 */
export function eventTimeColumn(
  words: readonly Word[],
  used: ReadonlySet<number>,
  table: string,
  model: SemanticModel,
): { column: string; indexes: number[] } | { reason: string } | undefined {
  const schema = model.schema(table);
  for (const word of words) {
    const stems = EVENT[word.text];
    if (!stems || used.has(word.index)) continue;
    const dates = (schema?.columns ?? []).filter(
      (c) => isTemporal(c) && columnStems(schema, c.name).some((s) => stems.includes(s)),
    );
    if (dates.length !== 1) {
      return {
        reason: `"${word.text}" ${dates.length ? `could be ${dates.map((c) => `${table}.${c.name}`).join(' or ')}` : `names no date column of ${table}`}.`,
      };
    }
    const next = words[word.index + 1];
    return {
      column: `${schema!.table}.${dates[0]!.name}`,
      indexes: [word.index, ...(next && PARTICLE.has(next.text) ? [next.index] : [])],
    };
  }
  return undefined;
}
