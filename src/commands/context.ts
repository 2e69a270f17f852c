import type { CommandContext } from '../terminal/command-context.js';

export async function run(
  context: CommandContext,
  question: string,
  options: { db?: string; k?: string },
): Promise<void> {
  const project = await context.project();
  const { AskService } = await import('../services/ask-service.js');
  const { routing, retrieval } = await new AskService(project).context(question, {
    db: options.db,
    k: options.k ? Number(options.k) : undefined,
  });
  const result = {
    routing,
    tables: retrieval.tables.map((t) => ({
      connection: t.connection,
      table: t.table,
      score: Number(t.score.toFixed(5)),
      via: t.via,
    })),
    datapoints: retrieval.datapoints.map((d) => ({
      connection: d.connection,
      id: d.id,
      type: d.type,
      score: Number(d.score.toFixed(5)),
      bm25_rank: d.ranks.bm25 ?? null,
      vector_rank: d.ranks.vector ?? null,
    })),
    values: retrieval.values,
    elapsed_ms: Number(retrieval.elapsedMs.toFixed(2)),
  };
  if (context.globals.json) return context.output.printJson(result);
  context.output.line(`Routing: ${routing.targets.join(', ')} (${routing.reason}; confidence ${routing.confidence})`);
  context.output.table(result.tables);
  context.output.table(result.datapoints);
  if (result.values.length) context.output.table(result.values as unknown as Record<string, unknown>[]);
}
