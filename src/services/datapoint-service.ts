import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { dataPointPath, listYamlFiles } from '../datapoints/datapoint-files.js';
import { ensureJsonSchemaFile, jsonSchemaPath } from '../datapoints/datapoint-json-schema.js';
import {
  DATAPOINT_TYPES,
  dataPointSchema,
  type DataPoint,
  type DataPointType,
  type SchemaDataPoint,
} from '../datapoints/datapoint-model.js';
import { readDataPointFile, writeDataPointFile } from '../datapoints/datapoint-yaml.js';
import { RejectionStore } from '../datapoints/rejection-store.js';
import { schemasByTable, tableFingerprints } from '../datapoints/schema-fingerprint.js';
import { DataPointValidationError, NotFoundError, UsageError, type FileIssue } from '../errors.js';
import type { SyncResult } from '../knowledge/knowledge-indexer.js';
import type { StoredDataPoint } from '../knowledge/knowledge-store.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { formatPath } from '../util/yaml-source.js';
import type { ProjectContext } from './project-context.js';

/** Exit 2 / HTTP 409: a DataPoint with this id already exists in the connection. */
export class DataPointConflictError extends DataPointValidationError {}

/** A DataPoint written or removed, with the sync that indexed the change. */
export interface DataPointChange {
  /** `<connection>/<id>`. */
  key: string;
  /** Project-relative YAML file (`datapoints/<connection>/<type>/<id>.yaml`). */
  file: string;
  dataPoint: DataPoint;
  sync: SyncResult;
}

export interface DataPointListFilter {
  connection?: string;
  type?: DataPointType;
}

/** Where a DataPoint handed in by a caller (API body, CLI file) is reported in validation issues. */
const INPUT = '(request)';

/**
 * Add, update and delete approved DataPoints as YAML files (the source of truth, docs/datapoint-model.md), each
 * followed by one incremental sync. Input is validated with the zod model; ids are unique per
 * connection; files are written atomically. A change whose sync fails is rolled back, so the files
 * and the index never disagree because of it. Callers serialize calls (the server holds its write
 * mutex; the CLI runs one command at a time).
 */
export class DataPointService {
  constructor(private readonly project: ProjectContext) {}

  /** Indexed DataPoints, syncing first when the YAML changed. An unknown connection is a NotFoundError. */
  async list(filter: DataPointListFilter = {}): Promise<StoredDataPoint[]> {
    if (filter.connection) this.project.connection(filter.connection);
    await this.ensureFresh();
    return (await this.project.store()).list(filter);
  }

  /**
   * `<connection>/<id>`, or a bare id (with `connection`, or unambiguous across connections), to the
   * indexed DataPoint. NotFoundError when unknown, UsageError when ambiguous.
   */
  async resolve(ref: string, connection?: string): Promise<StoredDataPoint> {
    const slash = ref.indexOf('/');
    const conn = slash > 0 ? ref.slice(0, slash) : connection;
    const id = slash > 0 ? ref.slice(slash + 1) : ref;
    if (conn) this.project.connection(conn);
    const matches = (await this.list(conn ? { connection: conn } : {})).filter((d) => d.id === id);
    if (matches.length === 0)
      throw new NotFoundError(`No DataPoint "${conn ? `${conn}/` : ''}${id}".`, {
        hint: 'List them with `datachat datapoints list` or GET /api/v1/datapoints.',
      });
    if (matches.length > 1) {
      throw new UsageError(
        `DataPoint id "${id}" exists in several connections: ${matches.map((m) => m.connection).join(', ')}.`,
        { hint: 'Name the connection: <connection>/<id>, or connection_id=<connection>.' },
      );
    }
    return matches[0]!;
  }

  /** Writes a new DataPoint (DataPointConflictError when its id is taken in its connection). */
  async add(input: unknown): Promise<DataPointChange> {
    const dataPoint = this.validate(input);
    await this.ensureFresh();
    if (
      (await this.project.store()).get(dataPoint.connection, dataPoint.id) ||
      this.canonicalFiles(dataPoint).some((f) => existsSync(f))
    ) {
      throw new DataPointConflictError([
        {
          file: INPUT,
          path: 'id',
          message: `DataPoint "${dataPoint.id}" already exists in connection "${dataPoint.connection}"; update it instead`,
        },
      ]);
    }
    const file = dataPointPath(this.project.paths.datapointsDir, dataPoint);
    this.write(file, dataPoint);
    const sync = await this.syncOrRollback(() => rmSync(file, { force: true }));
    return this.change(dataPoint, file, sync);
  }

  /** Replaces an approved DataPoint; `id` and `connection` stay, `type` may change (the file moves). */
  async update(connection: string, id: string, input: unknown): Promise<DataPointChange> {
    const dataPoint = this.validate(input);
    for (const [field, want] of [
      ['connection', connection],
      ['id', id],
    ] as const) {
      if (dataPoint[field] !== want) {
        throw new DataPointValidationError([
          {
            file: INPUT,
            path: field,
            message: `must be "${want}" (a DataPoint's ${field} cannot change; add a new one and delete this one)`,
          },
        ]);
      }
    }
    const existing = await this.resolve(`${connection}/${id}`);
    const oldFile = join(this.project.paths.root, existing.file);
    const oldText = readFileSync(oldFile, 'utf8');
    const file = dataPointPath(this.project.paths.datapointsDir, dataPoint);
    const replacedText = file !== oldFile && existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    this.write(file, dataPoint);
    if (file !== oldFile) rmSync(oldFile, { force: true });
    const sync = await this.syncOrRollback(() => {
      if (file !== oldFile) {
        if (replacedText === undefined) rmSync(file, { force: true });
        else writeFileAtomic(file, replacedText);
      }
      writeFileAtomic(oldFile, oldText);
    });
    return this.change(dataPoint, file, sync);
  }

  /**
   * Deletes the YAML file of an approved DataPoint and syncs. A generated one is also remembered as
   * rejected (`.rejected.yaml`), so regeneration does not bring it back while its tables are unchanged.
   */
  async remove(connection: string, id: string): Promise<DataPointChange> {
    const existing = await this.resolve(`${connection}/${id}`);
    const file = join(this.project.paths.root, existing.file);
    const text = readFileSync(file, 'utf8');
    const rejections = new RejectionStore(this.project.paths.datapointsDir);
    const rejectedFile = rejections.file(connection);
    const rejectedBefore = existsSync(rejectedFile) ? readFileSync(rejectedFile, 'utf8') : undefined;
    if (existing.dataPoint.source === 'auto_generated') {
      const folder = join(this.project.paths.datapointsDir, connection, 'schema');
      const schemas = listYamlFiles(folder).map((f) => readDataPointFile(f));
      const known = schemasByTable(schemas.filter((d): d is SchemaDataPoint => d.type === 'Schema'));
      const tables = tableFingerprints(existing.dataPoint, known);
      rejections.add(existing.dataPoint, tables, { reason: 'removed with `datachat datapoints remove`' });
    }
    rmSync(file, { force: true });
    const sync = await this.syncOrRollback(() => {
      writeFileAtomic(file, text);
      if (rejectedBefore === undefined) rmSync(rejectedFile, { force: true });
      else writeFileAtomic(rejectedFile, rejectedBefore);
    });
    return this.change(existing.dataPoint, file, sync);
  }

  /** One incremental sync of every YAML file into the index. */
  async sync(): Promise<SyncResult> {
    return (await this.project.indexer()).sync();
  }

  private validate(input: unknown): DataPoint {
    const parsed = dataPointSchema.safeParse(input);
    if (!parsed.success) {
      const issues: FileIssue[] = parsed.error.issues.map((issue) => {
        const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
        const path = formatPath(keys.length ? [...issue.path, keys[0]!] : issue.path);
        return {
          file: INPUT,
          ...(path ? { path } : {}),
          message: keys.length
            ? `unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}`
            : issue.message,
        };
      });
      throw new DataPointValidationError(issues);
    }
    const { status: _status, ...dataPoint } = parsed.data;
    const known = this.project.config.connections.map((c) => c.id);
    if (!known.includes(dataPoint.connection)) {
      throw new DataPointValidationError([
        {
          file: INPUT,
          path: 'connection',
          message: `unknown connection "${dataPoint.connection}"${known.length ? ` (known: ${known.join(', ')})` : ''}`,
        },
      ]);
    }
    return dataPoint as DataPoint;
  }

  private write(file: string, dataPoint: DataPoint): void {
    const schemaFile = jsonSchemaPath(this.project.paths.datapointsDir);
    ensureJsonSchemaFile(schemaFile);
    writeDataPointFile(file, dataPoint, schemaFile);
  }

  /** Syncs; when the sync fails (it then leaves the index untouched), undoes the file change and rethrows. */
  private async syncOrRollback(undo: () => void): Promise<SyncResult> {
    try {
      return await this.sync();
    } catch (error) {
      undo();
      throw error;
    }
  }

  private async ensureFresh(): Promise<void> {
    const indexer = await this.project.indexer();
    if (indexer.isStale()) await indexer.sync();
  }

  /** Where a DataPoint with this id would live under each type folder (ids are unique across types). */
  private canonicalFiles(dataPoint: Pick<DataPoint, 'id' | 'connection'>): string[] {
    return DATAPOINT_TYPES.map((type) => dataPointPath(this.project.paths.datapointsDir, { ...dataPoint, type }));
  }

  private change(dataPoint: DataPoint, file: string, sync: SyncResult): DataPointChange {
    return {
      key: `${dataPoint.connection}/${dataPoint.id}`,
      file: relative(this.project.paths.root, file).split(sep).join('/'),
      dataPoint,
      sync,
    };
  }
}
