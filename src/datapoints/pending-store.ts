import { existsSync, rmSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { NotFoundError } from '../errors.js';
import { dataPointPath, listYamlFiles } from './datapoint-files.js';
import type { DataPoint } from './datapoint-model.js';
import { readDataPointFile, writeDataPointFile } from './datapoint-yaml.js';

export interface PendingDataPoint {
  /** `<connection>/<id>`: unique across connections, what review commands take. */
  key: string;
  dataPoint: DataPoint;
  /** Absolute path of the pending file. */
  file: string;
  /** Absolute path the DataPoint moves to when approved. */
  approvedFile: string;
  /** The approved DataPoint it would replace, if any (for diffs). */
  approved?: DataPoint;
}

/**
 * Generated DataPoints awaiting review, in `.datachat/pending/<connection>/<type>/<id>.yaml` with
 * `status: pending` (DESIGN.md §1). Approving moves one file into `datapoints/` (atomic write, then
 * the pending file is removed); rejecting deletes it. Neither touches any other DataPoint.
 */
export class PendingStore {
  constructor(
    private readonly pendingDir: string,
    private readonly datapointsDir: string,
    private readonly schemaFile: string,
  ) {}

  /** Writes (or replaces) a pending DataPoint. */
  add(dataPoint: DataPoint): string {
    const file = dataPointPath(this.pendingDir, dataPoint);
    writeDataPointFile(file, { ...dataPoint, status: 'pending' }, this.schemaFile);
    return file;
  }

  list(): PendingDataPoint[] {
    return listYamlFiles(this.pendingDir).map((file) => this.describe(file));
  }

  get(key: string): PendingDataPoint {
    const matches = this.list().filter((p) => p.key === key || p.dataPoint.id === key);
    if (matches.length === 0) throw new NotFoundError(`No pending DataPoint "${key}".`, { hint: 'List them with `datachat review --json`.' });
    if (matches.length > 1) throw new NotFoundError(`"${key}" is pending in several connections: ${matches.map((m) => m.key).join(', ')}; use <connection>/<id>.`);
    return matches[0]!;
  }

  /** Moves one pending DataPoint into datapoints/ as approved; returns the new file. */
  approve(key: string, edited?: DataPoint): string {
    const pending = this.get(key);
    const { status: _status, ...rest } = edited ?? pending.dataPoint;
    writeDataPointFile(pending.approvedFile, { ...rest } as DataPoint, this.schemaFile);
    rmSync(pending.file, { force: true });
    return pending.approvedFile;
  }

  reject(key: string): void {
    const pending = this.get(key);
    rmSync(pending.file, { force: true });
  }

  /** Replaces a pending file with an edited version (still pending). */
  update(key: string, dataPoint: DataPoint): void {
    const pending = this.get(key);
    const target = dataPointPath(this.pendingDir, dataPoint);
    writeDataPointFile(target, { ...dataPoint, status: 'pending' }, this.schemaFile);
    if (target !== pending.file) rmSync(pending.file, { force: true });
  }

  private describe(file: string): PendingDataPoint {
    const dataPoint = readDataPointFile(file);
    const approvedFile = dataPointPath(this.datapointsDir, dataPoint);
    return {
      key: `${dataPoint.connection}/${dataPoint.id}`,
      dataPoint,
      file,
      approvedFile,
      ...(existsSync(approvedFile) ? { approved: readDataPointFile(approvedFile) } : {}),
    };
  }
}

/** Project-relative display path. */
export function displayPath(root: string, file: string): string {
  return relative(root, file).split(sep).join('/');
}
