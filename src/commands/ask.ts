import type { CommandContext } from '../cli/command-context.js';
import { UsageError } from '../errors.js';

interface AskCommandOptions {
  db?: string;
  crossDatabase: boolean;
  conversation?: string;
  format?: 'table' | 'json' | 'csv';
  sqlOnly: boolean;
}

export async function run(context: CommandContext, question: string, options: AskCommandOptions): Promise<void> {
  if (!question?.trim()) throw new UsageError('Ask a question, e.g. datachat ask "revenue by month in 2024".');
  const project = await context.project();
  const { AskService } = await import('../services/ask-service.js');
  const answer = await new AskService(project).ask({ question, db: options.db, crossDatabase: options.crossDatabase, conversationId: options.conversation, sqlOnly: options.sqlOnly });
  const format = context.globals.json ? 'json' : (options.format ?? 'table');
  const { output } = context;
  if (options.sqlOnly) {
    if (format === 'json') return output.printJson({ sql: answer.sql, method: answer.method, database_used: answer.database_used, routing: answer.routing });
    output.line(answer.sql ?? '-- (answered from the catalog, no SQL)');
    return;
  }
  if (format === 'json') return output.printJson(answer);
  if (format === 'csv') return output.csv(answer.data, answer.columns);
  if (answer.data.length) output.table(answer.data, answer.columns);
  output.line(answer.answer);
  if (answer.truncated) output.warn(`Only the first ${answer.data.length} rows are shown (row cap).`);
  output.info(output.color.dim(`${answer.method} · ${answer.database_used} (${answer.routing.reason}) · ${answer.metrics.latency_ms} ms${answer.metrics.llm_calls ? ` · ${answer.metrics.llm_calls} LLM calls, ${answer.metrics.prompt_tokens}+${answer.metrics.completion_tokens} tokens` : ''} · conversation ${answer.conversation_id}`));
  if (answer.sql && context.globals.verbose) output.info(output.color.dim(answer.sql));
}
