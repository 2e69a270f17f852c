import type { CommandContext } from '../terminal/command-context.js';
import type { EngineType } from '../connectors/engine-type.js';
import type { ConnectionTestReport } from '../services/connection-service.js';

interface DbAddOptions {
  type?: EngineType;
  tags?: string;
  description?: string;
  default: boolean;
  test: boolean;
}

/** Adds a connection; unless --no-test, one whose test fails is not saved (exit 1, with the error and its hint). */
export async function run(context: CommandContext, name: string, url: string, options: DbAddOptions): Promise<void> {
  const project = await context.project();
  const { ConnectionService } = await import('../services/connection-service.js');
  const { snapshotFiles } = await import('./file-snapshot.js');
  const service = new ConnectionService(project);
  const before = snapshotFiles([project.paths.configFile, project.paths.secretsFile]);
  const view = service.add({
    name,
    url,
    type: options.type,
    tags: splitTags(options.tags) ?? [],
    description: options.description,
    makeDefault: options.default || undefined,
  });
  let test: ConnectionTestReport | undefined;
  if (options.test) {
    const { testOrUndo } = await import('./connection-check.js');
    const then = 'Nothing was saved: fix the URL and run `datachat db add` again, or add it untested with --no-test.';
    test = await testOrUndo(service, view.connection_id, then, () => {
      before.restore();
      project.reload();
    });
  }
  // Privilege warnings go to stderr in every mode, so scripts reading --json stdout still see them.
  const { reportConnection } = await import('./connection-check.js');
  const role = view.is_default ? ' as the default' : '';
  reportConnection(context, view, test, `Added connection "${view.connection_id}" (${view.database_type})${role}.`);
}

/** `a, b,,c` → ['a', 'b', 'c']; undefined when the option was not given. */
export function splitTags(tags: string | undefined): string[] | undefined {
  return tags === undefined
    ? undefined
    : tags
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
}
