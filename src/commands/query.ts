import type { CommandContext } from '../terminal/command-context.js';
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
  const { GuardedExecutor } = await import('../query/guarded-executor.js');
  const executor = new GuardedExecutor(connector, connection.allowed_functions);
  const safe = executor.assertSafe(sql);
  const format = context.globals.json ? 'json' : (options.format ?? 'table');
  if (options.dryRun) {
    if (format === 'json')
      return context.output.printJson({ ok: true, sql: safe.sql, tables: safe.tables, database_used: connection.id });
    context.output.success(
      `Accepted by the guard (read-only, one statement; tables: ${safe.tables.join(', ') || 'none'}).`,
    );
    return;
  }
  const { abortOnSigint } = await import('./abort-on-sigint.js');
  const { max_rows: maxRows, timeout_ms: timeoutMs, max_result_bytes: maxBytes } = project.config.defaults;
  const running = abortOnSigint((signal) => {
    const options = { maxRows, timeoutMs, maxBytes, signal };
    return executor.execute(sql, options);
  });
  const result = await context.output.whileWaiting(`Running on ${connection.id}…`, running);
  const { answerRows } = await import('../query/answer-values.js');
  // Unique keys (`id`, `id_2`) and the same value model as answers: see answer-values.ts.
  const { columns, data } = answerRows(result);
  const truncation = result.truncatedBy ? { truncated_by: result.truncatedBy } : {};
  if (format === 'json') {
    return context.output.printJson({
      sql: result.sql,
      columns,
      data,
      row_count: result.rowCount,
      truncated: result.truncated,
      ...truncation,
      database_used: connection.id,
      elapsed_ms: Math.round(result.elapsedMs),
    });
  }
  if (format === 'csv') return context.output.csv(data, columns);
  context.output.table(data, columns);
  const { capName } = await import('../query/answer.js');
  const cap = result.truncatedBy === 'bytes' ? `${maxBytes} bytes` : maxRows;
  const capped = result.truncated ? ` (capped at ${cap}: ${capName(result.truncatedBy)})` : '';
  const rows = `${result.rowCount} row${result.rowCount === 1 ? '' : 's'}`;
  const summary = `${rows}${capped} · ${Math.round(result.elapsedMs)} ms · ${connection.id}`;
  context.output.info(context.output.color.dim(summary));
}
