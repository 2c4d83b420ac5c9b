// A metric logged once per line (a final score such as test_acc): a line chart would be empty, so
// the value reads as a number, and several runs' values as bars side by side.
import { formatNumber } from '../format.ts';
import type { ChartLine } from './line-chart.tsx';

export function ValueBars({ title, lines, xLabel }: { title: string; lines: ChartLine[]; xLabel: string }) {
  const shown = lines.filter((l) => !l.faint && l.y.length > 0);
  const largest = Math.max(...shown.map((l) => Math.abs(l.y[0])));
  return (
    <figure className="chart" data-chart={title} data-single-value>
      <figcaption>{title}</figcaption>
      {shown.length === 1 ? (
        <p className="single-value"><b>{formatNumber(shown[0].y[0])}</b> <span className="muted">logged once, at {xLabel} {formatNumber(shown[0].x[0])}</span></p>
      ) : (
        <div className="value-bars">
          {shown.map((l, i) => (
            <div key={i} className="value-bar" data-line={l.label}>
              <span className="value-bar-label" title={l.label}>{l.label}</span>
              <span className="value-bar-track"><i style={{ width: `${largest > 0 ? (100 * Math.abs(l.y[0])) / largest : 0}%`, background: l.color }} /></span>
              <b className="num">{formatNumber(l.y[0])}</b>
            </div>
          ))}
        </div>
      )}
    </figure>
  );
}
