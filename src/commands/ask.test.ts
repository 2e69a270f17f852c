import { describe, expect, it } from 'vitest';
import { markdownTable } from './ask.js';

describe('markdownTable (ask --format markdown)', () => {
  it('right-aligns numeric columns and escapes pipes and line breaks', () => {
    const rows = [
      { channel: 'web', orders: 11038, share: '0.55' },
      { channel: 'a|b', orders: 6978, share: null },
      { channel: 'two\nlines', orders: 1984, share: '0.10' },
    ];
    expect(markdownTable(rows, ['channel', 'orders', 'share'])).toBe(
      [
        '| channel | orders | share |',
        '| --- | ---: | ---: |',
        '| web | 11038 | 0.55 |',
        '| a\\|b | 6978 |  |',
        '| two<br>lines | 1984 | 0.10 |',
      ].join('\n'),
    );
  });

  it('takes the columns from the first row when not given; nothing for no columns', () => {
    expect(markdownTable([{ n: 1 }])).toBe('| n |\n| ---: |\n| 1 |');
    expect(markdownTable([], ['n'])).toBe('| n |\n| --- |');
    expect(markdownTable([])).toBe('');
  });
});
