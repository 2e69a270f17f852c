import { describe, expect, it } from 'vitest';
import { diffDataPoints, diffLines, toHunks, unifiedDiff } from './datapoint-diff.js';
import type { DataPoint } from './datapoint-model.js';

const lines = (n: number, prefix = 'line'): string =>
  `${Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`).join('\n')}\n`;

describe('diffLines', () => {
  it.each([
    ['equal texts', 'a\nb\n', 'a\nb\n', ' a| b'],
    ['both empty', '', '', ''],
    ['from empty', '', 'a\nb\n', '+a|+b'],
    ['to empty', 'a\nb\n', '', '-a|-b'],
    ['one line changed', 'a\nb\nc\n', 'a\nx\nc\n', ' a|-b|+x| c'],
    ['insertion in the middle', 'a\nc\n', 'a\nb\nc\n', ' a|+b| c'],
    ['deletion at the end', 'a\nb\nc\n', 'a\nb\n', ' a| b|-c'],
    ['missing final newline is not a change', 'a\nb', 'a\nb\n', ' a| b'],
    ['reordered lines keep the longest common run', 'a\nb\nc\nd\n', 'b\nc\nd\na\n', '-a| b| c| d|+a'],
  ])('%s', (_name, before, after, expected) => {
    expect(
      diffLines(before, after)
        .map((l) => `${l.op}${l.text}`)
        .join('|'),
    ).toBe(expected);
  });

  it('handles large inputs that differ in every line without blowing memory', () => {
    const result = diffLines(lines(3000, 'old'), lines(3000, 'new'));
    expect(result.filter((l) => l.op === '-')).toHaveLength(3000);
    expect(result.filter((l) => l.op === '+')).toHaveLength(3000);
  });
});

describe('toHunks / unifiedDiff', () => {
  it('keeps three lines of context and numbers hunks like diff -u', () => {
    const before = lines(20);
    const after = before.replace('line 10\n', 'line ten\n');
    const diff = unifiedDiff(before, after);
    expect(diff.text).toBe(
      [
        '@@ -7,7 +7,7 @@',
        ' line 7',
        ' line 8',
        ' line 9',
        '-line 10',
        '+line ten',
        ' line 11',
        ' line 12',
        ' line 13',
        '',
      ].join('\n'),
    );
    expect(diff).toMatchObject({ additions: 1, deletions: 1 });
  });

  it('splits distant changes into separate hunks and merges close ones', () => {
    const before = lines(30);
    const far = before.replace('line 2\n', 'line two\n').replace('line 28\n', 'line twenty-eight\n');
    expect(unifiedDiff(before, far).hunks).toHaveLength(2);
    const near = before.replace('line 10\n', 'x\n').replace('line 15\n', 'y\n');
    expect(unifiedDiff(before, near).hunks).toHaveLength(1);
  });

  it('honours the context size and labels', () => {
    const diff = unifiedDiff('a\nb\nc\n', 'a\nB\nc\n', { context: 0, fromLabel: 'approved', toLabel: 'pending' });
    expect(diff.text).toBe('--- approved\n+++ pending\n@@ -2,1 +2,1 @@\n-b\n+B\n');
  });

  it('numbers an empty side after the line it follows', () => {
    expect(toHunks(diffLines('', 'a\n'))[0]).toMatchObject({ oldStart: 0, oldLines: 0, newStart: 1, newLines: 1 });
    expect(toHunks(diffLines('a\nb\n', 'a\n'), 0)[0]).toMatchObject({
      oldStart: 2,
      oldLines: 1,
      newStart: 1,
      newLines: 0,
    });
  });

  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\n', 'a\n')).toEqual({ text: '', hunks: [], additions: 0, deletions: 0 });
  });
});

describe('diffDataPoints', () => {
  const approved: DataPoint = {
    type: 'Business',
    id: 'revenue',
    name: 'Revenue',
    connection: 'shop',
    description: 'money from orders',
    expression: 'SUM(orders.total)',
    table: 'orders',
    filters: [],
    dimensions: [],
    synonyms: ['sales'],
    aggregation: 'SUM',
    business_rules: [],
    tags: [],
    source: 'manual',
  };

  it('diffs the serialized YAML and ignores the pending status', () => {
    const pending: DataPoint = {
      ...approved,
      status: 'pending',
      expression: 'SUM(orders.amount)',
      source: 'auto_generated',
    };
    const diff = diffDataPoints(approved, pending);
    expect(diff.text).toContain('-expression: SUM(orders.total)\n+expression: SUM(orders.amount)');
    expect(diff.text).toContain('-source: manual\n+source: auto_generated');
    expect(diff.text).not.toContain('status');
    expect(diffDataPoints(approved, { ...approved, status: 'pending' }).text).toBe('');
  });

  it('shows a new DataPoint as all additions', () => {
    const diff = diffDataPoints(undefined, approved);
    expect(diff.deletions).toBe(0);
    expect(diff.text.split('\n')[1]).toBe('+type: Business');
  });
});
