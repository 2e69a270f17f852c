import type { CommandContext } from '../terminal/command-context.js';
import { UsageError } from '../errors.js';

interface ProfileCommandOptions {
  sampleSize?: string;
  tables?: string;
  concurrency?: string;
  timeout?: string;
}

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} must be a whole number ≥ 0, got "${value}".`);
  return n;
}

export async function run(
  context: CommandContext,
  connection: string | undefined,
  options: ProfileCommandOptions,
): Promise<void> {
  const project = await context.project();
  const { runProfile } = await import('../services/profile-service.js');
  const progress = await context.output.progress();
  const id = project.connection(connection).id;
  progress.step(`Profiling ${id}`);
  let result: Awaited<ReturnType<typeof runProfile>>;
  try {
    result = await runProfile(project, id, {
      sampleSize: positiveInt('--sample-size', options.sampleSize),
      tables: options.tables
        ? options.tables
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean)
        : undefined,
      concurrency: positiveInt('--concurrency', options.concurrency) || undefined,
      queryTimeoutMs: positiveInt('--timeout', options.timeout)
        ? positiveInt('--timeout', options.timeout)! * 1000
        : undefined,
      onProgress: ({ done, total, table, ok }) =>
        progress.step(`Profiling ${id}: ${done}/${total} tables (${ok ? 'done' : 'failed'}: ${table})`),
    });
  } catch (error) {
    progress.fail(`Profiling ${id} failed`);
    throw error;
  } finally {
    progress.stop();
  }
  const { profile } = result;
  const summary = {
    connection_id: profile.connection_id,
    profile_file: result.profile_file,
    ...profile.summary,
    tables: profile.table_count,
    total_rows: profile.total_rows,
    relationships: profile.relationships.length,
    undeclared_relationships: profile.insights.undeclared_relationships,
    pii_columns: profile.insights.pii_columns,
    datapoints_updated: result.datapoints_updated,
    failures: profile.failures,
    skipped_tables: profile.skipped,
  };
  if (context.globals.json) return context.output.printJson(summary);
  const { output } = context;
  output.success(
    `Profiled ${profile.summary.profiled} tables of ${id} (${profile.total_rows.toLocaleString('en-US')} rows) in ${(profile.summary.elapsed_ms / 1000).toFixed(1)} s with ${profile.summary.queries} queries.`,
  );
  output.table(
    profile.relationships.map((r) => ({
      from: `${r.from_table}.${r.from_columns.join(',')}`,
      to: `${r.to_table}.${r.to_columns.join(',')}`,
      kind: r.kind,
      cardinality: r.cardinality,
      confidence: r.confidence,
    })),
  );
  if (profile.insights.pii_columns.length)
    output.line(`PII columns (sample values masked): ${profile.insights.pii_columns.join(', ')}`);
  for (const f of profile.failures) output.warn(`${f.table}: ${f.error}`);
  if (profile.skipped.length) output.warn(`Skipped (time budget): ${profile.skipped.join(', ')}`);
  output.line(`Profile written to ${result.profile_file}; ${result.datapoints_updated} Schema DataPoints updated.`);
}
