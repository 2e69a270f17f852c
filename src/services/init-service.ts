import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigFile } from '../config/config-file.js';
import { ensureJsonSchemaFile, jsonSchemaPath } from '../datapoints/datapoint-json-schema.js';
import { dataPointPath } from '../datapoints/datapoint-files.js';
import { writeDataPointFile } from '../datapoints/datapoint-yaml.js';
import { mergeGenerated } from '../datapoints/field-ownership.js';
import { schemaDataPointsFromMetadata } from '../datapoints/schema-datapoint-builder.js';
import type { SyncResult } from '../knowledge/knowledge-indexer.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { ConnectionError } from '../errors.js';
import { ConnectionService, connectionIdFromName } from './connection-service.js';
import type { ProjectContext } from './project-context.js';

export interface InitOptions {
  /** Create and register the embedded sample database. */
  sample: boolean;
  /** Databases to add, as name=url pairs. */
  databases: { name: string; url: string }[];
  /** Profile every database after introspection (default true). */
  profile?: boolean;
  /** Generate DataPoints after profiling (default true; LLM when configured, else offline). */
  generate?: boolean;
  /** Approve generated DataPoints instead of leaving them for review. */
  autoApprove?: boolean;
  /** Heuristics only, even when an LLM is configured. */
  offline?: boolean;
  /** SQLite files must lie inside the project folder (the REST API; see ConnectionServiceOptions). */
  confineFilesToProject?: boolean;
}

export interface InitProgress {
  step(message: string): void;
  done(message: string): void;
}

export interface InitResult {
  status: 'completed';
  project_dir: string;
  databases_added: number;
  datapoints_written: number;
  datapoints_kept: number;
  /** The initialize response fields (docs/rest-api.md). */
  datapoints_generated: number;
  pending_review: number;
  next_step: 'review_datapoints' | 'ask_questions';
  sync: SyncResult;
  sample_rows?: number;
}

export const SAMPLE_CONNECTION = 'sample';
export const SAMPLE_DB_RELATIVE = '.datachat/sample.db';

/**
 * The non-interactive initialization: folder, config, databases (the sample one on request),
 * introspection, Schema DataPoints, sync. Re-running resumes: existing connections and DataPoint
 * files are kept, missing pieces are created.
 */
export async function initializeProject(
  project: ProjectContext,
  options: InitOptions,
  progress: InitProgress,
): Promise<InitResult> {
  const { paths } = project;
  mkdirSync(paths.root, { recursive: true });
  mkdirSync(paths.stateDir, { recursive: true });
  ensureGitignore(paths.root);
  if (!existsSync(paths.configFile)) {
    ConfigFile.open(paths.configFile).save();
    project.reload();
  }
  const connections = new ConnectionService(project, { confineFilesToProject: options.confineFilesToProject === true });
  let added = 0;
  let sampleRows: number | undefined;

  if (options.sample) {
    const file = join(paths.root, SAMPLE_DB_RELATIVE);
    if (!existsSync(file)) {
      progress.step('Generating the sample e-commerce database');
      const { generateSampleDatabase } = await import('../sample/generate-sample-database.js');
      const summary = await generateSampleDatabase(file);
      sampleRows = summary.totalRows;
      progress.done(
        `Sample database: ${summary.totalRows.toLocaleString('en-US')} rows in ${summary.tables.length} tables (${Math.round(summary.elapsedMs)} ms)`,
      );
    }
    if (!project.config.connections.some((c) => c.id === SAMPLE_CONNECTION)) {
      connections.add({
        name: SAMPLE_CONNECTION,
        url: `sqlite:${SAMPLE_DB_RELATIVE}`,
        tags: ['sample'],
        description: 'Generated e-commerce sample database',
        makeDefault: project.config.connections.length === 0,
      });
      added++;
    }
  }
  // All or nothing: a database that cannot be reached is not left registered (with its secret), so
  // fixing the URL and running again works instead of reusing the broken entry.
  const fresh: string[] = [];
  try {
    for (const db of options.databases) {
      if (project.config.connections.some((c) => c.id === connectionIdFromName(db.name))) continue;
      const view = connections.add({ name: db.name, url: db.url });
      fresh.push(view.connection_id);
      added++;
      progress.step(`Testing ${view.connection_id}`);
      const test = await (await project.connector(view.connection_id)).test();
      if (!test.ok) {
        const why = test.message ?? 'the connection test failed';
        throw new ConnectionError(`Cannot connect to ${view.connection_id}: ${why}.`, {
          hint: 'Nothing was registered; fix the URL (or start the database) and run the initialization again.',
        });
      }
      progress.done(`${view.connection_id}: connected in ${Math.round(test.latencyMs)} ms`);
    }
  } catch (error) {
    for (const id of fresh.reverse()) connections.remove(id);
    throw error;
  }

  const schemaFile = jsonSchemaPath(paths.datapointsDir);
  ensureJsonSchemaFile(schemaFile);
  let written = 0;
  let kept = 0;
  for (const connection of project.config.connections) {
    progress.step(`Introspecting ${connection.id}`);
    const connector = await project.connector(connection.id);
    await connector.test();
    const metadata = await connector.introspect();
    for (const dataPoint of schemaDataPointsFromMetadata(connection.id, metadata)) {
      const file = dataPointPath(paths.datapointsDir, dataPoint);
      // Resume, never clobber: a file that exists is refreshed by profiling and generation, which go
      // through the ownership merge (docs/datapoint-ownership.md).
      if (existsSync(file)) {
        kept++;
        continue;
      }
      writeDataPointFile(file, mergeGenerated(undefined, dataPoint).dataPoint, schemaFile);
      written++;
    }
    progress.done(`${connection.id}: ${metadata.tables.length} tables introspected`);
  }

  progress.step('Syncing the knowledge index');
  let sync = await (await project.indexer()).sync();
  progress.done(
    `Knowledge index: ${sync.total} DataPoints (${sync.added} added, ${sync.updated} updated, ${sync.removed} removed)`,
  );

  let generatedCount = 0;
  let pendingCount = 0;
  for (const connection of project.config.connections) {
    if (options.profile !== false) {
      progress.step(`Profiling ${connection.id}`);
      const { runProfile } = await import('./profile-service.js');
      const { profile } = await runProfile(project, connection.id, {});
      progress.done(
        `${connection.id}: ${profile.summary.profiled} tables profiled, ${profile.relationships.length} relationships (${profile.insights.undeclared_relationships} undeclared)`,
      );
    }
    if (options.generate !== false) {
      progress.step(`Generating DataPoints for ${connection.id}`);
      const { runGenerate } = await import('./generate-service.js');
      const generated = await runGenerate(project, connection.id, {
        autoApprove: options.autoApprove,
        offline: options.offline,
      });
      generatedCount += generated.written + generated.pending;
      pendingCount += generated.pending;
      const { counts } = generated;
      const how = generated.method === 'llm' ? generated.llm_model_used : 'offline';
      const review = generated.pending ? `, ${generated.pending} awaiting review` : '';
      progress.done(
        `${connection.id}: ${counts.schema} Schema, ${counts.business} Business and ${counts.process} Process DataPoints (${how})${review}`,
      );
    }
  }
  if (options.profile !== false || options.generate !== false) sync = await (await project.indexer()).sync();
  return {
    status: 'completed',
    project_dir: paths.root,
    databases_added: added,
    datapoints_written: written,
    datapoints_kept: kept,
    datapoints_generated: generatedCount,
    pending_review: pendingCount,
    next_step: pendingCount > 0 ? 'review_datapoints' : 'ask_questions',
    sync,
    ...(sampleRows !== undefined ? { sample_rows: sampleRows } : {}),
  };
}

function ensureGitignore(root: string): void {
  const file = join(root, '.gitignore');
  const line = '.datachat/';
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (current.split('\n').some((l) => l.trim() === line)) return;
  writeFileAtomic(
    file,
    `${current}${current && !current.endsWith('\n') ? '\n' : ''}# datachat local state (derived index, secrets, sample database)\n${line}\n`,
  );
}
