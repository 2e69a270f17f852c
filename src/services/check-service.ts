import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Connector } from '../connectors/connector.js';
import { inspectPrivilegesSafely, privilegeWarnings, type PrivilegeReport } from '../connectors/privileges.js';
import type { TableInfo } from '../connectors/schema-metadata.js';
import { listYamlFiles } from '../datapoints/datapoint-files.js';
import type { ProcessDataPoint } from '../datapoints/datapoint-model.js';
import {
  loadDataPointFiles,
  referenceFindings,
  tableCatalog,
  type CheckFinding,
  type LoadedDataPoint,
} from '../datapoints/datapoint-references.js';
import type { DatabaseProfile } from '../profiling/profile-model.js';
import { GuardedExecutor } from '../query/guarded-executor.js';
import { redactSecrets } from '../util/redact.js';
import { parseYamlSource, type YamlPath } from '../util/yaml-source.js';
import { liveCatalog, checkSchema, checkBusiness } from './check-datapoint-live.js';
import type { ProjectContext } from './project-context.js';

export type { CheckFinding } from '../datapoints/datapoint-references.js';

export interface CheckOptions {
  /** Only this connection's DataPoints and database. */
  connection?: string;
  /** Row count drift factor that warns: the live estimate is more than this many times bigger or smaller than the DataPoint's. Default 2. */
  rowDrift?: number;
  /** Null fraction difference (0..1) between the DataPoint and the stored profile that warns. Default 0.2. */
  nullDrift?: number;
  /** Compare with the live databases (default true); false checks the files only. */
  live?: boolean;
}

export interface CheckReport {
  /** No errors (warnings allowed). */
  ok: boolean;
  errors: number;
  warnings: number;
  /** DataPoint files checked, and how many of them were valid. */
  files: number;
  datapoints: number;
  connections: { id: string; reachable: boolean; tables?: number; privileges?: PrivilegeReport }[];
  findings: CheckFinding[];
  /**
   * The role of a compared connection can write, is a superuser or reaches server files: advice,
   * never a failure (not counted in `warnings`).
   */
  privilege_warnings: string[];
}

export const DEFAULT_ROW_DRIFT = 2;
export const DEFAULT_NULL_DRIFT = 0.2;

/**
 * `datachat check`: validates every DataPoint file (model, unknown fields, duplicates, references
 * between DataPoints), then compares them with the live databases: tables and columns that vanished,
 * type changes, relationships on vanished columns, metrics that no longer run, and row counts or null
 * fractions that drifted. A database that cannot be reached is one finding, never a crash. Reads only.
 */
export async function runCheck(project: ProjectContext, options: CheckOptions = {}): Promise<CheckReport> {
  const only = options.connection === undefined ? undefined : project.connection(options.connection).id;
  const files = listYamlFiles(only ? join(project.paths.datapointsDir, only) : project.paths.datapointsDir);
  const { loaded: all, findings } = loadDataPointFiles(project.paths.root, files);
  const loaded = all.filter((l) => !only || l.dataPoint.connection === only);
  const references = referenceFindings(loaded);
  const configured = new Set(project.config.connections.map((c) => c.id));
  for (const item of loaded) {
    if (configured.has(item.dataPoint.connection)) continue;
    const line = item.source.lineOf(['connection']);
    findings.push({
      severity: 'error',
      code: 'unknown_connection',
      message: `connection "${item.dataPoint.connection}" is not configured in .datachat.yml`,
      file: item.file,
      ...(line ? { line } : {}),
      suggestion: `datachat db add ${item.dataPoint.connection} <url>, or git rm ${item.file}`,
      connection: item.dataPoint.connection,
      datapoint: `${item.dataPoint.connection}/${item.dataPoint.id}`,
    });
  }
  const connections: CheckReport['connections'] = [];
  if (options.live !== false) {
    for (const connection of project.config.connections) {
      if (only && connection.id !== only) continue;
      const mine = loaded.filter((l) => l.dataPoint.connection === connection.id);
      if (!mine.length) continue;
      const result = await checkLive(project, connection.id, mine, options);
      connections.push(result.status);
      findings.push(...result.findings);
    }
  }
  // A column gone from both the Schema DataPoint (already re-profiled) and the database is one problem: keep the live finding.
  const liveAt = new Set(findings.filter((f) => f.connection && f.line).map((f) => `${f.file}:${f.line}`));
  findings.push(...references.filter((f) => !liveAt.has(`${f.file}:${f.line}`)));
  findings.sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      a.severity.localeCompare(b.severity) ||
      a.message.localeCompare(b.message),
  );
  const errors = findings.filter((f) => f.severity === 'error').length;
  const privilegeAdvice = connections.flatMap((c) => privilegeWarnings(c.id, c.privileges));
  const counts = {
    ok: errors === 0,
    errors,
    warnings: findings.length - errors,
    files: files.length,
    datapoints: loaded.length,
  };
  return { ...counts, connections, findings, privilege_warnings: privilegeAdvice };
}

async function checkLive(
  project: ProjectContext,
  connection: string,
  loaded: LoadedDataPoint[],
  options: CheckOptions,
): Promise<{ status: CheckReport['connections'][number]; findings: CheckFinding[] }> {
  const findings: CheckFinding[] = [];
  let connector: Connector;
  let live: Map<string, TableInfo>;
  let tableCount: number;
  try {
    connector = await project.connector(connection);
    const metadata = await connector.introspect();
    live = liveCatalog(metadata.tables);
    tableCount = metadata.tables.length;
  } catch (error) {
    const message = redactSecrets((error as Error).message, project.knownSecrets());
    findings.push({
      severity: 'error',
      code: 'connection_failed',
      message: `cannot reach database ${connection}: ${message}`,
      ...configLocation(project, connection),
      suggestion: `datachat db test ${connection}`,
      connection,
    });
    return { status: { id: connection, reachable: false }, findings };
  }
  const profile = storedProfile(project, connection);
  const rowDrift = options.rowDrift ?? DEFAULT_ROW_DRIFT;
  const nullDrift = options.nullDrift ?? DEFAULT_NULL_DRIFT;
  const refresh = `datachat profile ${connection} && datachat generate ${connection}`;
  const documented = tableCatalog(loaded, connection);
  // Metric SQL is DataPoint text: it runs only through the guard, with this connection's allowed functions.
  const executor = new GuardedExecutor(connector, project.connection(connection).allowed_functions);
  const find = (name: string, schema?: string): TableInfo | undefined =>
    live.get((schema ? `${schema}.${name}` : name).toLowerCase()) ??
    (schema ? undefined : live.get(name.toLowerCase()));

  for (const item of loaded) {
    const dp = item.dataPoint;
    const at = (
      path: YamlPath,
      severity: CheckFinding['severity'],
      code: string,
      message: string,
      suggestion = refresh,
    ): void => {
      const line = item.source.lineOf(path);
      findings.push({
        severity,
        code,
        message,
        file: item.file,
        ...(line ? { line } : {}),
        suggestion,
        connection,
        datapoint: `${connection}/${dp.id}`,
      });
    };
    const gone = (path: YamlPath, table: string): void =>
      at(
        path,
        'error',
        'table_missing',
        `table ${table} no longer exists in ${connection}`,
        dp.type === 'Schema' ? `git rm ${item.file} && datachat sync (or ${refresh} if it was renamed)` : refresh,
      );
    if (dp.type === 'Schema') {
      const table = find(dp.table, dp.schema);
      if (!table) {
        gone(['table'], dp.schema ? `${dp.schema}.${dp.table}` : dp.table);
        continue;
      }
      checkSchema(dp, table, at, { rowDrift, nullDrift, profile, find });
    } else if (dp.type === 'Business') {
      await checkBusiness(executor, dp, documented, find, at, gone, item.file);
    } else if (dp.type === 'Process') {
      for (const field of ['target_tables', 'dependencies'] as const) {
        (dp as ProcessDataPoint)[field].forEach((t, i) => {
          if (!find(t)) gone([field, i], t);
        });
      }
    } else if (dp.type === 'Query') {
      // A template only ever runs through the guard; check reports now, running nothing, when it would be refused.
      const variant = dp.dialect_variants?.[executor.engine];
      const verdict = executor.check(variant ?? dp.sql);
      if (!verdict.ok) {
        const path: YamlPath = variant ? ['dialect_variants', executor.engine] : ['sql'];
        const message = `query template ${dp.id} would be refused by the SQL guard (${verdict.code}): ${verdict.reason}`;
        at(
          path,
          'error',
          'query_refused',
          message,
          `edit ${item.file} so the template is plain read-only SQL, then run datachat check`,
        );
      }
    }
  }
  const privileges = await inspectPrivilegesSafely(connector);
  return { status: { id: connection, reachable: true, tables: tableCount, privileges }, findings };
}

function storedProfile(project: ProjectContext, connection: string): DatabaseProfile | undefined {
  const file = join(project.paths.profilesDir, `${connection}.json`);
  try {
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DatabaseProfile) : undefined;
  } catch {
    return undefined;
  }
}

/** Where a connection is declared: `.datachat.yml` and the line of its `id`. */
function configLocation(project: ProjectContext, connection: string): { file: string; line?: number } {
  const file = '.datachat.yml';
  if (!existsSync(project.paths.configFile)) return { file };
  const source = parseYamlSource(file, readFileSync(project.paths.configFile, 'utf8'));
  const list = (source.value as { connections?: { id?: string }[] } | undefined)?.connections;
  const index = Array.isArray(list) ? list.findIndex((c) => c?.id === connection) : -1;
  const line = index >= 0 ? source.lineOf(['connections', index, 'id']) : undefined;
  return line ? { file, line } : { file };
}
