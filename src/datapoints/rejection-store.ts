import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { DataPointValidationError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { reviewYaml } from './datapoint-diff.js';
import type { DataPoint, DataPointType } from './datapoint-model.js';
import { fingerprint } from './field-fingerprint.js';

/** Committed next to the DataPoints it speaks for; hidden, so it is never read as a DataPoint. */
export const REJECTED_FILE = '.rejected.yaml';

const HEADER = [
  '# DataPoints rejected in review (`datachat review --reject`, `datachat datapoints remove`).',
  '# `datachat generate` does not propose them again while the schema of their tables is unchanged',
  "# (`tables`: fingerprint of each table's columns and primary key). Delete an entry to allow it again.",
].join('\n');

const entrySchema = z.object({
  id: z.string(),
  type: z.enum(['Schema', 'Business', 'Process', 'Query']),
  /** Fingerprint of the rejected YAML. */
  content: z.string(),
  tables: z.record(z.string(), z.string()).default({}),
  reason: z.string().optional(),
  rejected_at: z.string().optional(),
  rejected_by: z.string().optional(),
});
const fileSchema = z.object({ rejected: z.array(entrySchema).default([]) });

export type Rejection = z.infer<typeof entrySchema>;

/** Whether a proposal is held back by a rejection, and why not when it is proposed again. */
export interface RejectionCheck {
  rejection: Rejection;
  /** True when the proposal must not be made (same tables, same structure). */
  suppressed: boolean;
  /** Tables whose schema changed since the rejection. */
  changedTables: string[];
}

/**
 * `datapoints/<connection>/.rejected.yaml`: what a team decided not to want, shared through git like
 * the DataPoints themselves. Sorted by id, no volatile fields beyond the rejection time, so the
 * file changes only when someone rejects or re-allows something.
 */
export class RejectionStore {
  constructor(private readonly datapointsDir: string) {}

  file(connection: string): string {
    return join(this.datapointsDir, connection, REJECTED_FILE);
  }

  list(connection: string): Rejection[] {
    const file = this.file(connection);
    if (!existsSync(file)) return [];
    const text = readFileSync(file, 'utf8');
    let raw: unknown;
    try {
      raw = parse(text, { maxAliasCount: 0 });
    } catch (error) {
      const message = `not valid YAML: ${(error as Error).message}`;
      throw new DataPointValidationError([{ file, message }], { cause: error });
    }
    const parsed = fileSchema.safeParse(raw ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ file, path: i.path.join('.'), message: i.message }));
      throw new DataPointValidationError(issues);
    }
    return parsed.data.rejected;
  }

  get(connection: string, type: DataPointType, id: string): Rejection | undefined {
    return this.list(connection).find((r) => r.id === id && r.type === type);
  }

  /** Records (or replaces) the rejection of `dataPoint`, with the fingerprints of its tables now. */
  add(
    dataPoint: DataPoint,
    tables: Record<string, string>,
    details: { reason?: string; at?: Date; by?: string } = {},
  ): Rejection {
    const entry: Rejection = {
      id: dataPoint.id,
      type: dataPoint.type,
      content: fingerprint(reviewYaml({ ...dataPoint, generated: undefined })) ?? '',
      tables,
      ...(details.reason ? { reason: details.reason } : {}),
      rejected_at: (details.at ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ...(details.by ? { rejected_by: details.by } : {}),
    };
    const rest = this.list(dataPoint.connection).filter((r) => !(r.id === entry.id && r.type === entry.type));
    this.save(dataPoint.connection, [...rest, entry]);
    return entry;
  }

  /** Forgets a rejection (the DataPoint was approved after all); true when there was one. */
  remove(connection: string, type: DataPointType, id: string): boolean {
    const all = this.list(connection);
    const rest = all.filter((r) => !(r.id === id && r.type === type));
    if (rest.length === all.length) return false;
    this.save(connection, rest);
    return true;
  }

  /** Compares a rejection's table fingerprints with the tables' current ones. */
  check(rejection: Rejection, tablesNow: Record<string, string>): RejectionCheck {
    const names = [...new Set([...Object.keys(rejection.tables), ...Object.keys(tablesNow)])].sort();
    const changedTables = names.filter((t) => (rejection.tables[t] ?? '') !== (tablesNow[t] ?? ''));
    return { rejection, suppressed: changedTables.length === 0, changedTables };
  }

  private save(connection: string, entries: Rejection[]): void {
    const file = this.file(connection);
    if (entries.length === 0) {
      rmSync(file, { force: true });
      return;
    }
    const sorted = [...entries].sort((a, b) => a.id.localeCompare(b.id) || a.type.localeCompare(b.type));
    writeFileAtomic(file, `${HEADER}\n${stringify({ rejected: sorted }, { lineWidth: 0 })}`);
  }
}
