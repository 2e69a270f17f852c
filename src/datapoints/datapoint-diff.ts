import type { DataPoint } from './datapoint-model.js';
import { serializeDataPoint } from './datapoint-yaml.js';

/** One line of a diff: `-` only in the old text, `+` only in the new one, ` ` in both. */
export interface DiffLine {
  op: '+' | '-' | ' ';
  text: string;
}

/** A run of changes with its context; line numbers are 1-based as in `diff -u`. */
export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
}

export interface TextDiff {
  /** Unified-style text (`@@` headers, then `+`/`-`/` ` lines); empty when the texts are equal. */
  text: string;
  hunks: DiffHunk[];
  additions: number;
  deletions: number;
}

/**
 * Above this many LCS cells (after trimming the common head and tail) the changed middle is reported
 * as removed-then-added instead: bounds memory at 16 MB for pathological inputs.
 */
const MAX_LCS_CELLS = 4_000_000;

function splitLines(text: string): string[] {
  if (text === '') return [];
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
}

/** Full line diff of two texts by longest common subsequence. */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let endA = a.length;
  let endB = b.length;
  while (endA > head && endB > head && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const same = (text: string): DiffLine => ({ op: ' ', text });
  return [
    ...a.slice(0, head).map(same),
    ...diffMiddle(a.slice(head, endA), b.slice(head, endB)),
    ...a.slice(endA).map(same),
  ];
}

function diffMiddle(a: readonly string[], b: readonly string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_LCS_CELLS)
    return [...a.map((text) => ({ op: '-' as const, text })), ...b.map((text) => ({ op: '+' as const, text }))];
  // lcs[i * w + j] = length of the LCS of a[i..] and b[j..].
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--)
      lcs[i * w + j] =
        a[i] === b[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i++]! });
      j++;
    } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) out.push({ op: '-', text: a[i++]! });
    else out.push({ op: '+', text: b[j++]! });
  }
  while (i < n) out.push({ op: '-', text: a[i++]! });
  while (j < m) out.push({ op: '+', text: b[j++]! });
  return out;
}

/** Groups changed lines into hunks with `context` unchanged lines around each (default 3). */
export function toHunks(lines: readonly DiffLine[], context = 3): DiffHunk[] {
  const ranges: [number, number][] = [];
  lines.forEach((line, index) => {
    if (line.op === ' ') return;
    const start = Math.max(0, index - context);
    const end = Math.min(lines.length, index + context + 1);
    const last = ranges[ranges.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else ranges.push([start, end]);
  });
  return ranges.map(([start, end]) => {
    const before = lines.slice(0, start);
    const body = lines.slice(start, end);
    const oldLines = body.filter((l) => l.op !== '+').length;
    const newLines = body.filter((l) => l.op !== '-').length;
    // As in `diff -u`: an empty side is numbered after the line it follows.
    const oldStart = before.filter((l) => l.op !== '+').length + (oldLines ? 1 : 0);
    const newStart = before.filter((l) => l.op !== '-').length + (newLines ? 1 : 0);
    return { oldStart, oldLines, newStart, newLines, lines: body };
  });
}

/** A unified-style diff of two texts, optionally with `---`/`+++` labels. */
export function unifiedDiff(
  before: string,
  after: string,
  options: { context?: number; fromLabel?: string; toLabel?: string } = {},
): TextDiff {
  const lines = diffLines(before, after);
  const hunks = toHunks(lines, options.context);
  const additions = lines.filter((l) => l.op === '+').length;
  const deletions = lines.filter((l) => l.op === '-').length;
  if (hunks.length === 0) return { text: '', hunks, additions, deletions };
  const out: string[] = [];
  if (options.fromLabel !== undefined || options.toLabel !== undefined)
    out.push(`--- ${options.fromLabel ?? 'a'}`, `+++ ${options.toLabel ?? 'b'}`);
  for (const h of hunks) {
    out.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`);
    for (const l of h.lines) out.push(`${l.op}${l.text}`);
  }
  return { text: `${out.join('\n')}\n`, hunks, additions, deletions };
}

/** YAML of a DataPoint as it would be approved: without `status`, which always differs. */
export function reviewYaml(dataPoint: DataPoint): string {
  const { status: _status, ...rest } = dataPoint;
  return serializeDataPoint(rest as DataPoint);
}

/** Diff from the approved DataPoint (none: an empty file) to the pending one, on their serialized YAML. */
export function diffDataPoints(
  approved: DataPoint | undefined,
  pending: DataPoint,
  options: { context?: number; fromLabel?: string; toLabel?: string } = {},
): TextDiff {
  return unifiedDiff(approved ? reviewYaml(approved) : '', reviewYaml(pending), options);
}
