import { existsSync } from 'node:fs';
import { listYamlFiles } from '../datapoints/datapoint-files.js';
import type { ProjectContext } from './project-context.js';

/** Setup steps, named as in the seed's `missing_steps`. */
export type SetupStep = 'add_database_connection' | 'profile_schema' | 'generate_datapoints' | 'sync_knowledge';

/** The seed's InitStatus. */
export interface InitStatus {
  is_initialized: boolean;
  has_databases: boolean;
  has_datapoints: boolean;
  setup_required: boolean;
  missing_steps: SetupStep[];
  /** The command that performs each missing step. */
  next_commands: string[];
  project_dir: string;
  datapoint_count: number;
  connections: string[];
}

const COMMAND_FOR: Record<SetupStep, string> = {
  add_database_connection: 'datachat db add <name> <url>   (or: datachat init --sample)',
  profile_schema: 'datachat profile',
  generate_datapoints: 'datachat generate',
  sync_knowledge: 'datachat sync',
};

/** The seed's SystemInitializer.check_initialization_status. */
export async function checkInitializationStatus(project: ProjectContext): Promise<InitStatus> {
  const connections = project.config.connections.map((c) => c.id);
  const hasDatabases = connections.length > 0;
  const files = listYamlFiles(project.paths.datapointsDir);
  const hasDatapoints = files.length > 0;
  let indexed = 0;
  let stale = false;
  if (hasDatapoints && existsSync(project.paths.knowledgeDb)) {
    const store = await project.store();
    indexed = store.count();
    stale = (await project.indexer()).isStale();
  }
  const missing: SetupStep[] = [];
  if (!hasDatabases) missing.push('add_database_connection');
  if (!hasDatapoints) missing.push('profile_schema', 'generate_datapoints');
  else if (indexed === 0 || stale) missing.push('sync_knowledge');
  const initialized = hasDatabases && hasDatapoints;
  return {
    is_initialized: initialized,
    has_databases: hasDatabases,
    has_datapoints: hasDatapoints,
    setup_required: !initialized,
    missing_steps: missing,
    next_commands: missing.map((s) => COMMAND_FOR[s]),
    project_dir: project.paths.root,
    datapoint_count: indexed,
    connections,
  };
}
