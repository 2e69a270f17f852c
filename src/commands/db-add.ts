import type { CommandContext } from '../cli/command-context.js';
import type { EngineType } from '../connectors/engine-type.js';

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
  let test: Awaited<ReturnType<typeof service.test>> | { ok: false; message: string } | undefined;
  if (options.test) {
    try {
      test = await service.test(view.connection_id);
    } catch (error) {
      test = { ok: false, message: (error as Error).message };
    }
  }
  if (context.globals.json) return context.output.printJson({ ...view, ...(test ? { test } : {}) });
  context.output.success(`Added connection "${view.connection_id}" (${view.database_type})${view.is_default ? ' as the default' : ''}.`);
  if (test?.ok) context.output.success(`Connected in ${Math.round((test as { latencyMs: number }).latencyMs)} ms: ${(test as { serverVersion?: string }).serverVersion ?? ''}`);
  else if (test) context.output.warn(`Saved, but the connection test failed: ${test.message} — fix it and run \`datachat db test ${view.connection_id}\`.`);
}
