import { existsSync, readFileSync, rmSync } from 'node:fs';
import { writeFileAtomic } from '../util/atomic-write.js';

/**
 * The bytes of some files before a change, to put back if the change must not stick (a connection
 * whose test fails is not saved: .datachat.yml and the secret store return to what they were).
 */
export function snapshotFiles(files: readonly string[]): { restore(): void } {
  const saved = files.map((file) => ({ file, content: existsSync(file) ? readFileSync(file) : undefined }));
  return {
    restore() {
      for (const { file, content } of saved) {
        if (content === undefined) rmSync(file, { force: true });
        else writeFileAtomic(file, content);
      }
    },
  };
}
