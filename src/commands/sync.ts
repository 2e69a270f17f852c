import type { CommandContext } from '../cli/command-context.js';

export async function run(context: CommandContext): Promise<void> {
  const project = await context.project();
  project.requireProject();
  const result = await (await project.indexer()).sync();
  if (context.globals.json) return context.output.printJson(result);
  if (result.upToDate) {
    context.output.line(`Already up to date: ${result.total} DataPoints, nothing changed.`);
    return;
  }
  context.output.line(`Synced ${result.total} DataPoints: ${result.added} added, ${result.updated} updated, ${result.removed} removed, ${result.unchanged} unchanged (${Math.round(result.elapsedMs)} ms).`);
}
