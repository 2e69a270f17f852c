import { AbortedError } from '../errors.js';

/**
 * Runs `work` with an AbortSignal that the first Ctrl-C (SIGINT) fires, so a running statement is
 * cancelled on the server (pg_cancel_backend, KILL QUERY, a killed SQLite process) rather than left
 * running there until its timeout. Whatever `work` then throws becomes AbortedError (exit 130). The
 * handler is gone after the first SIGINT: a second Ctrl-C ends the process the default way.
 */
export async function abortOnSigint<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = (): void => {
    process.off('SIGINT', onSigint);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    return await work(controller.signal);
  } catch (error) {
    if (!controller.signal.aborted) throw error;
    throw new AbortedError('Interrupted: the running statement was cancelled.', { cause: error });
  } finally {
    process.off('SIGINT', onSigint);
  }
}
