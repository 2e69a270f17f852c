import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandContext } from '../terminal/command-context.js';
import { UsageError } from '../errors.js';

export async function run(context: CommandContext, file: string): Promise<void> {
  const path = resolve(context.cwd, file);
  // A mistyped path is a usage error (exit 2) with the path, not the runtime's raw ENOENT.
  const stat = statSync(path, { throwIfNoEntry: false });
  const hint = 'Give the path of an eval set (YAML), e.g. datachat eval evals/questions.yaml.';
  if (!stat) throw new UsageError(`File not found: ${file}`, { hint });
  if (!stat.isFile()) throw new UsageError(`Not a file: ${file}`, { hint });
  const project = await context.project();
  const { runEval } = await import('../services/eval-service.js');
  const progress = await context.output.progress();
  let report: Awaited<ReturnType<typeof runEval>>;
  try {
    report = await runEval(project, path, (done, total) => progress.step(`Evaluating ${done}/${total}`));
  } finally {
    progress.stop();
  }
  if (context.globals.json) return context.output.printJson(report);
  const { output } = context;
  output.table(
    report.questions
      .filter((q) => q.outcome !== 'correct')
      .map((q) => ({ id: q.id, outcome: q.outcome, question: q.question, detail: (q.detail ?? '').slice(0, 100) })),
  );
  output.line(
    `Execution accuracy ${report.execution_accuracy} (${report.correct}/${report.total} correct; ${report.answered} answered, ${report.wrong} wrong, ${report.gold_wrong} differing from a wrong gold, ${report.declined} declined, ${report.errors} errors, ${report.refused} refused); precision ${report.precision}`,
  );
  output.line(
    `Routing accuracy ${report.routing_accuracy ?? 'n/a'} · table recall@5 ${report.table_recall_at_5 ?? 'n/a'} · @10 ${report.table_recall_at_10 ?? 'n/a'} · LLM calls ${report.llm_calls} · latency p50 ${report.latency_ms.p50} ms, p95 ${report.latency_ms.p95} ms`,
  );
}
