// A sweep with several objectives (`metrics`): the runs on its Pareto front, for the dashboard
// (docs/bayes.md#several-objectives). Values come from the run summaries, as bayes reads them.
import { paretoFront, type SweepConfig } from '@sextant/sweeps';
import type { Run } from '../store/store.ts';

export interface FrontRun {
  id: string;
  name: string | null;
  /** The run's value of each metric, in the order of `metrics`. */
  values: number[];
}

/** The runs no other run beats in one metric without losing in another; null for a sweep with one metric or none. */
export function sweepFront(config: SweepConfig | undefined, runs: Run[]): FrontRun[] | null {
  if (!config?.metrics) return null;
  const byId = new Map(runs.map((run) => [run.name, run]));
  const front = paretoFront(config.metrics, runs.map((run) => ({ id: run.name, state: run.state, config: {}, summary: run.summary, history: [] })));
  return front.map(({ run, values }) => ({ id: run.id, name: byId.get(run.id)?.displayName ?? null, values }));
}
