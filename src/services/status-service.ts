import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listYamlFiles } from '../datapoints/datapoint-files.js';
import type { ProjectContext } from './project-context.js';

/** Setup steps, named as in `missing_steps` of docs/rest-api.md (plus `review_datapoints`). */
export type SetupStep =
  | 'add_database_connection'
  | 'profile_schema'
  | 'generate_datapoints'
  | 'review_datapoints'
  | 'sync_knowledge';

/** InitStatus (docs/rest-api.md). */
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
  /** Active connections that are not ready: no approved DataPoints, or all generated ones wait in review. */
  connections_not_ready: string[];
  /** Generated DataPoints waiting in `.datachat/pending/` (all connections). */
  pending_review: number;
}

const COMMAND_FOR: Record<SetupStep, string> = {
  add_database_connection: 'datachat db add <name> <url>   (or: datachat init --sample)',
  profile_schema: 'datachat profile',
  generate_datapoints: 'datachat generate',
  review_datapoints: 'datachat review   (or: datachat review --approve-all)',
  sync_knowledge: 'datachat sync',
};

/**
 * The initialization status (InitStatus, docs/rest-api.md). Ready means every active connection has
 * approved DataPoints that say more than the bare catalog: a connection with none, or whose only
 * approved ones are introspection skeletons while the generated ones wait in review, is not ready.
 */
export async function checkInitializationStatus(project: ProjectContext): Promise<InitStatus> {
  const connections = project.config.connections.map((c) => c.id);
  const hasDatabases = connections.length > 0;
  const files = listYamlFiles(project.paths.datapointsDir);
  const hasDatapoints = files.length > 0;
  let indexed = 0;
  let stale = false;
  let skeletonOnly = new Set<string>();
  if (hasDatapoints && existsSync(project.paths.knowledgeDb)) {
    const store = await project.store();
    indexed = store.count();
    stale = (await project.indexer()).isStale();
    skeletonOnly = introspectionOnly(store.list().map((d) => d.dataPoint));
  }
  // Inactive connections are out of routing, so they need nothing; with none active, all count.
  const active = project.config.connections.filter((c) => c.active !== false);
  const required = (active.length ? active : project.config.connections).map((c) => c.id);
  const pendingOf = (id: string) => listYamlFiles(join(project.paths.pendingDir, id)).length;
  const approvedOf = (id: string) => listYamlFiles(join(project.paths.datapointsDir, id)).length;
  const notReady: string[] = [];
  let needsGeneration = false;
  let needsReview = false;
  for (const id of required) {
    const pending = pendingOf(id);
    const approved = approvedOf(id);
    if (approved > 0 && !(pending > 0 && skeletonOnly.has(id))) continue;
    notReady.push(id);
    if (pending > 0) needsReview = true;
    else needsGeneration = true;
  }
  const missing: SetupStep[] = [];
  if (!hasDatabases) missing.push('add_database_connection');
  if (!hasDatabases || needsGeneration) missing.push('profile_schema', 'generate_datapoints');
  if (needsReview) missing.push('review_datapoints');
  if (hasDatapoints && (indexed === 0 || stale)) missing.push('sync_knowledge');
  const initialized = hasDatabases && notReady.length === 0;
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
    connections_not_ready: notReady,
    pending_review: listYamlFiles(project.paths.pendingDir).length,
  };
}

/** Connections whose indexed DataPoints all come from bare introspection (no profile or generation yet). */
function introspectionOnly(dataPoints: readonly { connection: string; generated_by?: string }[]): Set<string> {
  const seen = new Set<string>();
  const richer = new Set<string>();
  for (const d of dataPoints) {
    seen.add(d.connection);
    if (d.generated_by !== 'introspection') richer.add(d.connection);
  }
  return new Set([...seen].filter((c) => !richer.has(c)));
}
