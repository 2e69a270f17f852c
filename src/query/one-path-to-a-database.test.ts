import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('..', import.meta.url));

/**
 * The trusted path: files whose SQL datachat builds itself from quoted identifiers and dialect builders
 * (no text from content), so they may call a connector's `execute` directly. Everything else goes through
 * GuardedExecutor. Adding a file here needs the same argument in review.
 */
const TRUSTED = new Set([
  'query/guarded-executor.ts',
  'profiling/table-profiler.ts',
  'profiling/relationship-discovery.ts',
  'generation/process-generator.ts',
]);

/** `connector.execute(`, `this.connector?.execute`, `(await project.connector(id)).execute(`. */
const DIRECT = /\bconnector\??\.execute\b|\.connector\([^)]*\)\)\.execute\b/i;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('one path to a database', () => {
  it('only the guarded executor and the trusted builders call a connector directly', () => {
    const offenders = sources(SRC)
      .map((file) => relative(SRC, file))
      .filter((file) => !file.startsWith('connectors/') && !TRUSTED.has(file))
      .filter((file) => DIRECT.test(readFileSync(join(SRC, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the check sees a direct call (the pattern is not dead)', () => {
    expect(DIRECT.test('await this.connector.execute(sql, {})')).toBe(true);
    expect(DIRECT.test('(await project.connector(id)).execute(sql)')).toBe(true);
    expect(DIRECT.test('await runner.execute(sql, {})')).toBe(false);
  });
});
