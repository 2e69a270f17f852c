import { describe, expect, it } from 'vitest';
import { barChart, chartSpec, formatChartLabel, renderChart, sparkline, toChartNumber } from './chart.js';

const ESC = '\u001b[';

describe('barChart', () => {
  it('scales bars to the largest value, pads labels and right-aligns values', () => {
    const rows = [
      { k: 'a', v: 1 },
      { k: 'bb', v: 2 },
      { k: 'c', v: 4 },
    ];
    expect(barChart(rows, 'k', 'v', 8)).toBe(['a  │██       1', 'bb │████     2', 'c  │████████ 4'].join('\n'));
  });

  it('draws fractions with eighth blocks and prints each value as the table does (no padded decimals)', () => {
    const rows = [
      { k: 'x', v: 1 },
      { k: 'y', v: 3.5 },
      { k: 'z', v: 0.01 },
    ];
    // 1/3.5 × 4 = 1.14 cells → █ + 1/8 (▏); 0.01 is tiny but positive → ▏.
    expect(barChart(rows, 'k', 'v', 4, { locale: 'en-US' })).toBe(
      ['x │█▏      1', 'y │████  3.5', 'z │▏    0.01'].join('\n'),
    );
  });

  it('shows a value with the same text as the table (grouping by locale, no float noise)', () => {
    const rows = [
      { k: 'a', v: 130228 },
      { k: 'b', v: 2292216.7600000002 },
    ];
    const chart = barChart(rows, 'k', 'v', 4, { locale: 'en-US' });
    expect(chart).toContain('  130,228');
    expect(chart).toContain('2,292,216.76');
    expect(chart).not.toContain('130,228.00');
    expect(barChart(rows, 'k', 'v', 4, { locale: 'de-DE' })).toContain('2.292.216,76');
  });

  it('gives zero, negative and non-numeric values no bar; numeric strings count', () => {
    const rows = [
      { k: 'a', v: '10' },
      { k: 'b', v: 0 },
      { k: 'c', v: -5 },
      { k: 'd', v: null },
    ];
    expect(barChart(rows, 'k', 'v', 2)).toBe(['a │██ 10', 'b │    0', 'c │   -5', 'd │     '].join('\n'));
  });

  it('colors only the bar, and only when asked', () => {
    const rows = [
      { k: 'a', v: 1 },
      { k: 'b', v: 2 },
    ];
    expect(barChart(rows, 'k', 'v', 2)).not.toContain(ESC);
    expect(barChart(rows, 'k', 'v', 2, { color: true })).toBe(
      ['a │\u001b[36m█\u001b[39m  1', 'b │\u001b[36m██\u001b[39m 2'].join('\n'),
    );
  });
});

describe('sparkline', () => {
  it('maps the minimum to ▁ and the maximum to █', () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([0, 10, 5])).toBe('▁█▅');
  });

  it('draws a flat series mid-height, gaps as spaces, nothing for no values', () => {
    expect(sparkline([3, 3, 3])).toBe('▄▄▄');
    expect(sparkline([1, Number.NaN, 2])).toBe('▁ █');
    expect(sparkline([])).toBe('');
  });

  it('colors on request only', () => {
    expect(sparkline([1, 2], { color: true })).toBe('\u001b[36m▁█\u001b[39m');
  });
});

describe('when to chart', () => {
  const months = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      month: `2024-${String(i + 1).padStart(2, '0')}-01`,
      revenue: (i + 1) * 100,
    }));

  it('charts 2–40 rows of one label or time column and one numeric column', () => {
    expect(chartSpec(['month', 'revenue'], months(12))).toEqual({
      labelColumn: 'month',
      valueColumn: 'revenue',
      kind: 'time',
    });
    expect(
      chartSpec(
        ['channel', 'orders'],
        [
          { channel: 'web', orders: 3 },
          { channel: 'store', orders: '1' },
        ],
      ),
    ).toEqual({ labelColumn: 'channel', valueColumn: 'orders', kind: 'category' });
    expect(
      chartSpec(
        ['orders', 'channel'],
        [
          { channel: 'web', orders: 3 },
          { channel: 'store', orders: 1 },
        ],
      ),
    ).toMatchObject({ labelColumn: 'channel', valueColumn: 'orders' });
    expect(
      chartSpec(
        ['day', 'n'],
        [
          { day: new Date('2024-01-01'), n: 1 },
          { day: new Date('2024-01-02'), n: 2 },
        ],
      )?.kind,
    ).toBe('time');
  });

  it('does not chart one row, more than 40, three columns or two text columns', () => {
    expect(chartSpec(['month', 'revenue'], months(1))).toBeUndefined();
    expect(chartSpec(['month', 'revenue'], months(41))).toBeUndefined();
    expect(chartSpec(['month', 'revenue'], months(40))).toBeDefined();
    expect(
      chartSpec(
        ['a', 'b', 'c'],
        [
          { a: 'x', b: 1, c: 2 },
          { a: 'y', b: 1, c: 2 },
        ],
      ),
    ).toBeUndefined();
    expect(
      chartSpec(
        ['a', 'b'],
        [
          { a: 'x', b: 'p' },
          { a: 'y', b: 'q' },
        ],
      ),
    ).toBeUndefined();
  });

  it('reads numbers from numbers, bigints and numeric strings only', () => {
    expect([toChartNumber(2), toChartNumber('2.50'), toChartNumber(3n), toChartNumber('-1e3')]).toEqual([
      2, 2.5, 3, -1000,
    ]);
    expect([
      toChartNumber('12 apples'),
      toChartNumber(''),
      toChartNumber(Number.POSITIVE_INFINITY),
      toChartNumber(null),
    ]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('shows midnight timestamps as dates and truncates long labels', () => {
    expect(formatChartLabel(new Date('2024-03-01T00:00:00Z'))).toBe('2024-03-01');
    expect(formatChartLabel('2024-03-01 00:00:00')).toBe('2024-03-01');
    expect(formatChartLabel('2024-03-01T12:30:00Z')).toBe('2024-03-01T12:30:00Z');
    expect(formatChartLabel('a'.repeat(30))).toBe(`${'a'.repeat(23)}…`);
  });
});

describe('renderChart', () => {
  const rows = [
    { month: '2024-01-01', revenue: 100 },
    { month: '2024-02-01', revenue: 300 },
    { month: '2024-03-01', revenue: 200 },
  ];

  it('draws a time series as a sparkline line over bars, sized to the terminal', () => {
    expect(renderChart(['month', 'revenue'], rows, { columns: 27, env: { NO_COLOR: '1' } })).toBe(
      [
        'revenue ▁█▅  2024-01-01 → 2024-03-01  min 100 · max 300',
        '2024-01-01 │███▍       100',
        '2024-02-01 │██████████ 300',
        '2024-03-01 │██████▋    200',
      ].join('\n'),
    );
  });

  it('honours NO_COLOR (any value), --no-color and TERM=dumb; colors otherwise', () => {
    expect(renderChart(['month', 'revenue'], rows, { env: {} })).toContain(ESC);
    expect(renderChart(['month', 'revenue'], rows, { env: { NO_COLOR: '' } })).not.toContain(ESC);
    expect(renderChart(['month', 'revenue'], rows, { env: { NO_COLOR: '1' } })).not.toContain(ESC);
    expect(renderChart(['month', 'revenue'], rows, { env: {}, color: false })).not.toContain(ESC);
    expect(renderChart(['month', 'revenue'], rows, { env: { TERM: 'dumb' } })).not.toContain(ESC);
  });

  it('draws categories as bars only, and nothing for answers that do not fit a chart', () => {
    const chart = renderChart(
      ['channel', 'orders'],
      [
        { channel: 'web', orders: 2 },
        { channel: 'store', orders: 1 },
      ],
      { columns: 20, env: { NO_COLOR: '1' } },
    );
    expect(chart).toBe(['web   │██████████ 2', 'store │█████      1'].join('\n'));
    expect(renderChart(['n'], [{ n: 1 }, { n: 2 }])).toBeUndefined();
  });
});
