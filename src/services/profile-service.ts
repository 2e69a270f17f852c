import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataPointPath } from '../datapoints/datapoint-files.js';
import { ensureJsonSchemaFile, jsonSchemaPath } from '../datapoints/datapoint-json-schema.js';
import type { SchemaDataPoint } from '../datapoints/datapoint-model.js';
import { readDataPointFile, serializeDataPoint, writeDataPointFile } from '../datapoints/datapoint-yaml.js';
import { refreshSchemaDataPoint } from '../profiling/schema-datapoint-refresh.js';
import { tableDataPointId } from '../datapoints/schema-datapoint-builder.js';
import { RuntimeError } from '../errors.js';
import type { DatabaseProfile, TableProfile } from '../profiling/profile-model.js';
import { profileDatabase, type ProfileOptions } from '../profiling/schema-profiler.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { ProjectContext } from './project-context.js';

/** A foreign key as the API shows it (connectors keep camelCase TypeScript internally). */
export interface ForeignKeyView {
  name?: string;
  columns: string[];
  target_schema?: string;
  target_table: string;
  target_columns: string[];
}

/** The DatabaseProfile as API clients and `--json` see it: every key snake_case. */
export type DatabaseProfileView = Omit<DatabaseProfile, 'tables'> & {
  tables: (Omit<TableProfile, 'foreign_keys'> & { foreign_keys: ForeignKeyView[] })[];
};

export function profileView(profile: DatabaseProfile): DatabaseProfileView {
  return {
    ...profile,
    tables: profile.tables.map((t) => ({
      ...t,
      foreign_keys: t.foreign_keys.map((fk) => ({
        ...(fk.name !== undefined ? { name: fk.name } : {}),
        columns: fk.columns,
        ...(fk.targetSchema !== undefined ? { target_schema: fk.targetSchema } : {}),
        target_table: fk.targetTable,
        target_columns: fk.targetColumns,
      })),
    })),
  };
}

/** The last stored profile of a connection (`.datachat/profiles/<conn>.json`), or undefined when never profiled. */
export function readStoredProfile(project: ProjectContext, connectionId: string): DatabaseProfile | undefined {
  const file = join(project.paths.profilesDir, `${connectionId}.json`);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as DatabaseProfile;
}

export interface ProfileRunResult {
  profile: DatabaseProfile;
  profile_file: string;
  datapoints_updated: number;
  datapoints_unchanged: number;
}

/**
 * Profiles one connection, writes `.datachat/profiles/<conn>.json` and refreshes the Schema
 * DataPoints' statistics and relationships (writing only files whose content changed), then syncs.
 * Throws only when nothing could be profiled.
 */
export async function runProfile(
  project: ProjectContext,
  connectionId: string | undefined,
  options: Omit<ProfileOptions, 'connectionId'>,
): Promise<ProfileRunResult> {
  const connection = project.connection(connectionId);
  const connector = await project.connector(connection.id);
  const profile = await profileDatabase(connector, {
    ...options,
    connectionId: connection.id,
    sampleSize: options.sampleSize || project.config.defaults.sample_size || undefined,
  });
  if (profile.summary.profiled === 0 && (profile.summary.failed > 0 || profile.summary.skipped > 0)) {
    throw new RuntimeError(
      `Profiling ${connection.id} failed for every table (${profile.failures[0]?.table}: ${profile.failures[0]?.error ?? 'skipped'}).`,
      { details: { failures: profile.failures } },
    );
  }
  const profileFile = join(project.paths.profilesDir, `${connection.id}.json`);
  writeFileAtomic(profileFile, `${JSON.stringify(profile, null, 2)}\n`);

  const metadata = await connector.introspect(options.tables?.length ? { tables: options.tables } : {});
  const qualify = new Set(metadata.tables.map((t) => t.schema ?? '')).size > 1;
  const byName = new Map(profile.tables.map((t) => [t.table_name, t]));
  const schemaFile = jsonSchemaPath(project.paths.datapointsDir);
  ensureJsonSchemaFile(schemaFile);
  let updated = 0;
  let unchanged = 0;
  for (const table of metadata.tables) {
    const id = tableDataPointId(table, qualify);
    const file = dataPointPath(project.paths.datapointsDir, { id, type: 'Schema', connection: connection.id });
    const existing = existsSync(file) ? (readDataPointFile(file) as SchemaDataPoint) : undefined;
    const next = refreshSchemaDataPoint(
      existing,
      connection.id,
      table,
      qualify,
      byName.get(table.name),
      profile.relationships,
    );
    if (existing && serializeDataPoint(existing) === serializeDataPoint(next)) {
      unchanged++;
      continue;
    }
    writeDataPointFile(file, next, schemaFile);
    updated++;
  }
  await (await project.indexer()).sync();
  return { profile, profile_file: profileFile, datapoints_updated: updated, datapoints_unchanged: unchanged };
}
