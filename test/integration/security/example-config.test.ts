import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { projectPaths } from '../../../src/config/project-paths.js';

describe('.datachat.example.yml', () => {
  it('is a valid configuration, server section included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'datachat-example-'));
    try {
      copyFileSync(new URL('../../../.datachat.example.yml', import.meta.url), join(dir, '.datachat.yml'));
      const env = new Proxy({}, { get: () => 'x' }) as Record<string, string>;
      const { config } = loadConfig(projectPaths(dir), env);
      expect(config.server).toEqual({ allow_external_sqlite_paths: false });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
