import { jsonSchemaPath } from '../datapoints/datapoint-json-schema.js';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffDataPoints, reviewYaml } from '../datapoints/datapoint-diff.js';
import { diffFields } from '../datapoints/datapoint-field-diff.js';
import { dataPointPath, listYamlFiles } from '../datapoints/datapoint-files.js';
import {
  TYPE_FOLDERS,
  type DataPoint,
  type DataPointType,
  type SchemaDataPoint,
} from '../datapoints/datapoint-model.js';
import { parseDataPoint, readDataPointFile, writeDataPointFile } from '../datapoints/datapoint-yaml.js';
import { RejectionStore } from '../datapoints/rejection-store.js';
import { schemasByTable, tableFingerprints } from '../datapoints/schema-fingerprint.js';
import { displayPath, PendingStore, type PendingDataPoint } from '../datapoints/pending-store.js';
import { DataPointValidationError, RuntimeError } from '../errors.js';
import type { SyncResult } from '../knowledge/knowledge-indexer.js';
import type { ProjectContext } from './project-context.js';

/** A DataPoint awaiting review, as `datachat review` and its `--json` show it. */
export interface ReviewItem {
  /** `<connection>/<id>`. */
  key: string;
  id: string;
  type: DataPointType;
  name: string;
  connection: string;
  confidence: number | null;
  generated_by: string | null;
  source: DataPoint['source'];
  /** True when approving overwrites an approved DataPoint (the diff is against it). */
  replaces_approved: boolean;
  /** Project-relative pending file. */
  file: string;
  /** Project-relative file it moves to when approved. */
  approved_file: string;
  /** Unified diff from the approved YAML (or an empty file when new) to the pending YAML; '' when equal. */
  diff: string;
  additions: number;
  deletions: number;
  /** Why it is proposed (what `review --json` shows). */
  reason: ProposalReason;
  /** The pending DataPoint itself. */
  dataPoint: DataPoint;
}

/** Why a DataPoint is pending review. */
export interface ProposalReason {
  /**
   * `new`: no approved DataPoint yet; `changed`: generation changes fields of the approved one;
   * `schema_changed_since_rejection`: it was rejected, and the schema of its tables changed since.
   */
  kind: 'new' | 'changed' | 'schema_changed_since_rejection';
  /** Field paths that differ from the approved DataPoint (all fields when new). */
  changed_fields: string[];
  /** For `schema_changed_since_rejection`: the rejection and the tables whose schema changed. */
  rejection?: { rejected_at?: string; reason?: string; changed_tables: string[] };
}

export interface ReviewResult {
  approved: { key: string; file: string; replaced: boolean }[];
  rejected: { key: string; file: string }[];
  /** The knowledge sync that followed; absent when the caller asked for `sync: false`. */
  sync?: SyncResult;
}

export interface ReviewActionOptions {
  /** Sync the knowledge index afterwards (default true). Batch callers pass false and call sync() once. */
  sync?: boolean;
  /** Why it was rejected; recorded in `datapoints/<conn>/.rejected.yaml`. */
  reason?: string;
}

export interface EditOptions {
  /**
   * Called when the edited YAML does not validate (the error's issues carry file:line of the temp
   * file). 'retry' reopens the editor on the same text; 'discard' drops the edit. Default: discard.
   */
  onInvalid?: (error: DataPointValidationError) => Promise<'retry' | 'discard'>;
}

export interface EditResult {
  status: 'updated' | 'unchanged' | 'discarded';
  /** Key of the pending DataPoint afterwards (differs from the input when the id was edited). */
  key: string;
}

export interface ReviewServiceOptions {
  /** Folder for the files opened in the editor (default: the OS temp folder). */
  tempDir?: string;
}

/**
 * The review workflow over `.datachat/pending/` (docs/datapoint-model.md#files): list with diffs against the approved
 * versions, approve (move into `datapoints/`), reject (delete), edit in the user's editor. Each
 * action touches only the DataPoints it names and is followed by one knowledge sync.
 */
export class ReviewService {
  private readonly store: PendingStore;
  private readonly rejections: RejectionStore;
  private readonly schemaFile: string;
  private readonly schemaCache = new Map<string, Map<string, SchemaDataPoint>>();

  constructor(
    private readonly project: ProjectContext,
    private readonly options: ReviewServiceOptions = {},
  ) {
    this.schemaFile = jsonSchemaPath(project.paths.datapointsDir);
    this.store = new PendingStore(project.paths.pendingDir, project.paths.datapointsDir, this.schemaFile);
    this.rejections = new RejectionStore(project.paths.datapointsDir);
  }

  /** Every pending DataPoint, sorted by connection, type folder and id. */
  list(): ReviewItem[] {
    return this.store.list().map((p) => this.describe(p));
  }

  /** One pending DataPoint by `<connection>/<id>` or a bare id (NotFoundError, exit 2, when unknown or ambiguous). */
  get(key: string): ReviewItem {
    return this.describe(this.store.get(key));
  }

  /** Canonical keys for `keys`, deduplicated; throws before anything changes if one is unknown or ambiguous. */
  resolve(keys: readonly string[]): string[] {
    return [...new Set(keys.map((k) => this.store.get(k).key))];
  }

  async approve(keys: readonly string[], options: ReviewActionOptions = {}): Promise<ReviewResult> {
    const entries = this.entries(keys);
    return this.finish({ approved: entries.map((p) => this.moveToApproved(p)), rejected: [] }, options);
  }

  async approveAll(options: ReviewActionOptions = {}): Promise<ReviewResult> {
    return this.finish({ approved: this.store.list().map((p) => this.moveToApproved(p)), rejected: [] }, options);
  }

  /**
   * Deletes the pending copies and remembers each rejection in the committed `.rejected.yaml` of its
   * connection, so generation does not propose it again until its tables' schema changes.
   */
  async reject(keys: readonly string[], options: ReviewActionOptions = {}): Promise<ReviewResult> {
    const rejected = this.entries(keys).map((p) => {
      const known = this.schemas(p.dataPoint.connection);
      const details = options.reason ? { reason: options.reason } : {};
      this.rejections.add(p.dataPoint, tableFingerprints(p.dataPoint, known), details);
      this.store.reject(p);
      return { key: p.key, file: this.rel(p.file) };
    });
    return this.finish({ approved: [], rejected }, options);
  }

  /** One incremental knowledge sync. */
  async sync(): Promise<SyncResult> {
    return (await this.project.indexer()).sync();
  }

  /**
   * Opens the pending DataPoint in `editorCommand` (run through the shell, so `code --wait` works),
   * validates the result and replaces the pending file; it stays pending.
   */
  async edit(key: string, editorCommand: string, options: EditOptions = {}): Promise<EditResult> {
    const pending = this.store.get(key);
    const dir = mkdtempSync(join(this.options.tempDir ?? tmpdir(), 'datachat-review-'));
    const file = join(dir, `${pending.dataPoint.id}.yaml`);
    try {
      const { status: _status, ...original } = pending.dataPoint;
      writeDataPointFile(file, original as DataPoint, this.schemaFile);
      const originalText = readFileSync(file, 'utf8');
      for (;;) {
        runEditor(editorCommand, file);
        const text = readFileSync(file, 'utf8');
        if (text === originalText) return { status: 'unchanged', key: pending.key };
        let edited: DataPoint;
        try {
          edited = parseDataPoint(file, text);
          this.checkTarget(pending, edited, file, text);
        } catch (error) {
          if (!(error instanceof DataPointValidationError)) throw error;
          if ((await options.onInvalid?.(error)) === 'retry') continue;
          return { status: 'discarded', key: pending.key };
        }
        if (reviewYaml(edited) === reviewYaml(pending.dataPoint)) return { status: 'unchanged', key: pending.key };
        this.store.update(pending.key, edited);
        return { status: 'updated', key: `${edited.connection}/${edited.id}` };
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /**
   * Replaces a pending DataPoint with edited YAML text (the web UI's editor), validated as `edit`
   * validates the editor's file; it stays pending. Nothing is written when the text is invalid.
   */
  editText(key: string, text: string): EditResult {
    const pending = this.store.get(key);
    const file = `${pending.key}.yaml`;
    const edited = parseDataPoint(file, text);
    this.checkTarget(pending, edited, file, text);
    if (reviewYaml(edited) === reviewYaml(pending.dataPoint)) return { status: 'unchanged', key: pending.key };
    this.store.update(pending.key, edited);
    return { status: 'updated', key: `${edited.connection}/${edited.id}` };
  }

  private entries(keys: readonly string[]): PendingDataPoint[] {
    // Resolve every key before touching any file, so one bad id changes nothing.
    const byKey = new Map<string, PendingDataPoint>();
    for (const key of keys) {
      const entry = this.store.get(key);
      byKey.set(entry.key, entry);
    }
    return [...byKey.values()];
  }

  private moveToApproved(p: PendingDataPoint): ReviewResult['approved'][number] {
    const file = this.store.approve(p);
    // Approved after all: a former rejection no longer speaks for the team.
    this.rejections.remove(p.dataPoint.connection, p.dataPoint.type, p.dataPoint.id);
    return { key: p.key, file: this.rel(file), replaced: p.approved !== undefined };
  }

  private async finish(result: ReviewResult, options: ReviewActionOptions): Promise<ReviewResult> {
    if (options.sync === false) return result;
    return { ...result, sync: await this.sync() };
  }

  /** An edit may rename the DataPoint, but not onto another pending one or an unknown connection. */
  private checkTarget(pending: PendingDataPoint, edited: DataPoint, file: string, text: string): void {
    const lineOf = (field: string): number | undefined => {
      const index = text.split('\n').findIndex((l) => l.startsWith(`${field}:`));
      return index < 0 ? undefined : index + 1;
    };
    const known = this.project.config.connections.map((c) => c.id);
    if (known.length && !known.includes(edited.connection)) {
      throw new DataPointValidationError([
        {
          file,
          line: lineOf('connection'),
          path: 'connection',
          message: `unknown connection "${edited.connection}" (known: ${known.join(', ')})`,
        },
      ]);
    }
    const target = dataPointPath(this.project.paths.pendingDir, edited);
    if (target !== pending.file && existsSync(target)) {
      throw new DataPointValidationError([
        {
          file,
          line: lineOf('id'),
          path: 'id',
          message: `"${edited.connection}/${edited.id}" is already pending review; keep the id or review that one first`,
        },
      ]);
    }
  }

  private describe(p: PendingDataPoint): ReviewItem {
    const dp = p.dataPoint;
    const diff = diffDataPoints(p.approved, dp, {
      fromLabel: p.approved ? this.rel(p.approvedFile) : '/dev/null',
      toLabel: this.rel(p.file),
    });
    return {
      key: p.key,
      id: dp.id,
      type: dp.type,
      name: dp.name,
      connection: dp.connection,
      confidence: dp.confidence ?? null,
      generated_by: dp.generated_by ?? null,
      source: dp.source,
      replaces_approved: p.approved !== undefined,
      file: this.rel(p.file),
      approved_file: this.rel(p.approvedFile),
      diff: diff.text,
      additions: diff.additions,
      deletions: diff.deletions,
      reason: this.reasonFor(p),
      dataPoint: dp,
    };
  }

  private reasonFor(p: PendingDataPoint): ProposalReason {
    const changed_fields = [...new Set(diffFields(p.approved, p.dataPoint).map((c) => c.path))];
    const rejection = this.rejections.get(p.dataPoint.connection, p.dataPoint.type, p.dataPoint.id);
    if (rejection) {
      const tables = tableFingerprints(p.dataPoint, this.schemas(p.dataPoint.connection));
      const changed_tables = this.rejections.check(rejection, tables).changedTables;
      const { rejected_at, reason } = rejection;
      const details = { ...(rejected_at ? { rejected_at } : {}), ...(reason ? { reason } : {}), changed_tables };
      return { kind: 'schema_changed_since_rejection', changed_fields, rejection: details };
    }
    return { kind: p.approved ? 'changed' : 'new', changed_fields };
  }

  /** Approved Schema DataPoints of a connection by table (what rejections fingerprint), read once. */
  private schemas(connection: string): Map<string, SchemaDataPoint> {
    let known = this.schemaCache.get(connection);
    if (!known) {
      const folder = join(this.project.paths.datapointsDir, connection, TYPE_FOLDERS.Schema);
      const found = listYamlFiles(folder).map((f) => readDataPointFile(f));
      known = schemasByTable(found.filter((d): d is SchemaDataPoint => d.type === 'Schema'));
      this.schemaCache.set(connection, known);
    }
    return known;
  }

  private rel(file: string): string {
    return displayPath(this.project.paths.root, file);
  }
}

/**
 * Runs the editor on `file` with the terminal attached. POSIX: through `sh -c '<editor> "$@"'` like
 * git, so an editor command with arguments works and the path is never re-parsed by the shell.
 */
function runEditor(editorCommand: string, file: string): void {
  const result =
    process.platform === 'win32'
      ? spawnSync(`${editorCommand} "${file}"`, { shell: true, stdio: 'inherit' })
      : spawnSync('/bin/sh', ['-c', `${editorCommand} "$@"`, editorCommand, file], { stdio: 'inherit' });
  if (result.error)
    throw new RuntimeError(`Could not start the editor "${editorCommand}": ${result.error.message}`, {
      cause: result.error,
      hint: 'Set $VISUAL or $EDITOR to your editor command.',
    });
  if (result.status !== 0) {
    throw new RuntimeError(
      `The editor "${editorCommand}" ${result.signal ? `was killed by ${result.signal}` : `exited with code ${result.status}`}; the DataPoint was not changed.`,
      {
        hint: 'Set $VISUAL or $EDITOR to your editor command (for VS Code: "code --wait").',
      },
    );
  }
}
