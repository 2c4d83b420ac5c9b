// A run's system metrics (CPU, memory, GPU… sampled by the wandb client), one chart per metric
// over the run's time; nothing at all for a run too short to have been sampled.
import { api, type History } from '../api.ts';
import { usePoll } from '../poll.ts';
import { LineChart } from './line-chart.tsx';
import { colorAt } from '../theme.ts';

export function SystemCharts({ base, theme }: { base: string; theme: string }) {
  const system = usePoll(() => api<History>(`${base}/system?points=500`), [base]);
  const charts = Object.entries(system.data?.series ?? {});
  if (!system.error && charts.length === 0) return null;
  return (
    <section>
      <h2>System</h2>
      {system.error && <p className="error">{system.error.message}</p>}
      <div className="charts">
        {charts.map(([key, series]) => (
          <LineChart key={key} title={key} lines={[{ label: key, x: series.x, y: series.y, color: colorAt(1) }]} xLabel="_runtime (s)" theme={theme} syncKey={`system:${base}`} />
        ))}
      </div>
    </section>
  );
}
