// A sweep with several objectives: its runs on the first two objectives, the Pareto front
// highlighted (the server computes it, docs/bayes.md#several-objectives), and the front as a table.
import type { Run, Sweep } from '../api.ts';
import { Link } from '../link.tsx';
import { href } from '../route.ts';
import { formatNumber } from '../format.ts';
import { metricOf } from './sweep-charts.tsx';

const WIDTH = 520;
const HEIGHT = 320;
const PAD = { left: 64, right: 16, top: 16, bottom: 44 };

export function ParetoFront({ sweep, runs }: { sweep: Sweep; runs: Run[] }) {
  const metrics = sweep.metrics ?? [];
  const front = sweep.front ?? [];
  if (metrics.length < 2) return null;
  const onFront = new Set(front.map((f) => f.id));
  const [mx, my] = metrics;
  const points = runs.flatMap((run) => {
    const [x, y] = [metricOf(run, mx.name), metricOf(run, my.name)];
    return x === undefined || y === undefined ? [] : [{ id: run.id, x, y, front: onFront.has(run.id) }];
  });
  const scale = (values: number[], from: number, to: number) => {
    const [lo, hi] = [Math.min(...values), Math.max(...values)];
    const span = hi - lo || 1;
    return { lo, hi, at: (v: number) => from + ((v - lo) / span) * (to - from) };
  };
  const sx = scale(points.map((p) => p.x), PAD.left, WIDTH - PAD.right);
  const sy = scale(points.map((p) => p.y), HEIGHT - PAD.bottom, PAD.top);
  const line = points.filter((p) => p.front).sort((a, b) => a.x - b.x).map((p) => `${sx.at(p.x).toFixed(1)},${sy.at(p.y).toFixed(1)}`).join(' ');
  const label = (m: { name: string; goal: string }) => `${m.name} (${m.goal === 'maximize' ? 'higher' : 'lower'} is better)`;
  const rows = [...front].sort((a, b) => a.values[0] - b.values[0]);

  return (
    <section>
      <h2>Pareto front</h2>
      <p className="muted small">{front.length} of {runs.length} runs are on the front: no other run is better in one objective without being worse in another.</p>
      <div className="two-columns">
        {points.length === 0 ? <p className="empty">No run has reported both {mx.name} and {my.name} yet.</p> : (
          <svg data-testid="pareto-scatter" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${mx.name} against ${my.name}`} style={{ width: '100%', maxWidth: WIDTH }}>
            <line x1={PAD.left} y1={HEIGHT - PAD.bottom} x2={WIDTH - PAD.right} y2={HEIGHT - PAD.bottom} stroke="var(--muted)" />
            <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={HEIGHT - PAD.bottom} stroke="var(--muted)" />
            <text x={PAD.left} y={HEIGHT - PAD.bottom + 16} fill="var(--muted)" fontSize="11">{formatNumber(sx.lo)}</text>
            <text x={WIDTH - PAD.right} y={HEIGHT - PAD.bottom + 16} fill="var(--muted)" fontSize="11" textAnchor="end">{formatNumber(sx.hi)}</text>
            <text x={PAD.left - 6} y={HEIGHT - PAD.bottom} fill="var(--muted)" fontSize="11" textAnchor="end">{formatNumber(sy.lo)}</text>
            <text x={PAD.left - 6} y={PAD.top + 10} fill="var(--muted)" fontSize="11" textAnchor="end">{formatNumber(sy.hi)}</text>
            <text x={(PAD.left + WIDTH - PAD.right) / 2} y={HEIGHT - 8} fill="var(--fg)" fontSize="12" textAnchor="middle">{label(mx)}</text>
            <text transform={`translate(14 ${(PAD.top + HEIGHT - PAD.bottom) / 2}) rotate(-90)`} fill="var(--fg)" fontSize="12" textAnchor="middle">{label(my)}</text>
            {line && <polyline points={line} fill="none" stroke="var(--accent)" strokeWidth="1.5" strokeDasharray="4 3" />}
            {points.map((p) => (
              <circle key={p.id} data-run={p.id} data-front={p.front ? 'yes' : 'no'} cx={sx.at(p.x)} cy={sy.at(p.y)} r={p.front ? 5 : 3}
                fill={p.front ? 'var(--accent)' : 'var(--muted)'} fillOpacity={p.front ? 1 : 0.5}>
                <title>{`${p.id}: ${mx.name} ${formatNumber(p.x)}, ${my.name} ${formatNumber(p.y)}`}</title>
              </circle>
            ))}
          </svg>
        )}
        <table className="plain" data-testid="pareto-front" style={{ alignSelf: 'start' }}>
          <thead><tr><th>Run</th>{metrics.map((m) => <th key={m.name}>{m.name} ({m.goal === 'maximize' ? 'max' : 'min'})</th>)}</tr></thead>
          <tbody>{rows.map((f) => (
            <tr key={f.id}><td><Link href={href.run(sweep.entity, sweep.project, f.id)}>{f.name ?? f.id}</Link></td>
              {f.values.map((v, j) => <td key={metrics[j].name} className="num">{formatNumber(v)}</td>)}</tr>
          ))}</tbody>
        </table>
      </div>
    </section>
  );
}
