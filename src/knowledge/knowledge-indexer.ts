import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { listYamlFiles } from '../datapoints/datapoint-files.js';
import type { DataPoint } from '../datapoints/datapoint-model.js';
import { parseDataPoint } from '../datapoints/datapoint-yaml.js';
import { DataPointValidationError, type FileIssue } from '../errors.js';
import type { Embedder } from './embedder.js';
import { indexEntryFor } from './index-entry.js';
import type { IndexRecord, KnowledgeStore, StoredFile } from './knowledge-store.js';

export interface SyncResult {
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  /** DataPoints in the index after the sync. */
  total: number;
  /** True when nothing had to be done. */
  up_to_date: boolean;
  elapsed_ms: number;
}

interface ScannedFile extends StoredFile {
  text?: string;
}

/**
 * Incremental, idempotent sync of YAML DataPoints into the knowledge store. A file is re-read only
 * when its size or mtime changed, and re-indexed only when its content hash changed. Every changed
 * file is validated before anything is written; one invalid file fails the sync and leaves the index
 * exactly as it was.
 */
export class KnowledgeIndexer {
  constructor(
    private readonly store: KnowledgeStore,
    private readonly embedder: Embedder,
    private readonly datapointsDir: string,
    private readonly projectRoot: string,
  ) {}

  /** Cheap check (stat only, reading a file just when its stat changed): would sync do anything? */
  isStale(): boolean {
    if (!this.store.vectorsCurrent(this.embedder.fingerprint)) return true;
    const known = this.store.files();
    const files = listYamlFiles(this.datapointsDir);
    if (files.length !== known.size) return true;
    for (const file of files) {
      const rel = this.rel(file);
      const prior = known.get(rel);
      if (!prior) return true;
      const st = statSync(file);
      if (st.size === prior.size && st.mtimeMs === prior.mtimeMs) continue;
      if (hashText(readFileSync(file, 'utf8')) !== prior.hash) return true;
    }
    return false;
  }

  async sync(): Promise<SyncResult> {
    const started = performance.now();
    this.store.ensureVectors(this.embedder.dimensions, this.embedder.fingerprint);
    const known = this.store.files();
    const seen = new Set<string>();
    const changed: ScannedFile[] = [];
    const touched: StoredFile[] = [];
    let unchanged = 0;
    for (const file of listYamlFiles(this.datapointsDir)) {
      const rel = this.rel(file);
      seen.add(rel);
      const st = statSync(file);
      const prior = known.get(rel);
      if (prior && prior.size === st.size && prior.mtimeMs === st.mtimeMs) {
        unchanged++;
        continue;
      }
      const text = readFileSync(file, 'utf8');
      const hash = hashText(text);
      if (prior && prior.hash === hash) {
        unchanged++;
        touched.push({ path: rel, hash, size: st.size, mtimeMs: st.mtimeMs });
        continue;
      }
      changed.push({ path: rel, hash, size: st.size, mtimeMs: st.mtimeMs, text });
    }
    const removed = [...known.keys()].filter((path) => !seen.has(path));

    const parsed: { file: ScannedFile; dataPoint: DataPoint }[] = [];
    const issues: FileIssue[] = [];
    for (const file of changed) {
      try {
        parsed.push({ file, dataPoint: parseDataPoint(file.path, file.text!) });
      } catch (error) {
        if (error instanceof DataPointValidationError) issues.push(...error.issues);
        else throw error;
      }
    }
    issues.push(...this.duplicateIssues(parsed, new Set([...removed, ...changed.map((c) => c.path)])));
    if (issues.length) throw new DataPointValidationError(issues);

    const embeddings = await this.embedder.embed(parsed.map((p) => indexEntryFor(p.dataPoint).embedText));
    const records: IndexRecord[] = parsed.map((p, i) => ({
      file: p.file.path,
      hash: p.file.hash,
      dataPoint: p.dataPoint,
      entry: indexEntryFor(p.dataPoint),
      embedding: embeddings[i]!,
    }));
    // Judge "added" by what the index holds, not by file hashes (those are reset when the embedder changes).
    const indexedFiles = new Set(this.store.list().map((d) => d.file));
    const added = changed.filter((c) => !indexedFiles.has(c.path)).length;
    if (records.length || removed.length) this.store.applySync(removed, records, changed);
    if (touched.length) this.store.touchFiles(touched);
    return {
      added,
      updated: changed.length - added,
      removed: removed.length,
      unchanged,
      total: this.store.count(),
      up_to_date: changed.length === 0 && removed.length === 0,
      elapsed_ms: performance.now() - started,
    };
  }

  /** Two files defining the same (connection, id): an error naming both. */
  private duplicateIssues(
    parsed: { file: ScannedFile; dataPoint: DataPoint }[],
    replacedFiles: Set<string>,
  ): FileIssue[] {
    const issues: FileIssue[] = [];
    const owners = new Map<string, string>();
    for (const existing of this.store.list()) {
      if (!replacedFiles.has(existing.file)) owners.set(`${existing.connection}/${existing.id}`, existing.file);
    }
    for (const { file, dataPoint } of parsed) {
      const key = `${dataPoint.connection}/${dataPoint.id}`;
      const other = owners.get(key);
      if (other && other !== file.path) {
        issues.push({
          file: file.path,
          line: 1,
          path: 'id',
          message: `duplicate DataPoint id "${dataPoint.id}" in connection "${dataPoint.connection}" (also defined in ${other})`,
        });
      } else owners.set(key, file.path);
    }
    return issues;
  }

  private rel(file: string): string {
    return relative(this.projectRoot, file).split(sep).join('/');
  }
}

function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
