// One uPlot line chart: any number of lines on a shared x, drag to zoom (double-click resets), a y
// scale that turns logarithmic when asked or when the values span decades, tick labels written for
// the axis's range (ticks.ts), and a legend that shows each line's value at the hovered x.
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatNumber } from '../format.ts';
import { cssVar } from '../theme.ts';
import { align, valueNear, type Line } from './align.ts';
import { spansDecades, tickLabels } from './ticks.ts';
import { ValueBars } from './value-bars.tsx';
import type { YScale } from './chart-controls.tsx';

export interface ChartLine extends Line {
  label: string;
  color: string;
  /** Drawn thin and translucent: the raw series behind a smoothed one. */
  faint?: boolean;
  /** Points only, no line (e.g. one metric value per run). */
  points?: boolean;
  /** A shaded range around the line (a group's min and max around its mean), on the line's x. */
  band?: { lower: ArrayLike<number>; upper: ArrayLike<number> };
}

/** The lines uPlot draws: each line, then the edges of its band (if any) right after it. */
function drawn(lines: ChartLine[]): Line[] {
  return lines.flatMap((l) => (l.band ? [l, { x: l.x, y: l.band.upper }, { x: l.x, y: l.band.lower }] : [l]));
}

interface Props {
  title: string;
  lines: ChartLine[];
  xLabel: string;
  /** `auto`: logarithmic when every value is positive and they span two decades or more. */
  yScale?: YScale;
  height?: number;
  theme: string;
  /** Charts with the same key share the hovered x: every legend reads its lines at that x. */
  syncKey?: string;
  /** x is seconds since the epoch, drawn as dates (always so for `_timestamp`). */
  time?: boolean;
}

/** Lines of one point each have nothing to draw a line through: their values show as bars instead. */
export function LineChart(props: Props) {
  const single = props.lines.some((l) => l.y.length === 1) && props.lines.every((l) => l.faint || l.y.length <= 1);
  return single ? <ValueBars title={props.title} lines={props.lines} xLabel={props.xLabel} /> : <Plot {...props} />;
}

function Plot({ title, lines, xLabel, yScale = 'auto', height = 220, theme, syncKey, time = xLabel === '_timestamp' }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const zoomed = useRef(false);
  const yTicks = useRef<string[]>([]);
  const [hoverX, setHoverX] = useState<number>();
  const logY = yScale === 'log' || (yScale === 'auto' && spansDecades(lines.filter((l) => !l.faint).map((l) => l.y)));
  const shape = `${lines.map((l) => `${l.label}|${l.color}|${l.faint ?? false}|${l.points ?? false}|${l.band !== undefined}`).join(',')}|${logY}|${theme}`;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const axis = { stroke: cssVar('--muted'), grid: { stroke: cssVar('--grid'), width: 1 }, ticks: { stroke: cssVar('--grid'), width: 1 } };
    const options: uPlot.Options = {
      width: el.clientWidth,
      height,
      legend: { show: false },
      cursor: { drag: { x: true, y: false }, points: { size: 6 }, ...(syncKey ? { sync: { key: syncKey, scales: ['x', null] } } : {}) },
      // Seconds since the epoch, which uPlot's time axis reads as dates.
      scales: { x: { time }, y: logY ? { distr: 3 } : {} },
      axes: [
        { ...axis, label: xLabel, labelSize: 18, size: 36, ...(time ? {} : { values: (_u, splits, _i, _space, step) => tickLabels(splits, step) }) },
        { ...axis, values: (_u, splits, _i, _space, step) => (yTicks.current = tickLabels(splits, step, logY)), size: (_u, values) => labelWidth(values) },
      ],
      series: [
        { label: xLabel },
        ...lines.flatMap((l): uPlot.Series[] => [
          {
            label: l.label, stroke: l.faint ? `${l.color}55` : l.color, width: l.faint ? 1 : 1.5, spanGaps: true,
            points: { show: (l.points ?? false) || l.x.length === 1, size: 5, fill: l.color }, paths: l.points ? () => null : undefined,
          },
          ...(l.band ? [{ label: `${l.label} max`, stroke: 'transparent', spanGaps: true, points: { show: false } }, { label: `${l.label} min`, stroke: 'transparent', spanGaps: true, points: { show: false } }] : []),
        ]),
      ],
      bands: bandsOf(lines),
      hooks: {
        setCursor: [(u) => setHoverX(u.cursor.idx == null ? undefined : (u.data[0][u.cursor.idx] ?? undefined))],
        setSelect: [(u) => { if (u.select.width > 0) zoomed.current = true; }],
        // The labels drawn on the canvas, readable by tests and assistive tools.
        draw: [() => el.parentElement?.setAttribute('data-y-ticks', yTicks.current.filter(Boolean).join(' '))],
      },
    };
    const chart = new uPlot(options, align(drawn(lines), logY) as uPlot.AlignedData, el);
    plot.current = chart;
    const reset = (): void => { zoomed.current = false; };
    chart.over.addEventListener('dblclick', reset);
    const resize = new ResizeObserver(() => chart.setSize({ width: el.clientWidth, height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // Rebuilt only when the lines themselves change; new points go through setData below.
  }, [shape, height, xLabel, syncKey, time]);

  useEffect(() => {
    plot.current?.setData(align(drawn(lines), logY) as uPlot.AlignedData, !zoomed.current);
  }, [lines]);

  const shown = lines.filter((l) => !l.faint || lines.length === 1);
  return (
    <figure className="chart" data-chart={title} data-x={xLabel}>
      <figcaption>{title}{logY && <span className="badge" title="logarithmic y axis">log</span>}</figcaption>
      <div ref={box} className="chart-plot" />
      <div className="legend">
        {hoverX !== undefined && <span className="legend-x">{xLabel} {time ? new Date(hoverX * 1000).toLocaleString() : formatNumber(hoverX)}</span>}
        {shown.map((l, i) => {
          const value = hoverX === undefined ? lastOf(l) : valueNear(l, hoverX);
          return (
            <span key={i} className="legend-item" data-line={l.label}>
              <i style={{ background: l.color }} />{l.label} <b>{value === undefined ? '–' : formatNumber(value)}</b>
            </span>
          );
        })}
      </div>
    </figure>
  );
}

/** uPlot's bands: the fill between each band's upper and lower series (1-based series indices). */
function bandsOf(lines: ChartLine[]): uPlot.Band[] {
  const bands: uPlot.Band[] = [];
  let index = 1;
  for (const l of lines) {
    if (l.band) bands.push({ series: [index + 1, index + 2], fill: `${l.color}33` });
    index += l.band ? 3 : 1;
  }
  return bands;
}

/** The y axis's width: its longest label (12 px digits are about 7 px wide) and the tick. */
const labelWidth = (values: string[] | null): number => Math.max(32, 16 + 7 * Math.max(0, ...(values ?? []).map((v) => String(v).length)));

const lastOf = (line: Line): number | undefined => (line.y.length ? line.y[line.y.length - 1] : undefined);
