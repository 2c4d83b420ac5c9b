// What the faces show of a sweep beyond its stored fields: its runs counted by state, its agents,
// and the best value of its metric so far.
import type { SweepConfig } from '@sextant/sweeps';
import type { Agent, Run, Store, Sweep } from '../store/store.ts';

export interface SweepActivity {
  runs: Record<string, number>;
  agents: Array<{ id: string; host: string; state: string; heartbeatAt: string }>;
}

export async function sweepActivity(store: Store, sweep: Sweep): Promise<SweepActivity> {
  const runs: Record<string, number> = {};
  for (const { state, count } of await store.sweepRunStates(sweep)) runs[state] = count;
  return { runs, agents: (await store.sweepAgents(sweep)).map(agentJson) };
}

const agentJson = (a: Agent): SweepActivity['agents'][number] => ({ id: a.id, host: a.host, state: a.state, heartbeatAt: a.heartbeatAt });

/** The activity of every sweep of an entity in two reads, by `project/sweep` (sweeps without any are left out). */
export async function entityActivity(store: Store, entity: string): Promise<Map<string, SweepActivity>> {
  const activity = new Map<string, SweepActivity>();
  const of = (project: string, sweep: string): SweepActivity => {
    const id = `${project}/${sweep}`;
    let entry = activity.get(id);
    if (!entry) activity.set(id, (entry = { runs: {}, agents: [] }));
    return entry;
  };
  for (const { project, sweep, state, count } of await store.sweepRunStates(entity)) of(project, sweep).runs[state] = count;
  for (const agent of await store.entityAgents(entity)) of(agent.sweep.project, agent.sweep.name).agents.push(agentJson(agent));
  return activity;
}

/** The best summary value of the sweep's metric over its runs (W&B's `bestLoss`), null without one. */
export function bestValue(config: SweepConfig | undefined, runs: Run[]): number | null {
  const metric = config?.metric;
  if (!metric) return null;
  const values = runs.map((run) => run.summary[metric.name]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (values.length === 0) return null;
  return metric.goal === 'maximize' ? Math.max(...values) : Math.min(...values);
}
