import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataPointPath, listYamlFiles } from '../datapoints/datapoint-files.js';
import { ensureJsonSchemaFile } from '../datapoints/datapoint-json-schema.js';
import type { BusinessDataPoint, DataPoint, ProcessDataPoint, SchemaDataPoint } from '../datapoints/datapoint-model.js';
import { readDataPointFile, serializeDataPoint, writeDataPointFile } from '../datapoints/datapoint-yaml.js';
import { PendingStore } from '../datapoints/pending-store.js';
import { tableDataPointId } from '../datapoints/schema-datapoint-builder.js';
import { refreshSchemaDataPoint } from '../datapoints/schema-datapoint-refresh.js';
import { matchesTableFilter } from '../connectors/schema-metadata.js';
import { checkMetric } from '../generation/expression-check.js';
import { GuardedExecutor } from '../query/guarded-executor.js';
import type { GeneratedDataPoints, TableGenerationInput } from '../generation/generation-input.js';
import { generateHeuristic } from '../generation/heuristic-generator.js';
import { generateProcessDataPoints } from '../generation/process-generator.js';
import type { LlmUsage } from '../llm/usage.js';
import type { DatabaseProfile } from '../profiling/profile-model.js';
import { profileDatabase } from '../profiling/schema-profiler.js';
import { JSON_SCHEMA_FILE } from './init-service.js';
import { runProfile } from './profile-service.js';
import type { ProjectContext } from './project-context.js';

export interface GenerateOptions {
  tables?: string[];
  /** Heuristics only, even when an LLM is configured. */
  offline?: boolean;
  /** Write straight into datapoints/ (and sync) instead of .datachat/pending/. */
  autoApprove?: boolean;
  /** Only compute what would change; write nothing. */
  dryRun?: boolean;
  onProgress?(message: string): void;
}

export interface GenerationChange {
  key: string;
  type: DataPoint['type'];
  change: 'added' | 'changed' | 'unchanged';
  file: string;
}

export interface GenerateResult {
  connection_id: string;
  method: 'heuristic' | 'llm';
  llm_model_used: string;
  schema_datapoints: number;
  business_datapoints: number;
  process_datapoints: number;
  written: number;
  pending: number;
  unchanged: number;
  dropped: { id: string; error: string }[];
  changes: GenerationChange[];
  usage: LlmUsage;
  /** Dry runs only: every DataPoint generation produced (what `changes` compares), for field-level diffs. */
  generated?: DataPoint[];
}

/**
 * The seed's DataPointGenerator run: profile (when none is stored), generate (LLM when configured,
 * else heuristics), check every metric on the database, then write to pending (review) or straight
 * to datapoints/ — only DataPoints whose content changed, so an unchanged database changes nothing.
 */
export async function runGenerate(project: ProjectContext, connectionId: string | undefined, options: GenerateOptions): Promise<GenerateResult> {
  const connection = project.connection(connectionId);
  const connector = await project.connector(connection.id);
  const { profile, schemas } = await loadOrProfile(project, connection.id, options);
  const inputs = tableInputs(project, connection.id, profile, options.tables, schemas);
  const quote = (id: string) => (/^[a-z_][a-z0-9_]*$/.test(id) ? id : connector.dialect.quoteIdentifier(id));

  let generated: GeneratedDataPoints;
  let usage: LlmUsage = { calls: 0, promptTokens: 0, completionTokens: 0 };
  let method: GenerateResult['method'] = 'heuristic';
  const { createLlmProvider } = await import('../llm/create-llm.js');
  const llm = options.offline ? undefined : createLlmProvider(project.config.llm);
  if (llm) {
    method = 'llm';
    const { generateWithLlm } = await import('../generation/llm-generator.js');
    options.onProgress?.(`Asking ${llm.model} about ${inputs.length} tables`);
    const result = await generateWithLlm({ connection: connection.id, inputs, llm, connector, cacheDir: join(project.paths.stateDir, 'cache', 'generation'), quote, onProgress: options.onProgress });
    generated = result.generated;
    usage = result.usage;
  } else {
    generated = generateHeuristic(connection.id, inputs, quote);
  }

  const dropped: { id: string; error: string }[] = [];
  const schemaOf = new Map(inputs.map((i) => [i.schema.table, i.schema.schema]));
  const metrics: BusinessDataPoint[] = [];
  for (const metric of generated.business_datapoints) {
    const error = await checkMetric(new GuardedExecutor(connector, connection.allowed_functions), metric, schemaOf.get(metric.table));
    if (error) dropped.push({ id: metric.id, error });
    else metrics.push(metric);
  }
  const processes = await generateProcessDataPoints(connector, connection.id, inputs, { existing: approvedProcesses(project, connection.id) });
  dropped.push(...processes.failures);

  const schemaFile = join(project.paths.datapointsDir, JSON_SCHEMA_FILE);
  if (!options.dryRun) ensureJsonSchemaFile(schemaFile);
  const pending = new PendingStore(project.paths.pendingDir, project.paths.datapointsDir, schemaFile);
  const changes: GenerationChange[] = [];
  let written = 0;
  let pendingCount = 0;
  const all: DataPoint[] = [...generated.schema_datapoints, ...metrics, ...processes.datapoints];
  for (const dataPoint of all) {
    const approvedFile = dataPointPath(project.paths.datapointsDir, dataPoint);
    const approved = existsSync(approvedFile) ? readDataPointFile(approvedFile) : undefined;
    const key = `${dataPoint.connection}/${dataPoint.id}`;
    if (approved && serializeDataPoint(approved) === serializeDataPoint(dataPoint)) {
      changes.push({ key, type: dataPoint.type, change: 'unchanged', file: approvedFile });
      continue;
    }
    changes.push({ key, type: dataPoint.type, change: approved ? 'changed' : 'added', file: approvedFile });
    if (options.dryRun) continue;
    if (options.autoApprove) {
      writeDataPointFile(approvedFile, dataPoint, schemaFile);
      written++;
    } else {
      pending.add(dataPoint);
      pendingCount++;
    }
  }
  if (options.autoApprove && written > 0 && !options.dryRun) await (await project.indexer()).sync();
  return {
    connection_id: connection.id,
    method,
    llm_model_used: generated.llm_model_used,
    schema_datapoints: generated.schema_datapoints.length,
    business_datapoints: metrics.length,
    process_datapoints: processes.datapoints.length,
    written,
    pending: pendingCount,
    unchanged: changes.filter((c) => c.change === 'unchanged').length,
    dropped,
    changes,
    usage,
    ...(options.dryRun ? { generated: all } : {}),
  };
}

interface ProfileSource {
  profile: DatabaseProfile;
  /** Schema DataPoints refreshed in memory (dry run without a stored profile), by id. */
  schemas?: Map<string, SchemaDataPoint>;
}

async function loadOrProfile(project: ProjectContext, connection: string, options: GenerateOptions): Promise<ProfileSource> {
  const file = join(project.paths.profilesDir, `${connection}.json`);
  if (existsSync(file)) return { profile: JSON.parse(readFileSync(file, 'utf8')) as DatabaseProfile };
  if (options.dryRun) return profileInMemory(project, connection, options);
  options.onProgress?.(`No profile of ${connection} yet: profiling first`);
  return { profile: (await runProfile(project, connection, {})).profile };
}

/** A dry run writes nothing: profile and refresh the Schema DataPoints in memory, as `runProfile` would on disk. */
async function profileInMemory(project: ProjectContext, connection: string, options: GenerateOptions): Promise<ProfileSource> {
  options.onProgress?.(`No profile of ${connection} yet: profiling in memory (dry run, nothing is written)`);
  const connector = await project.connector(connection);
  const profile = await profileDatabase(connector, { connectionId: connection, sampleSize: project.config.defaults.sample_size || undefined });
  const metadata = await connector.introspect();
  const qualify = new Set(metadata.tables.map((t) => t.schema ?? '')).size > 1;
  const byName = new Map(profile.tables.map((t) => [t.table_name, t]));
  const schemas = new Map<string, SchemaDataPoint>();
  for (const table of metadata.tables) {
    const id = tableDataPointId(table, qualify);
    const file = dataPointPath(project.paths.datapointsDir, { id, type: 'Schema', connection });
    const existing = existsSync(file) ? (readDataPointFile(file) as SchemaDataPoint) : undefined;
    schemas.set(id, refreshSchemaDataPoint(existing, connection, table, qualify, byName.get(table.name), profile.relationships));
  }
  return { profile, schemas };
}

/** Approved Process DataPoints of a connection by id, so regeneration keeps what people added to them. */
function approvedProcesses(project: ProjectContext, connection: string): Map<string, ProcessDataPoint> {
  const found = listYamlFiles(join(project.paths.datapointsDir, connection, 'process')).map((f) => readDataPointFile(f));
  return new Map(found.filter((d): d is ProcessDataPoint => d.type === 'Process').map((d) => [d.id, d]));
}

function tableInputs(project: ProjectContext, connection: string, profile: DatabaseProfile, tables: string[] | undefined, refreshed?: Map<string, SchemaDataPoint>): TableGenerationInput[] {
  const stored = listYamlFiles(join(project.paths.datapointsDir, connection, 'schema'))
    .map((f) => readDataPointFile(f))
    .filter((d): d is SchemaDataPoint => d.type === 'Schema');
  const schemas = [...new Map([...stored.map((d) => [d.id, d] as const), ...(refreshed ?? [])]).values()]
    .filter((d) => matchesTableFilter({ name: d.table, schema: d.schema }, tables));
  const profiles = new Map(profile.tables.map((t) => [t.table_name, t]));
  return schemas
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((schema) => ({
      schema,
      profile: profiles.get(schema.table),
      outgoing: profile.relationships.filter((r) => r.from_table === schema.table),
      incoming: profile.relationships.filter((r) => r.to_table === schema.table),
    }));
}
