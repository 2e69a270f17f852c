import { ConnectionError, DatachatError } from '../errors.js';
import type { ConnectionService, ConnectionTestReport } from '../services/connection-service.js';

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
