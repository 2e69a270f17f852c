import { rmSync } from 'node:fs';

/**
 * Removes a test's temp folder, waiting up to `timeoutMs` for processes that still write into it
 * (a killed terminal session's children, npm's background log writer) and leaving it to the OS after
 * that: cleanup of a temp folder is not what a test checks.
 */
export async function removeTempDir(path: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      rmSync(path, { recursive: true, force: true });
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        console.warn(`[cleanup] could not remove ${path}: ${(error as Error).message}`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
