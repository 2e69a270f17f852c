import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export interface ChartSpec {
  kind: 'line' | 'bar';
  labels: string[];
  series: { name: string; values: (number | null)[] }[];
}

const MAX_BARS = 60;

/**
 * Whether a result is worth a chart, and which: a time series (a time-bucket column from `grains`, or
 * a date-like first column) as lines, a breakdown (one label column, a few numbers) as bars.
 */
export function chartSpec(
  columns: string[],
  rows: Record<string, unknown>[],
  grains: Record<string, string> | undefined,
): ChartSpec | undefined {
  if (rows.length < 2 || columns.length < 2) return undefined;
  const isNumeric = (c: string) =>
    rows.every(
      (r) =>
        r[c] === null ||
        typeof r[c] === 'number' ||
        (typeof r[c] === 'string' && r[c] !== '' && !Number.isNaN(Number(r[c]))),
    );
  const timeColumn =
    columns.find((c) => grains?.[c]) ??
    columns.find((c) =>
      rows.every((r) => typeof r[c] === 'string' && /^\d{4}(-\d{2}|-Q\d|-W\d{2})/.test(r[c] as string)),
    );
  const label = timeColumn ?? columns.find((c) => !isNumeric(c));
  if (!label) return undefined;
  const numbers = columns.filter((c) => c !== label && isNumeric(c) && !/(^|_)id$/i.test(c)).slice(0, 3);
  if (numbers.length === 0) return undefined;
  if (!timeColumn && rows.length > MAX_BARS) return undefined;
  return {
    kind: timeColumn ? 'line' : 'bar',
    labels: rows.map((r) => String(r[label] ?? '')),
    series: numbers.map((c) => ({ name: c, values: rows.map((r) => (r[c] === null ? null : Number(r[c]))) })),
  };
}

const PALETTE = ['--chart-1', '--chart-2', '--chart-3'];

/** A uPlot canvas chart; resizes with its container. */
export function ResultChart(props: { spec: ChartSpec; title: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current!;
    const css = getComputedStyle(el);
    const color = (v: string) => css.getPropertyValue(v).trim() || '#2563eb';
    const { spec } = props;
    const x = spec.labels.map((_, i) => i);
    const axisStroke = color('--fg-muted');
    const grid = { stroke: color('--border'), width: 1 };
    const bars = uPlot.paths.bars!({ size: [0.7, 60] });
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: 260,
      scales: {
        // One slot per row, half a slot of margin each side so the first and last bars show whole.
        x: { time: false, range: () => [-0.5, spec.labels.length - 0.5] },
        // Bars grow from zero; lines keep uPlot's fitted range.
        ...(spec.kind === 'bar'
          ? { y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.05 : 0] } }
          : {}),
      },
      legend: { show: spec.series.length > 1 },
      cursor: { points: { show: spec.kind === 'line' } },
      axes: [
        {
          stroke: axisStroke,
          grid,
          // Only whole slots, and no more labels than fit (about 70 px each).
          splits: (u) => {
            const step = Math.max(1, Math.ceil(spec.labels.length / Math.max(2, Math.floor(u.width / 70))));
            return x.filter((i) => i % step === 0);
          },
          values: (_u, splits) => splits.map((i) => spec.labels[i] ?? ''),
        },
        { stroke: axisStroke, grid, size: 70, values: (_u, splits) => splits.map((v) => compact(v)) },
      ],
      series: [
        { label: 'x', value: (_u, i) => (i === null ? '' : (spec.labels[i] ?? '')) },
        ...spec.series.map((s, i) => ({
          label: s.name,
          stroke: color(PALETTE[i]!),
          fill: spec.kind === 'bar' ? `${color(PALETTE[i]!)}cc` : undefined,
          width: spec.kind === 'bar' ? 0 : 2,
          ...(spec.kind === 'bar' ? { paths: bars, points: { show: false } } : {}),
        })),
      ],
    };
    const chart = new uPlot(opts, [x, ...spec.series.map((s) => s.values)] as uPlot.AlignedData, el);
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(200, el.clientWidth), height: 260 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [props.spec]);
  return <figure class="chart" ref={host} role="img" aria-label={props.title} />;
}

function compact(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1e9) return `${(v / 1e9).toFixed(1)}B`;
  if (abs >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `${(v / 1e3).toFixed(1)}k`;
  return String(Math.round(v * 100) / 100);
}
