import type { CommandContext } from '../terminal/command-context.js';
import { formatCell } from '../terminal/output.js';
import { UsageError } from '../errors.js';
import { capName, type Answer } from '../query/answer.js';

export type AnswerFormat = 'table' | 'json' | 'csv' | 'markdown';

interface AskCommandOptions {
  db?: string;
  crossDatabase: boolean;
  conversation?: string;
  /** -c/--continue: follow up the conversation used last in this project. */
  continue?: boolean;
  format?: AnswerFormat;
  sqlOnly: boolean;
  /** False with --no-chart. */
  chart?: boolean;
}

export async function run(context: CommandContext, question: string, options: AskCommandOptions): Promise<void> {
  if (!question?.trim()) throw new UsageError('Ask a question, e.g. datachat ask "revenue by month in 2024".');
  const project = await context.project();
  const { AskService } = await import('../services/ask-service.js');
  const { abortOnSigint } = await import('./abort-on-sigint.js');
  const { db, crossDatabase, sqlOnly } = options;
  const conversationId = await chosenConversation(context, project, options);
  const { output } = context;
  const asking = abortOnSigint((signal) =>
    new AskService(project).ask({ question, db, crossDatabase, conversationId, sqlOnly, signal }),
  );
  const answer = await output.whileWaiting('Answering…', asking);
  if (options.sqlOnly) {
    if (context.globals.json || options.format === 'json')
      return output.printJson({
        sql: answer.sql,
        method: answer.method,
        database_used: answer.database_used,
        routing: answer.routing,
      });
    output.line(answer.sql ?? '-- (answered from the catalog, no SQL)');
    return;
  }
  await renderAnswer(context, answer, { format: options.format, chart: options.chart !== false });
}

/**
 * The conversation to follow up: `--conversation ID` must exist (a typo must not silently start a new
 * one), `--continue` takes the latest, neither starts a new one.
 */
async function chosenConversation(
  context: CommandContext,
  project: Awaited<ReturnType<CommandContext['project']>>,
  options: AskCommandOptions,
): Promise<string | undefined> {
  if (options.conversation !== undefined && options.continue) {
    throw new UsageError('Give either --conversation <id> or --continue, not both.');
  }
  if (options.conversation === undefined && !options.continue) return undefined;
  project.requireProject();
  const { ConversationStore } = await import('../knowledge/conversation-store.js');
  const conversations = new ConversationStore(await project.store());
  if (options.conversation !== undefined) {
    if (conversations.exists(options.conversation)) return options.conversation;
    throw new UsageError(`Unknown conversation "${options.conversation}".`, {
      hint: 'List them with `datachat conversations`, or follow up the latest one with `datachat ask -c "..."`.',
    });
  }
  const latest = conversations.latest();
  if (!latest) context.output.info('No earlier conversation in this project: starting a new one.');
  return latest;
}

export interface RenderAnswerOptions {
  /** An explicit --format: exports only the data (and never draws a chart). */
  format?: AnswerFormat;
  /** Draw a chart under the table when the answer fits one (default true; only on a TTY). */
  chart?: boolean;
}

/** Prints an answer the way `ask` does; the init wizard's first question reuses it. */
export async function renderAnswer(
  context: CommandContext,
  answer: Answer,
  options: RenderAnswerOptions = {},
): Promise<void> {
  const { output } = context;
  const format = context.globals.json ? 'json' : (options.format ?? 'table');
  if (format === 'json') return output.printJson(answer);
  if (format === 'csv') return output.csv(answer.data, answer.columns);
  if (format === 'markdown') {
    output.line(markdownTable(answer.data, answer.columns));
    return;
  }
  if (answer.data.length) output.table(answer.data, answer.columns);
  // Charts are for people: a terminal, no explicit --format (that is an export), not --no-chart.
  if (options.format === undefined && options.chart !== false && output.isTTY) {
    const { renderChart } = await import('../terminal/chart.js');
    const chart = renderChart(answer.columns, answer.data, {
      columns: process.stdout.columns,
      env: context.env,
      color: output.color.level > 0,
    });
    if (chart) output.line(`\n${chart}\n`);
  }
  output.line(answer.answer);
  if (answer.truncated) {
    const n = answer.data.length;
    output.warn(
      `${n} row${n === 1 ? '' : 's'} (capped at ${answer.truncated_by === 'bytes' ? 'the result size' : n}: ${capName(answer.truncated_by)}).`,
    );
  }
  const rows = `${answer.data.length} row${answer.data.length === 1 ? '' : 's'}`;
  output.info(
    output.color.dim(
      `${rows} · ${answer.method} · ${answer.database_used} (${answer.routing.reason}) · ${answer.metrics.latency_ms} ms${answer.metrics.llm_calls ? ` · ${answer.metrics.llm_calls} LLM calls, ${answer.metrics.prompt_tokens}+${answer.metrics.completion_tokens} tokens` : ''} · conversation ${answer.conversation_id}`,
    ),
  );
  if (answer.sql && context.globals.verbose) output.info(output.color.dim(answer.sql));
}

/**
 * A GitHub-flavoured Markdown table: numeric columns right-aligned, `|` escaped, line breaks as
 * `<br>`, so the result pastes into an issue or a README as is.
 */
export function markdownTable(rows: readonly Record<string, unknown>[], columns?: readonly string[]): string {
  const cols = columns ?? (rows[0] ? Object.keys(rows[0]) : []);
  if (cols.length === 0) return '';
  const cell = (value: unknown): string =>
    formatCell(value).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
  const numeric = (c: string): boolean => {
    const values = rows.map((r) => r[c]).filter((v) => v !== null && v !== undefined);
    return (
      values.length > 0 &&
      values.every(
        (v) => typeof v === 'number' || typeof v === 'bigint' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)),
      )
    );
  };
  const lines = [
    `| ${cols.map(cell).join(' | ')} |`,
    `| ${cols.map((c) => (numeric(c) ? '---:' : '---')).join(' | ')} |`,
  ];
  for (const row of rows) lines.push(`| ${cols.map((c) => cell(row[c])).join(' | ')} |`);
  return lines.join('\n');
}
