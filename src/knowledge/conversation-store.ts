import { randomUUID } from 'node:crypto';
import type { KnowledgeStore } from './knowledge-store.js';

export interface StoredMessage {
  role: 'user' | 'assistant';
  content: string;
  sql: string | null;
  connection: string | null;
  created_at: string;
}

/** One conversation as `datachat conversations` lists it. */
export interface ConversationSummary {
  id: string;
  /** The latest question asked in it (null before the first). */
  last_question: string | null;
  /** When it was last used (ISO 8601): its latest message, else its creation. */
  updated_at: string;
  /** Questions asked in it. */
  turns: number;
}

/** Conversations in knowledge.db, so follow-up questions ("and by month?") have context. */
export class ConversationStore {
  constructor(private readonly store: KnowledgeStore) {}

  /** Returns `id` when it exists, else creates it (or a new id when none is given). */
  ensure(id: string | undefined, now: Date): string {
    const conversationId = id ?? `conv_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const insert = this.store.db.prepare(
      'INSERT INTO conversations(id, created_at) VALUES (?, ?) ON CONFLICT(id) DO NOTHING',
    );
    this.store.write(() => insert.run(conversationId, now.toISOString()));
    return conversationId;
  }

  add(conversationId: string, message: Omit<StoredMessage, 'created_at'>, now: Date): void {
    const insert = this.store.db.prepare(
      'INSERT INTO messages(conversation_id, role, content, sql, connection, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const { role, content, sql, connection } = message;
    this.store.write(() => insert.run(conversationId, role, content, sql, connection, now.toISOString()));
  }

  exists(conversationId: string): boolean {
    return this.store.db.prepare('SELECT 1 FROM conversations WHERE id = ?').get(conversationId) !== undefined;
  }

  /** The conversation used last in this project (`ask --continue`), if any. */
  latest(): string | undefined {
    return this.list(1)[0]?.id;
  }

  /** Conversations, most recently used first. */
  list(limit = 20): ConversationSummary[] {
    const sql = `
      SELECT c.id,
        (SELECT content FROM messages m WHERE m.conversation_id = c.id AND m.role = 'user' ORDER BY m.id DESC LIMIT 1) AS last_question,
        COALESCE((SELECT max(created_at) FROM messages m WHERE m.conversation_id = c.id), c.created_at) AS updated_at,
        (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.role = 'user') AS turns,
        (SELECT max(id) FROM messages m WHERE m.conversation_id = c.id) AS last_message
      FROM conversations c
      ORDER BY updated_at DESC, last_message DESC, c.rowid DESC
      LIMIT ?`;
    const rows = this.store.db.prepare(sql).all(limit) as (ConversationSummary & { last_message: number | null })[];
    return rows.map(({ last_message: _, ...summary }) => summary);
  }

  messages(conversationId: string, limit = 20): StoredMessage[] {
    const rows = this.store.db
      .prepare(
        'SELECT role, content, sql, connection, created_at FROM messages WHERE conversation_id = ? ORDER BY id DESC LIMIT ?',
      )
      .all(conversationId, limit) as StoredMessage[];
    return rows.reverse();
  }
}
