import type { Connector } from '../connectors/connector.js';
import type { QueryResult } from '../connectors/connector.js';
import { assertSafeSql } from './sql-guard.js';

export interface GuardedResult extends QueryResult {
  sql: string;
}

/**
 * The only way user or LLM SQL reaches a database: the AST guard first (one read-only statement, no
 * dangerous functions; SqlRejectedError, exit 4), then the connector's read-only session with a
 * timeout and a row cap (the second wall).
 */
export async function executeGuarded(connector: Connector, sql: string, options: { maxRows: number; timeoutMs: number; params?: readonly unknown[]; signal?: AbortSignal }): Promise<GuardedResult> {
  const safe = assertSafeSql(sql, connector.engine, { parserDatabase: connector.dialect.parserDatabase });
  const result = await connector.execute(safe.sql, options);
  return { ...result, sql: safe.sql };
}
