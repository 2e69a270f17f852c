import type { RegenerationDiff } from '../services/regeneration-diff.js';
import type { CommandContext } from '../terminal/command-context.js';

interface GenerateCommandOptions {
  tables?: string;
  offline: boolean;
  autoApprove: boolean;
  diff: boolean;
}

export async function run(
  context: CommandContext,
  connection: string | undefined,
  options: GenerateCommandOptions,
): Promise<void> {
  const project = await context.project();
  const { runGenerate } = await import('../services/generate-service.js');
  const progress = await context.output.progress();
  const tables = options.tables
    ? options.tables
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean)
    : undefined;
  let result: Awaited<ReturnType<typeof runGenerate>>;
  try {
    result = await runGenerate(project, connection, {
      tables,
      offline: options.offline,
      autoApprove: options.autoApprove && !options.diff,
      dryRun: options.diff,
      onProgress: (m) => progress.step(m),
    });
  } catch (error) {
    progress.fail('Generation failed');
    throw error;
  } finally {
    progress.stop();
  }
  if (options.diff) {
    const { regenerationDiff } = await import('../services/regeneration-diff.js');
    return printDiff(context, await regenerationDiff(project, result, tables));
  }
  const { changes: _changes, ...summary } = result;
  if (context.globals.json) return context.output.printJson(result);
  const { output } = context;
  output.success(
    `Generated ${result.counts.schema} Schema, ${result.counts.business} Business and ${result.counts.process} Process DataPoints for ${result.connection_id} (${result.method === 'llm' ? result.llm_model_used : 'offline heuristics'}).`,
  );
  if (result.method === 'llm')
    output.line(
      `LLM usage: ${result.usage.calls} calls, ${result.usage.prompt_tokens} prompt + ${result.usage.completion_tokens} completion tokens.`,
    );
  for (const d of result.dropped) output.warn(`Dropped ${d.id}: its SQL does not run (${d.error}).`);
  if (options.autoApprove)
    output.line(`${summary.written} written to datapoints/, ${summary.unchanged} unchanged; index synced.`);
  else if (summary.pending > 0)
    output.line(
      `${summary.pending} DataPoints await review (${summary.unchanged} unchanged): run \`datachat review\`.`,
    );
  else output.line(`Nothing changed (${summary.unchanged} DataPoints already up to date).`);
  const kept = result.changes.filter((c) => c.kept.length || c.manual).length;
  if (kept) output.line(`${kept} DataPoints keep fields people edited (see \`datachat generate --diff\`).`);
  const rejectedFile = `datapoints/${result.connection_id}/.rejected.yaml`;
  if (result.rejected) output.line(`${result.rejected} rejected DataPoints not proposed again (${rejectedFile}).`);
}

async function printDiff(context: CommandContext, diff: RegenerationDiff): Promise<void> {
  if (context.globals.json) return context.output.printJson(diff);
  const { formatFieldChange, formatFieldValue } = await import('../datapoints/datapoint-field-diff.js');
  const { output } = context;
  for (const d of diff.dropped) output.warn(`${d.id} would be dropped: its SQL does not run (${d.error}).`);
  const keptLines = (): void => {
    for (const k of diff.kept) {
      output.line(`= ${k.file} (kept: a person owns ${k.fields.length === 1 ? 'this field' : 'these fields'})`);
      for (const f of k.fields) {
        const proposal = f.overrides ? ` (generation proposes ${formatFieldValue(f.proposed)})` : '';
        output.line(`    ${f.path}: ${formatFieldValue(f.current)}${proposal}`);
      }
    }
    for (const m of diff.manual) output.line(`= ${m.file} (kept: source: manual, never regenerated)`);
    for (const r of diff.rejected)
      output.line(`x ${r.file} (not proposed: rejected in review, tables unchanged since)`);
  };
  if (diff.up_to_date) {
    keptLines();
    output.line(`Nothing to change: ${diff.unchanged} DataPoints of ${diff.connection_id} are up to date.`);
    return;
  }
  for (const a of diff.added) output.line(`+ ${a.file} (new ${a.type} DataPoint ${a.key})`);
  for (const r of diff.removed) output.line(`- ${r.file} (${r.type} DataPoint ${r.key} is no longer generated)`);
  for (const c of diff.changed) {
    output.line(`~ ${c.file}`);
    for (const field of c.fields) output.line(`    ${formatFieldChange(field)}`);
  }
  keptLines();
  output.line(
    `${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed, ${diff.unchanged} unchanged, ` +
      `${diff.kept.length + diff.manual.length} with fields people own (kept), ${diff.rejected.length} rejected. ` +
      `Apply with \`datachat generate ${diff.connection_id}${diff.method === 'heuristic' ? ' --offline' : ''} --auto-approve\` (removals are not applied: delete those files by hand).`,
  );
}
