import type { CommandContext } from '../terminal/command-context.js';
import { UsageError } from '../errors.js';

interface CheckCommandOptions {
  strict: boolean;
  rowDrift?: string;
  nullDrift?: string;
  live: boolean;
}

function number(value: string | undefined, flag: string, valid: (n: number) => boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || !valid(n))
    throw new UsageError(
      `${flag} must be a number${flag === '--row-drift' ? ' above 1 (a factor, e.g. 2)' : ' between 0 and 1 (e.g. 0.2)'}, got "${value}".`,
    );
  return n;
}

/**
 * CI gate: exit 1 when a DataPoint is invalid or no longer matches its database (and, with --strict,
 * on warnings too). Findings are printed as `file:line: severity: message (fix: command)`.
 */
export async function run(
  context: CommandContext,
  connection: string | undefined,
  options: CheckCommandOptions,
): Promise<void> {
  const rowDrift = number(options.rowDrift, '--row-drift', (n) => n > 1);
  const nullDrift = number(options.nullDrift, '--null-drift', (n) => n >= 0 && n <= 1);
  const project = await context.project();
  project.requireProject();
  const { runCheck } = await import('../services/check-service.js');
  const progress = await context.output.progress();
  let report: Awaited<ReturnType<typeof runCheck>>;
  try {
    progress.step('Checking DataPoints against the databases');
    report = await runCheck(project, { connection, rowDrift, nullDrift, live: options.live });
  } finally {
    progress.stop();
  }
  const failed = report.errors > 0 || (options.strict && report.warnings > 0);
  // The only non-zero exit that is not an error: main() returns process.exitCode after the handler.
  if (failed) process.exitCode = 1;
  // Privilege advice on stderr in every mode; it never changes the exit code.
  for (const warning of report.privilege_warnings) context.output.warn(warning);
  if (context.globals.json) return context.output.printJson({ ...report, strict: options.strict, passed: !failed });
  const { output } = context;
  for (const f of report.findings) {
    output.line(`${f.file}${f.line ? `:${f.line}` : ''}: ${f.severity}: ${f.message} (fix: ${f.suggestion})`);
  }
  const compared = report.connections.filter((c) => c.reachable).length;
  const scope = `${plural(report.datapoints, 'DataPoint')} in ${plural(report.files, 'file')}, ${plural(compared, 'database')} compared`;
  const counts = `${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')}`;
  if (!report.findings.length) output.success(`All good: ${scope}.`);
  else if (failed) output.warn(`${counts} (${scope})${!report.errors ? ' — failing because of --strict' : ''}.`);
  else output.success(`${counts} (${scope}); warnings do not fail without --strict.`);
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
