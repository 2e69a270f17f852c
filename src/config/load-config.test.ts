import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { loadConfig } from './load-config.js';
import { projectPaths } from './project-paths.js';

const dirs: string[] = [];
function project(yaml: string | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'datachat-config-'));
  dirs.push(dir);
  if (yaml !== undefined) writeFileSync(join(dir, '.datachat.yml'), yaml);
  return projectPaths(dir);
}
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('interpolates ${ENV} after parsing, so values cannot inject YAML', () => {
    const paths = project('connections:\n  - id: wh\n    type: postgresql\n    url: ${WH_URL}\n');
    const { config } = loadConfig(paths, { WH_URL: 'postgresql://u@h/db\nllm: {model: evil}' });
    expect(config.connections[0]!.url).toBe('postgresql://u@h/db\nllm: {model: evil}');
    expect(config.llm).toBeUndefined();
  });

  it('reports an unset variable with file, line, path and variable name', () => {
    const paths = project('version: 1\nconnections:\n  - id: wh\n    type: postgresql\n    url: ${MISSING_URL}\n');
    const error = configError(() => loadConfig(paths, {}));
    expect(error.exitCode).toBe(2);
    expect(error.issues).toEqual([
      expect.objectContaining({
        file: paths.configFile,
        line: 5,
        path: 'connections[0].url',
        message: 'environment variable MISSING_URL is not set',
      }),
    ]);
    expect(error.message).toContain(
      `${paths.configFile}:5: connections[0].url: environment variable MISSING_URL is not set`,
    );
  });

  it('uses ${NAME:-default} when the variable is unset', () => {
    const paths = project('connections:\n  - id: wh\n    type: sqlite\n    url: ${DB_FILE:-sqlite:x.db}\n');
    expect(loadConfig(paths, {}).config.connections[0]!.url).toBe('sqlite:x.db');
  });

  it('reports every problem at once: unknown fields, bad enum, bad id', () => {
    const paths = project('version: 1\ncolour: blue\nconnections:\n  - id: Bad Id\n    type: oracle\n    url: x\n');
    const error = configError(() => loadConfig(paths, {}));
    const byPath = Object.fromEntries(error.issues.map((i) => [i.path, i]));
    expect(byPath['colour']).toMatchObject({ line: 2, message: 'unknown field "colour"' });
    expect(byPath['connections[0].id']).toMatchObject({ line: 4 });
    expect(byPath['connections[0].type']).toMatchObject({ line: 5 });
  });

  it('rejects duplicate connection ids naming the line', () => {
    const paths = project(
      'connections:\n  - id: a\n    type: sqlite\n    url: sqlite:a.db\n  - id: a\n    type: sqlite\n    url: sqlite:b.db\n',
    );
    const error = configError(() => loadConfig(paths, {}));
    expect(error.issues[0]).toMatchObject({ line: 5, message: 'duplicate connection id "a"' });
  });

  it('reports YAML syntax errors with a line', () => {
    const paths = project('connections:\n  - id: a\n   type: [\n');
    const error = configError(() => loadConfig(paths, {}));
    expect(error.issues[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('migrates DATABASE_URL to a default_database connection when none is configured', () => {
    const paths = project(undefined);
    const loaded = loadConfig(paths, { DATABASE_URL: 'postgresql://u:p@127.0.0.1/app' });
    expect(loaded.exists).toBe(false);
    expect(loaded.migratedFromDatabaseUrl).toBe(true);
    expect(loaded.config.connections).toEqual([
      expect.objectContaining({ id: 'default_database', type: 'postgresql', default: true }),
    ]);
  });

  it('ignores DATABASE_URL when connections exist', () => {
    const paths = project('connections:\n  - id: a\n    type: sqlite\n    url: sqlite:a.db\n');
    const loaded = loadConfig(paths, { DATABASE_URL: 'postgresql://u@h/app' });
    expect(loaded.config.connections.map((c) => c.id)).toEqual(['a']);
  });

  it('applies defaults for an empty file', () => {
    const { config } = loadConfig(project(''), {});
    expect(config.defaults.max_rows).toBe(1000);
    expect(config.embeddings.provider).toBe('local');
  });
});
