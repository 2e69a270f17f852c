import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataPointPath, listYamlFiles } from '../datapoints/datapoint-files.js';
import { ensureJsonSchemaFile, jsonSchemaPath } from '../datapoints/datapoint-json-schema.js';
import type { BusinessDataPoint, DataPoint, ProcessDataPoint, SchemaDataPoint } from '../datapoints/datapoint-model.js';
import { readDataPointFile, serializeDataPoint, writeDataPointFile } from '../datapoints/datapoint-yaml.js';
import { mergeGenerated, type KeptField } from '../datapoints/field-ownership.js';
import { PendingStore } from '../datapoints/pending-store.js';
import { RejectionStore } from '../datapoints/rejection-store.js';
import { schemasByTable, tableFingerprints } from '../datapoints/schema-fingerprint.js';
import { tableDataPointId } from '../datapoints/schema-datapoint-builder.js';
import { refreshSchemaDataPoint } from '../profiling/schema-datapoint-refresh.js';
import { matchesTableFilter } from '../connectors/schema-metadata.js';
import { checkMetric } from '../generation/expression-check.js';
import { GuardedExecutor } from '../query/guarded-executor.js';
import type { GeneratedDataPoints, TableGenerationInput } from '../generation/generation-input.js';
import { generateHeuristic } from '../generation/heuristic-generator.js';
import { generateProcessDataPoints } from '../generation/process-generator.js';
import type { LlmUsage } from '../llm/usage.js';
import type { DatabaseProfile } from '../profiling/profile-model.js';
import { profileDatabase } from '../profiling/schema-profiler.js';
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
  /** `rejected`: held back by `.rejected.yaml` (the tables' schema is unchanged since). */
  change: 'added' | 'changed' | 'unchanged' | 'rejected';
  file: string;
  /** Fields kept as a person wrote them although generation proposes otherwise. */
  kept: KeptField[];
  /** The whole DataPoint is `source: manual`: generation never touches it. */
  manual?: boolean;
  /** Proposed again although rejected: these tables' schema changed since the rejection. */
  schema_changed_since_rejection?: string[];
}

/** LLM tokens spent by a run, in the API's casing. */
export interface GenerateUsage {
  calls: number;
  prompt_tokens: number;
  completion_tokens: number;
}

/**
 * GeneratedDataPoints of docs/rest-api.md (`connection_id`, `generated_at`, the DataPoint lists,
 * `confidence_scores`, `llm_model_used`) plus what the run did with them (written, pending, ...).
 * The lists hold the DataPoints as merged with the approved files (what was or would be written);
 * DataPoints held back by a rejection are not in them.
 */
export interface GenerateResult {
  connection_id: string;
  /** ISO timestamp of the run. */
  generated_at: string;
  method: 'heuristic' | 'llm';
  llm_model_used: string;
  schema_datapoints: SchemaDataPoint[];
  business_datapoints: BusinessDataPoint[];
  process_datapoints: ProcessDataPoint[];
  /** `<connection>/<id>` → confidence (0..1) of every DataPoint in the lists that has one. */
  confidence_scores: Record<string, number>;
  /** Sizes of the three lists. */
  counts: { schema: number; business: number; process: number };
  written: number;
  pending: number;
  unchanged: number;
  /** Generated but held back because they were rejected in review (see `datapoints/<conn>/.rejected.yaml`). */
  rejected: number;
  dropped: { id: string; error: string }[];
  changes: GenerationChange[];
  usage: GenerateUsage;
  /** Dry runs only: every DataPoint as it would be written (after the ownership merge), for field-level diffs. */
  generated?: DataPoint[];
}

/**
 * One generation run: profile (when none is stored), generate (LLM when configured,
 * else heuristics), check every metric on the database, then write to pending (review) or straight
 * to datapoints/ — only DataPoints whose content changed, so an unchanged database changes nothing.
 */
export async function runGenerate(
  project: ProjectContext,
  connectionId: string | undefined,
  options: GenerateOptions,
): Promise<GenerateResult> {
  const connection = project.connection(connectionId);
  const generatedAt = new Date().toISOString();
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
    const result = await generateWithLlm({
      connection: connection.id,
      inputs,
      llm,
      connector,
      cacheDir: join(project.paths.stateDir, 'cache', 'generation'),
      quote,
      onProgress: options.onProgress,
    });
    generated = result.generated;
    usage = result.usage;
  } else {
    generated = generateHeuristic(connection.id, inputs, quote);
  }

  const dropped: { id: string; error: string }[] = [];
  const schemaOf = new Map(inputs.map((i) => [i.schema.table, i.schema.schema]));
  const metrics: BusinessDataPoint[] = [];
  for (const metric of generated.business_datapoints) {
    const error = await checkMetric(
      new GuardedExecutor(connector, connection.allowed_functions),
      metric,
      schemaOf.get(metric.table),
    );
    if (error) dropped.push({ id: metric.id, error });
    else metrics.push(metric);
  }
  const processes = await generateProcessDataPoints(connector, connection.id, inputs, {
    existing: approvedProcesses(project, connection.id),
  });
  dropped.push(...processes.failures);

  const schemaFile = jsonSchemaPath(project.paths.datapointsDir);
  if (!options.dryRun) ensureJsonSchemaFile(schemaFile);
  const pending = new PendingStore(project.paths.pendingDir, project.paths.datapointsDir, schemaFile);
  const rejections = new RejectionStore(project.paths.datapointsDir);
  const known = schemasByTable(allSchemas(project, connection.id, schemas));
  const changes: GenerationChange[] = [];
  const merged: DataPoint[] = [];
  let written = 0;
  let pendingCount = 0;
  const all: DataPoint[] = [...generated.schema_datapoints, ...metrics, ...processes.datapoints];
  for (const dataPoint of all) {
    const approvedFile = dataPointPath(project.paths.datapointsDir, dataPoint);
    const approved = existsSync(approvedFile) ? readDataPointFile(approvedFile) : undefined;
    const key = `${dataPoint.connection}/${dataPoint.id}`;
    const rejection = rejections.get(connection.id, dataPoint.type, dataPoint.id);
    const check = rejection && rejections.check(rejection, tableFingerprints(dataPoint, known));
    if (check?.suppressed) {
      // Rejected and the tables are as they were then: not proposed, and no stale copy left to review.
      changes.push({ key, type: dataPoint.type, change: 'rejected', file: approvedFile, kept: [] });
      if (!options.dryRun) pending.discard(dataPoint);
      continue;
    }
    // The one merge every writer goes through: what a person owns stays as they wrote it.
    const result = mergeGenerated(approved, dataPoint);
    const next = result.dataPoint;
    merged.push(next);
    const reason = check ? { schema_changed_since_rejection: check.changedTables } : {};
    if (approved && sameValues(approved, next)) {
      const manual = result.manual ? { manual: true } : {};
      changes.push({
        key,
        type: dataPoint.type,
        change: 'unchanged',
        file: approvedFile,
        kept: result.kept,
        ...manual,
      });
      if (options.dryRun) continue;
      // Only fingerprints to record (a file from before ownership): bookkeeping, not worth a review.
      if (options.autoApprove && serializeDataPoint(approved) !== serializeDataPoint(next)) {
        writeDataPointFile(approvedFile, next, schemaFile);
      }
      // A pending copy of something already approved as is would only be noise in review.
      pending.discard(dataPoint);
      continue;
    }
    const change = approved ? 'changed' : 'added';
    changes.push({ key, type: dataPoint.type, change, file: approvedFile, kept: result.kept, ...reason });
    if (options.dryRun) continue;
    if (options.autoApprove) {
      writeDataPointFile(approvedFile, next, schemaFile);
      pending.discard(dataPoint);
      if (rejection) rejections.remove(connection.id, dataPoint.type, dataPoint.id);
      written++;
    } else {
      pending.add(next);
      pendingCount++;
    }
  }
  // Pending copies equal to their approved file (left by older runs or edits) are noise in review.
  if (!options.dryRun) pending.discardIdentical(connection.id);
  if (options.autoApprove && written > 0 && !options.dryRun) await (await project.indexer()).sync();
  const ofType = <T extends DataPoint>(type: T['type']) => merged.filter((d): d is T => d.type === type);
  const lists = {
    schema: ofType<SchemaDataPoint>('Schema'),
    business: ofType<BusinessDataPoint>('Business'),
    process: ofType<ProcessDataPoint>('Process'),
  };
  const scored = merged.filter((d) => d.confidence !== undefined);
  const confidence = scored.map((d) => [`${d.connection}/${d.id}`, d.confidence!] as const);
  return {
    connection_id: connection.id,
    generated_at: generatedAt,
    method,
    llm_model_used: generated.llm_model_used,
    schema_datapoints: lists.schema,
    business_datapoints: lists.business,
    process_datapoints: lists.process,
    confidence_scores: Object.fromEntries(confidence),
    counts: { schema: lists.schema.length, business: lists.business.length, process: lists.process.length },
    written,
    pending: pendingCount,
    unchanged: changes.filter((c) => c.change === 'unchanged').length,
    dropped,
    changes,
    usage: { calls: usage.calls, prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens },
    rejected: changes.filter((c) => c.change === 'rejected').length,
    ...(options.dryRun ? { generated: merged } : {}),
  };
}

interface ProfileSource {
  profile: DatabaseProfile;
  /** Schema DataPoints refreshed in memory (dry run without a stored profile), by id. */
  schemas?: Map<string, SchemaDataPoint>;
}

async function loadOrProfile(
  project: ProjectContext,
  connection: string,
  options: GenerateOptions,
): Promise<ProfileSource> {
  const file = join(project.paths.profilesDir, `${connection}.json`);
  if (existsSync(file)) return { profile: JSON.parse(readFileSync(file, 'utf8')) as DatabaseProfile };
  if (options.dryRun) return profileInMemory(project, connection, options);
  options.onProgress?.(`No profile of ${connection} yet: profiling first`);
  return { profile: (await runProfile(project, connection, {})).profile };
}

/** A dry run writes nothing: profile and refresh the Schema DataPoints in memory, as `runProfile` would on disk. */
async function profileInMemory(
  project: ProjectContext,
  connection: string,
  options: GenerateOptions,
): Promise<ProfileSource> {
  options.onProgress?.(`No profile of ${connection} yet: profiling in memory (dry run, nothing is written)`);
  const connector = await project.connector(connection);
  const profile = await profileDatabase(connector, {
    connectionId: connection,
    sampleSize: project.config.defaults.sample_size || undefined,
  });
  const metadata = await connector.introspect();
  const qualify = new Set(metadata.tables.map((t) => t.schema ?? '')).size > 1;
  const byName = new Map(profile.tables.map((t) => [t.table_name, t]));
  const schemas = new Map<string, SchemaDataPoint>();
  for (const table of metadata.tables) {
    const id = tableDataPointId(table, qualify);
    const file = dataPointPath(project.paths.datapointsDir, { id, type: 'Schema', connection });
    const existing = existsSync(file) ? (readDataPointFile(file) as SchemaDataPoint) : undefined;
    schemas.set(
      id,
      refreshSchemaDataPoint(existing, connection, table, qualify, byName.get(table.name), profile.relationships),
    );
  }
  return { profile, schemas };
}

/** Approved Process DataPoints of a connection by id, so regeneration keeps what people added to them. */
function approvedProcesses(project: ProjectContext, connection: string): Map<string, ProcessDataPoint> {
  const found = listYamlFiles(join(project.paths.datapointsDir, connection, 'process')).map((f) =>
    readDataPointFile(f),
  );
  return new Map(found.filter((d): d is ProcessDataPoint => d.type === 'Process').map((d) => [d.id, d]));
}

/** Equal field values, whatever their `generated:` fingerprints say. */
function sameValues(a: DataPoint, b: DataPoint): boolean {
  return serializeDataPoint({ ...a, generated: undefined }) === serializeDataPoint({ ...b, generated: undefined });
}

/** Approved Schema DataPoints of a connection, with in-memory refreshed ones (dry run) taking precedence. */
function allSchemas(
  project: ProjectContext,
  connection: string,
  refreshed?: Map<string, SchemaDataPoint>,
): SchemaDataPoint[] {
  const stored = listYamlFiles(join(project.paths.datapointsDir, connection, 'schema'))
    .map((f) => readDataPointFile(f))
    .filter((d): d is SchemaDataPoint => d.type === 'Schema');
  return [...new Map([...stored.map((d) => [d.id, d] as const), ...(refreshed ?? [])]).values()];
}

function tableInputs(
  project: ProjectContext,
  connection: string,
  profile: DatabaseProfile,
  tables: string[] | undefined,
  refreshed?: Map<string, SchemaDataPoint>,
): TableGenerationInput[] {
  const schemas = allSchemas(project, connection, refreshed).filter((d) =>
    matchesTableFilter({ name: d.table, schema: d.schema }, tables),
  );
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
