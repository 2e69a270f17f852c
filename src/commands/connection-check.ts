import type { CommandContext } from '../terminal/command-context.js';
import { ConnectionError, DatachatError } from '../errors.js';
import type { ConnectionService, ConnectionTestReport } from '../services/connection-service.js';

/**
 * `testOrThrow`, and when the test fails `undo()` runs before the error goes on (db add and db edit
 * put the config and secrets back as they were, so a failed test saves nothing).
 */
export async function testOrUndo(
  service: ConnectionService,
  id: string,
  then: string,
  undo: () => void,
): Promise<ConnectionTestReport> {
  try {
    return await testOrThrow(service, id, then);
  } catch (error) {
    undo();
    throw error;
  }
}

/** Privilege warnings (stderr in every mode), then the view as JSON or the success lines. */
export function reportConnection(
  context: CommandContext,
  view: { connection_id: string },
  test: ConnectionTestReport | undefined,
  success: string,
): void {
  const warnings = test?.warnings ?? [];
  for (const warning of warnings) context.output.warn(warning);
  if (context.globals.json) {
    context.output.printJson({ ...view, ...(test ? { test } : {}), warnings });
    return;
  }
  context.output.success(success);
  if (test) context.output.success(`Connected in ${Math.round(test.latency_ms)} ms: ${test.server_version ?? ''}`);
}

/**
 * Tests a connection and throws a ConnectionError (exit 1) when it fails, keeping the driver's
 * message and the connector's hint; `then` says what happens next (e.g. that nothing was saved).
 */
export async function testOrThrow(service: ConnectionService, id: string, then: string): Promise<ConnectionTestReport> {
  let report: ConnectionTestReport;
  try {
    report = await service.test(id);
  } catch (error) {
    const hint = error instanceof DatachatError && error.hint ? `${error.hint} ` : '';
    const message = error instanceof Error ? error.message : String(error);
    throw new ConnectionError(`Connection test of "${id}" failed: ${message}`, {
      cause: error,
      hint: `${hint}${then}`,
    });
  }
  if (!report.ok) {
    const why = report.message ?? 'no answer from the server';
    throw new ConnectionError(`Connection test of "${id}" failed: ${why}`, { hint: then });
  }
  return report;
}
