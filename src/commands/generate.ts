import type { CommandContext } from '../cli/command-context.js';

interface GenerateCommandOptions {
  tables?: string;
  offline: boolean;
  autoApprove: boolean;
}

export async function run(context: CommandContext, connection: string | undefined, options: GenerateCommandOptions): Promise<void> {
  const project = await context.project();
  const { runGenerate } = await import('../services/generate-service.js');
  const progress = await context.output.progress();
  let result;
  try {
    result = await runGenerate(project, connection, {
      tables: options.tables ? options.tables.split(',').map((t) => t.trim()).filter(Boolean) : undefined,
      offline: options.offline,
      autoApprove: options.autoApprove,
      onProgress: (m) => progress.step(m),
    });
  } catch (error) {
    progress.fail('Generation failed');
    throw error;
  } finally {
    progress.stop();
  }
  const { changes: _changes, ...summary } = result;
  if (context.globals.json) return context.output.printJson(result);
  const { output } = context;
  output.success(
    `Generated ${result.schema_datapoints} Schema and ${result.business_datapoints} Business DataPoints for ${result.connection_id} (${result.method === 'llm' ? result.llm_model_used : 'offline heuristics'}).`,
  );
  if (result.method === 'llm') output.line(`LLM usage: ${result.usage.calls} calls, ${result.usage.promptTokens} prompt + ${result.usage.completionTokens} completion tokens.`);
  for (const d of result.dropped) output.warn(`Dropped metric ${d.id}: its SQL does not run (${d.error}).`);
  if (options.autoApprove) output.line(`${summary.written} written to datapoints/, ${summary.unchanged} unchanged; index synced.`);
  else if (summary.pending > 0) output.line(`${summary.pending} DataPoints await review (${summary.unchanged} unchanged): run \`datachat review\`.`);
  else output.line(`Nothing changed (${summary.unchanged} DataPoints already up to date).`);
}
