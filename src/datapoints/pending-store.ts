import { existsSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { NotFoundError } from '../errors.js';
import { reviewYaml } from './datapoint-diff.js';
import { dataPointPath, listYamlFiles } from './datapoint-files.js';
import type { DataPoint } from './datapoint-model.js';
import { readDataPointFile, serializeDataPoint, writeDataPointFile } from './datapoint-yaml.js';
import { mergeGenerated } from './field-ownership.js';

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
 * `status: pending` (docs/datapoint-model.md#files). Approving moves one file into `datapoints/` (atomic write, then
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
    if (matches.length === 0)
      throw new NotFoundError(`No pending DataPoint "${key}".`, { hint: 'List them with `datachat review --json`.' });
    if (matches.length > 1)
      throw new NotFoundError(
        `"${key}" is pending in several connections: ${matches.map((m) => m.key).join(', ')}; use <connection>/<id>.`,
      );
    return matches[0]!;
  }

  /**
   * Approves one pending DataPoint (as listed): merged into the approved file through
   * {@link mergeGenerated} against the approved file as it is now, so edits made to it since the
   * proposal stay; the pending copy is removed. Returns the approved file. Takes a listed entry so
   * approving many does not re-read the folder each time.
   */
  approve(pending: PendingDataPoint): string {
    const current = existsSync(pending.approvedFile) ? readDataPointFile(pending.approvedFile) : undefined;
    const { status: _status, ...proposal } = pending.dataPoint;
    // A reviewer who marked the proposal `source: manual` takes it whole; otherwise ownership decides.
    const dataPoint =
      proposal.source === 'manual'
        ? (proposal as DataPoint)
        : mergeGenerated(current, pending.dataPoint, {
            unrecorded: 'take',
            ...(proposal.generated ? { fingerprints: proposal.generated } : {}),
          }).dataPoint;
    if (!current || serializeDataPoint(current) !== serializeDataPoint(dataPoint)) {
      writeDataPointFile(pending.approvedFile, dataPoint, this.schemaFile);
    }
    this.remove(pending.file);
    return pending.approvedFile;
  }

  /**
   * Removes every pending copy (of `connection`, or all) whose content equals its approved file:
   * approving it would change nothing, so it would only be noise in review. Returns their keys.
   */
  discardIdentical(connection?: string): string[] {
    const removed: string[] = [];
    for (const file of listYamlFiles(connection ? join(this.pendingDir, connection) : this.pendingDir)) {
      let entry: PendingDataPoint;
      try {
        entry = this.describe(file);
      } catch {
        continue; // an invalid file is review's to report, not generation's
      }
      if (entry.approved && reviewYaml(entry.approved) === reviewYaml(entry.dataPoint)) {
        this.remove(file);
        removed.push(entry.key);
      }
    }
    return removed;
  }

  /** Removes the pending copy of `dataPoint` if there is one (it is approved as is, or superseded). */
  discard(dataPoint: Pick<DataPoint, 'id' | 'type' | 'connection'>): boolean {
    const file = dataPointPath(this.pendingDir, dataPoint);
    if (!existsSync(file)) return false;
    this.remove(file);
    return true;
  }

  /** Deletes one pending DataPoint (as listed). */
  reject(pending: PendingDataPoint): void {
    this.remove(pending.file);
  }

  /** Replaces a pending file with an edited version (still pending). */
  update(key: string, dataPoint: DataPoint): void {
    const pending = this.get(key);
    const target = dataPointPath(this.pendingDir, dataPoint);
    writeDataPointFile(target, { ...dataPoint, status: 'pending' }, this.schemaFile);
    if (target !== pending.file) rmSync(pending.file, { force: true });
  }

  /** Deletes a pending file, then the folders it leaves empty (never pending/ itself). */
  private remove(file: string): void {
    rmSync(file, { force: true });
    for (let dir = dirname(file); dir.startsWith(this.pendingDir + sep); dir = dirname(dir)) {
      try {
        rmdirSync(dir);
      } catch {
        return; // not empty
      }
    }
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
