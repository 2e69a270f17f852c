import { describe, expect, it } from 'vitest';
import { renderTable, truncate } from './table-render.js';

describe('result tables for people', () => {
  const rows = [
    { id: 1, name: 'alice', total: 130228 },
    { id: 2, name: 'bob', total: 2292216.7600000002 },
    { id: 10, name: null, total: 0.5 },
  ];

  it('draws a compact box: no line between rows, numbers right-aligned and grouped like the chart', () => {
    expect(renderTable(rows, ['id', 'name', 'total'], { width: 80, locale: 'en-US' }).split('\n')).toEqual([
      '┌────┬───────┬──────────────┐',
      '│ id │ name  │        total │',
      '├────┼───────┼──────────────┤',
      '│  1 │ alice │      130,228 │',
      '│  2 │ bob   │ 2,292,216.76 │',
      '│ 10 │       │          0.5 │',
      '└────┴───────┴──────────────┘',
    ]);
  });

  it('cuts wide cells with … and shows line breaks as ↵', () => {
    const text = renderTable([{ note: `${'x'.repeat(100)}`, two: 'a\nb' }], ['note', 'two'], { width: 200 });
    expect(text).toContain(`│ ${'x'.repeat(39)}… │ a↵b │`);
    expect(truncate('日本語のテキスト', 7)).toBe('日本語…');
    expect(truncate('short', 10)).toBe('short');
  });

  it('switches to expanded blocks when the table is wider than the terminal, or when asked', () => {
    const wide = [{ a: 'x'.repeat(30), b: 'y'.repeat(30), c: 'z'.repeat(30) }];
    const auto = renderTable(wide, ['a', 'b', 'c'], { width: 80 });
    expect(auto.split('\n')).toEqual([
      `-[ RECORD 1 ]${'-'.repeat(8)}`,
      `a │ ${'x'.repeat(30)}`,
      `b │ ${'y'.repeat(30)}`,
      `c │ ${'z'.repeat(30)}`,
    ]);
    expect(renderTable(wide, ['a', 'b', 'c'], { width: 200 })).toMatch(/^┌/);
    const asked = renderTable(rows, ['id', 'name', 'total'], { width: 200, expanded: true, locale: 'en-US' });
    expect(asked).toContain('-[ RECORD 2 ]');
    expect(asked).toContain('total │ 2,292,216.76');
    expect(renderTable(wide, ['a', 'b', 'c'], { width: 80, expanded: false })).toMatch(/^┌/);
  });

  it('keeps a table of an unknown width compact', () => {
    expect(renderTable([{ a: 'x'.repeat(500) }], ['a'])).toMatch(/^┌/);
  });
});
