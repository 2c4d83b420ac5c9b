// What the faces show of a sweep beyond its stored fields: its runs counted by state, its agents,
// and the best value of its metric so far.
import type { SweepConfig } from '@sextant/sweeps';
import type { Run, Store, Sweep } from '../store/store.ts';

export interface SweepActivity {
  runs: Record<string, number>;
  agents: Array<{ id: string; host: string; state: string; heartbeatAt: string }>;
}

export async function sweepActivity(store: Store, sweep: Sweep): Promise<SweepActivity> {
  const runs: Record<string, number> = {};
  for (const run of await store.sweepRuns(sweep)) runs[run.state] = (runs[run.state] ?? 0) + 1;
  const agents = (await store.sweepAgents(sweep)).map((a) => ({ id: a.id, host: a.host, state: a.state, heartbeatAt: a.heartbeatAt }));
  return { runs, agents };
}

/** The best summary value of the sweep's metric over its runs (W&B's `bestLoss`), null without one. */
export function bestValue(config: SweepConfig | undefined, runs: Run[]): number | null {
  const metric = config?.metric;
  if (!metric) return null;
  const values = runs.map((run) => run.summary[metric.name]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (values.length === 0) return null;
  return metric.goal === 'maximize' ? Math.max(...values) : Math.min(...values);
}
