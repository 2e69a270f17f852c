import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What `npm pack` would publish: the licence, the documented example config, no source maps to unshipped sources. */
describe('the npm package', () => {
  it('ships LICENSE and the example config, and no .map files', () => {
    const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    const [pack] = JSON.parse(result.stdout) as { files: { path: string }[] }[];
    const files = pack!.files.map((f) => f.path);
    expect(files).toContain('LICENSE');
    expect(files).toContain('.datachat.example.yml');
    expect(files).toContain('dist/bundle/main.js');
    expect(files).toContain('dist/cli/help.txt');
    // One bundle: the per-file tsc output is not shipped (the bin imports dist/bundle/main.js).
    expect(files.filter((f) => f.startsWith('dist/') && !/^dist\/(bundle|web)\//.test(f))).toEqual([
      'dist/cli/help.txt',
    ]);
    // The web UI served by `datachat serve`.
    expect(files).toContain('dist/web/index.html');
    expect(files.some((f) => /^dist\/web\/assets\/.+\.js$/.test(f))).toBe(true);
    expect(files).toContain('templates/datachat.yml');
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
  });
});
