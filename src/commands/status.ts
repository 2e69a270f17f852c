import type { CommandContext } from '../terminal/command-context.js';

export async function run(context: CommandContext): Promise<void> {
  const project = await context.project();
  const { checkInitializationStatus } = await import('../services/status-service.js');
  const status = await checkInitializationStatus(project);
  if (context.globals.json) return context.output.printJson(status);
  const { output } = context;
  const mark = (ok: boolean): string => (ok ? output.color.green('✔') : output.color.red('✖'));
  output.line(`Project: ${status.project_dir}`);
  output.line(
    `${mark(status.has_databases)} databases: ${status.connections.length ? status.connections.join(', ') : 'none'}`,
  );
  output.line(`${mark(status.has_datapoints)} DataPoints: ${status.datapoint_count} indexed`);
  output.line(
    status.is_initialized ? output.color.green('Ready to answer questions.') : output.color.yellow('Setup required.'),
  );
  if (status.missing_steps.length) {
    output.line('Missing steps:');
    status.missing_steps.forEach((step, i) => void output.line(`  - ${step}: ${status.next_commands[i]}`));
  }
}
