import type { CommandContext } from '../cli/command-context.js';
import { UsageError } from '../errors.js';

interface QueryCommandOptions {
  db?: string;
  dryRun: boolean;
  format?: 'table' | 'json' | 'csv';
}

/** Runs user SQL through the same guard and read-only executor as `ask`. */
export async function run(context: CommandContext, sql: string, options: QueryCommandOptions): Promise<void> {
  if (!sql?.trim()) throw new UsageError('Give the SQL to run, e.g. datachat query "SELECT count(*) FROM orders".');
  const project = await context.project();
  const connection = project.connection(options.db);
  const connector = await project.connector(connection.id);
  const { assertSafeSql } = await import('../query/sql-guard.js');
  const safe = assertSafeSql(sql, connector.engine, { parserDatabase: connector.dialect.parserDatabase });
  const format = context.globals.json ? 'json' : (options.format ?? 'table');
  if (options.dryRun) {
    if (format === 'json') return context.output.printJson({ ok: true, sql: safe.sql, tables: safe.tables, database_used: connection.id });
    context.output.success(`Accepted by the guard (read-only, one statement; tables: ${safe.tables.join(', ') || 'none'}).`);
    return;
  }
  const { executeGuarded } = await import('../query/guarded-executor.js');
  const { abortOnSigint } = await import('./abort-on-sigint.js');
  const result = await abortOnSigint((signal) =>
    executeGuarded(connector, sql, { maxRows: project.config.defaults.max_rows, timeoutMs: project.config.defaults.timeout_ms, signal }),
  );
  const columns = result.columns.map((c) => c.name);
  if (format === 'json') return context.output.printJson({ sql: result.sql, columns, data: result.rows, row_count: result.rowCount, truncated: result.truncated, database_used: connection.id, elapsed_ms: Math.round(result.elapsedMs) });
  if (format === 'csv') return context.output.csv(result.rows, columns);
  context.output.table(result.rows, columns);
  context.output.info(context.output.color.dim(`${result.rowCount} rows${result.truncated ? ' (row cap reached)' : ''} · ${Math.round(result.elapsedMs)} ms · ${connection.id}`));
}
