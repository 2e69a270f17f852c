import type { DataPoint, SchemaColumn } from './datapoint-model.js';
import { elementFingerprints, fingerprint, isEmptyValue, listFingerprint, sameValue } from './field-fingerprint.js';

/** Identity and bookkeeping: never owned, never fingerprinted. */
const BOOKKEEPING = new Set(['type', 'id', 'connection', 'status', 'source', 'generated']);
/** Measurements of the database in a Schema DataPoint: always refreshed from the proposal. */
const SCHEMA_FACTS = new Set(['table', 'schema', 'kind', 'row_count', 'primary_key', 'columns']);
/** Per-column fields of a Schema DataPoint that a person may own (the rest of a column is measured). */
export const OWNED_COLUMN_FIELDS = ['meaning', 'pii'] as const;

/** A field a person owns: kept as the person wrote it, whatever generation proposes. */
export interface KeptField {
  path: string;
  /** The person's value (what stays); absent when they emptied the field. */
  current?: unknown;
  /** True when generation proposes something else (then `proposed` is that, absent if empty). */
  overrides: boolean;
  proposed?: unknown;
}

export interface MergeResult {
  dataPoint: DataPoint;
  /** Fields a person owns (kept as they are), among the paths the proposal speaks for. */
  kept: KeptField[];
  /** True when the current DataPoint is `source: manual`: it is returned untouched. */
  manual: boolean;
}

export interface MergeOptions {
  /**
   * Fingerprints of the proposal's values by path: a pending DataPoint's `generated` block, so a
   * reviewer's edit to the pending copy becomes person-owned once approved. Default: hashes of the values.
   */
  fingerprints?: Readonly<Record<string, string>>;
  /** Owned paths the proposal speaks for (default: all); the others keep value and fingerprint. */
  speaksFor?: (path: string) => boolean;
  /**
   * A field without a fingerprint (a file from before ownership, a field the generator never wrote)
   * whose value differs from the proposal: `keep` it as a person's (default), or `take` the proposal —
   * what approving in review does, since the reviewer saw and accepted that diff.
   */
  unrecorded?: 'keep' | 'take';
}

interface Decision {
  value: unknown;
  fp: string | undefined;
  /** A person owns the field. */
  kept: boolean;
}

/**
 * The one merge of a generated proposal into the current DataPoint (docs/datapoint-ownership.md).
 * A field is refreshed only while its current value still equals its fingerprint in the current
 * `generated:` block (the value the generator last wrote); anything a person changed, added or removed
 * wins, per element for lists. `source: manual` DataPoints are returned untouched. Without a current
 * DataPoint the proposal is taken whole, with its fingerprints. The result never has `status`.
 */
export function mergeGenerated(
  current: DataPoint | undefined,
  proposal: DataPoint,
  options: MergeOptions = {},
): MergeResult {
  const { status: _status, generated: _generated, ...fresh } = proposal;
  const proposalFp = (path: string, value: unknown, list: boolean): string | undefined =>
    options.fingerprints
      ? options.fingerprints[path]
      : list
        ? listFingerprint(value as unknown[] | undefined)
        : fingerprint(value);
  if (current && (current.source === 'manual' || current.type !== proposal.type)) {
    const { status: _s, ...untouched } = current;
    return { dataPoint: untouched as DataPoint, kept: [], manual: current.source === 'manual' };
  }
  const speaks = (path: string): boolean => current === undefined || !options.speaksFor || options.speaksFor(path);
  const base: Record<string, unknown> = current ? { ...current } : { ...fresh };
  delete base.status;
  delete base.generated;
  const before: Record<string, unknown> = current ?? {};
  const after: Record<string, unknown> = fresh;
  const old = current?.generated ?? {};
  const block: Record<string, string> = {};
  const kept: KeptField[] = [];
  const take = options.unrecorded === 'take';
  const decide = (path: string, c: unknown, g: unknown): unknown => {
    const list = Array.isArray(c) || Array.isArray(g);
    const gfp = proposalFp(path, g, list);
    const d = !current
      ? { value: g, fp: gfp, kept: false }
      : !speaks(path)
        ? { value: c, fp: old[path], kept: false }
        : list
          ? decideList(asList(c), old[path], asList(g), gfp, take)
          : decideValue(c, old[path], g, gfp, take);
    if (d.fp !== undefined) block[path] = d.fp;
    if (d.kept) {
      const overrides = !sameValue(d.value, g);
      const proposed = overrides && !isEmptyValue(g) ? { proposed: g } : {};
      kept.push({ path, ...(isEmptyValue(c) ? {} : { current: c }), overrides, ...proposed });
    }
    return d.value;
  };

  const schema = proposal.type === 'Schema';
  if (schema) for (const fact of SCHEMA_FACTS) base[fact] = after[fact];
  const recorded = Object.keys(old).filter((p) => !p.includes('.'));
  const topPaths = new Set([...Object.keys(before), ...Object.keys(after), ...recorded]);
  for (const path of [...topPaths].sort()) {
    if (BOOKKEEPING.has(path) || (schema && SCHEMA_FACTS.has(path))) continue;
    base[path] = decide(path, before[path], after[path]);
  }
  if (schema) {
    const oldColumns = new Map(((before.columns as SchemaColumn[] | undefined) ?? []).map((c) => [c.name, c]));
    base.columns = ((after.columns as SchemaColumn[] | undefined) ?? []).map((column) => {
      const merged: Record<string, unknown> = { ...column };
      for (const field of OWNED_COLUMN_FIELDS) {
        merged[field] = decide(`columns.${column.name}.${field}`, oldColumns.get(column.name)?.[field], column[field]);
      }
      if (merged.meaning === undefined) merged.meaning = '';
      return merged;
    });
  }
  for (const [k, v] of Object.entries(base)) if (v === undefined) delete base[k];
  if (Object.keys(block).length) base.generated = block;
  return { dataPoint: base as DataPoint, kept, manual: false };
}

function decideValue(c: unknown, f: string | undefined, g: unknown, gfp: string | undefined, take: boolean): Decision {
  const hc = fingerprint(c);
  if (f === undefined) {
    if (hc === undefined || take) return { value: g, fp: gfp, kept: false };
    // Never fingerprinted (a file from before ownership, or a field the generator left empty): a value
    // equal to the proposal is adopted; any other value is a person's.
    if (hc === fingerprint(g)) return { value: c, fp: gfp, kept: false };
    return { value: c, fp: undefined, kept: true };
  }
  if (hc === f) return { value: g, fp: gfp, kept: false };
  return { value: c, fp: f, kept: true };
}

/**
 * Lists merge per element: elements the generator wrote (their hash is in the old fingerprint) follow
 * the proposal; elements a person added stay; elements a person removed stay removed; new proposals
 * are appended unless a person's element has the same key (an edited relationship, parameter).
 */
function decideList(
  c: unknown[],
  f: string | undefined,
  g: unknown[],
  gfp: string | undefined,
  take: boolean,
): Decision {
  const hc = elementFingerprints(c);
  const hg = elementFingerprints(g);
  if (f === undefined) {
    if (c.length === 0 || take) return { value: g, fp: gfp, kept: false };
    if (hc.length === hg.length && hc.every((h) => hg.includes(h))) return { value: c, fp: gfp, kept: false };
    return { value: c, fp: undefined, kept: true };
  }
  if (hc.join(' ') === f) return { value: g, fp: gfp, kept: false };
  // The proposal echoes the person's list (generators that fill only blanks): nothing to do.
  if (hc.join(' ') === hg.join(' ')) return { value: c, fp: f, kept: true };
  const wrote = new Set(f.split(' '));
  const proposed = new Set(hg);
  const present = new Set(hc);
  const stay = c.filter((_, i) => !wrote.has(hc[i]!) || proposed.has(hc[i]!));
  const keys = new Set(stay.map(keyOf));
  const added = g.filter((v, i) => !wrote.has(hg[i]!) && !present.has(hg[i]!) && !keys.has(keyOf(v)));
  const value = [...stay, ...added];
  // Remember what the generator wrote now, minus elements that were the person's before it proposed them.
  const fp = hg.filter((h) => wrote.has(h) || !present.has(h)).join(' ') || undefined;
  return { value, fp, kept: true };
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : isEmptyValue(value) ? [] : [value];
}

/** What makes two list elements "the same thing" even when edited: a name, or a relationship's ends. */
function keyOf(value: unknown): string {
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.target_table === 'string') {
      return `rel:${String(v.columns)}->${v.target_table}(${String(v.target_columns)})`;
    }
    if (typeof v.name === 'string') return `name:${v.name}`;
  }
  return `value:${fingerprint(value) ?? ''}`;
}
