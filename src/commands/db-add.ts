import type { CommandContext } from '../cli/command-context.js';
import type { EngineType } from '../connectors/engine-type.js';
import type { ConnectionTestReport } from '../services/connection-service.js';

interface DbAddOptions {
  type?: EngineType;
  tags?: string;
  description?: string;
  default: boolean;
  test: boolean;
}

export async function run(context: CommandContext, name: string, url: string, options: DbAddOptions): Promise<void> {
  const project = await context.project();
  const { ConnectionService } = await import('../services/connection-service.js');
  const service = new ConnectionService(project);
  const view = service.add({
    name,
    url,
    type: options.type,
    tags: options.tags ? options.tags.split(',').map((t) => t.trim()).filter(Boolean) : [],
    description: options.description,
    makeDefault: options.default || undefined,
  });
  let test: ConnectionTestReport | { ok: false; message: string } | undefined;
  if (options.test) {
    try {
      test = await service.test(view.connection_id);
    } catch (error) {
      test = { ok: false, message: (error as Error).message };
    }
  }
  // Privilege warnings go to stderr in every mode, so scripts reading --json stdout still see them.
  const warnings = test && 'warnings' in test ? test.warnings : [];
  for (const warning of warnings) context.output.warn(warning);
  if (context.globals.json) return context.output.printJson({ ...view, ...(test ? { test } : {}), warnings });
  context.output.success(`Added connection "${view.connection_id}" (${view.database_type})${view.is_default ? ' as the default' : ''}.`);
  if (test?.ok) context.output.success(`Connected in ${Math.round(test.latency_ms)} ms: ${test.server_version ?? ''}`);
  else if (test) context.output.warn(`Saved, but the connection test failed: ${test.message} — fix it and run \`datachat db test ${view.connection_id}\`.`);
}
