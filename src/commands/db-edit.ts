import type { CommandContext } from '../terminal/command-context.js';
import type { EngineType } from '../connectors/engine-type.js';
import { UsageError } from '../errors.js';
import type { ConnectionTestReport } from '../services/connection-service.js';
import { splitTags } from './db-add.js';

interface DbEditOptions {
  url?: string;
  type?: EngineType;
  tags?: string;
  description?: string;
  default?: boolean;
  test: boolean;
}

/**
 * Fixes a connection in place (URL, type, tags, description, default). A new URL is tested, and
 * the edit is not saved when the test fails, unless --no-test: the same rule as `db add`.
 */
export async function run(context: CommandContext, id: string, options: DbEditOptions): Promise<void> {
  const { url, type, tags, description } = options;
  if (url === undefined && type === undefined && tags === undefined && description === undefined && !options.default) {
    const hint = 'Give at least one of --url, --type, --tags, --description, --default.';
    throw new UsageError('Nothing to change.', { hint });
  }
  const project = await context.project();
  const { ConnectionService } = await import('../services/connection-service.js');
  const { snapshotFiles } = await import('./file-snapshot.js');
  const service = new ConnectionService(project);
  const before = snapshotFiles([project.paths.configFile, project.paths.secretsFile]);
  const connectionId = project.connection(id).id;
  const split = splitTags(tags);
  const view = service.edit(connectionId, {
    ...(url !== undefined ? { url } : {}),
    ...(type ? { type } : {}),
    ...(split ? { tags: split } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(options.default ? { makeDefault: true } : {}),
  });
  let test: ConnectionTestReport | undefined;
  if (options.test && (url !== undefined || type !== undefined)) {
    const { testOrUndo } = await import('./connection-check.js');
    const then =
      `The connection was left as it was: fix the URL and run \`datachat db edit ${connectionId}\` again, ` +
      'or save it untested with --no-test.';
    test = await testOrUndo(service, connectionId, then, () => {
      before.restore();
      project.reload();
    });
  }
  const { reportConnection } = await import('./connection-check.js');
  const role = view.is_default ? ', the default' : '';
  reportConnection(context, view, test, `Updated connection "${view.connection_id}" (${view.database_type})${role}.`);
}
