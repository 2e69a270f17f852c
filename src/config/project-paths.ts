import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const CONFIG_FILE = '.datachat.yml';

/** Where everything of one project lives (docs/datapoint-model.md#files). */
export interface ProjectPaths {
  root: string;
  configFile: string;
  datapointsDir: string;
  stateDir: string;
  knowledgeDb: string;
  pendingDir: string;
  profilesDir: string;
  secretsFile: string;
  schemasDir: string;
}

export function projectPaths(root: string): ProjectPaths {
  const abs = resolve(root);
  const stateDir = join(abs, '.datachat');
  return {
    root: abs,
    configFile: join(abs, CONFIG_FILE),
    datapointsDir: join(abs, 'datapoints'),
    stateDir,
    knowledgeDb: join(stateDir, 'knowledge.db'),
    pendingDir: join(stateDir, 'pending'),
    profilesDir: join(stateDir, 'profiles'),
    secretsFile: join(stateDir, 'secrets.json'),
    schemasDir: join(stateDir, 'schemas'),
  };
}

/** The nearest folder at or above `start` holding .datachat.yml, else `start` itself. */
export function findProjectRoot(start: string): string {
  let current = resolve(start);
  for (;;) {
    if (existsSync(join(current, CONFIG_FILE))) return current;
    const parent = dirname(current);
    if (parent === current) return resolve(start);
    current = parent;
  }
}
