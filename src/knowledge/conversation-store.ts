import { randomUUID } from 'node:crypto';
import type { KnowledgeStore } from './knowledge-store.js';

export interface StoredMessage {
  role: 'user' | 'assistant';
  content: string;
  sql: string | null;
  connection: string | null;
  created_at: string;
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

  messages(conversationId: string, limit = 20): StoredMessage[] {
    const rows = this.store.db
      .prepare('SELECT role, content, sql, connection, created_at FROM messages WHERE conversation_id = ? ORDER BY id DESC LIMIT ?')
      .all(conversationId, limit) as StoredMessage[];
    return rows.reverse();
  }
}
