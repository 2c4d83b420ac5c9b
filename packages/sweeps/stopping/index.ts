// stopDecisions: the one entry point of early stopping. A pure function of (config, runs so far),
// each run given by its milestones (milestones.ts), which a server keeps as values arrive;
// stopRuns takes whole histories instead, for code that simulates sweeps.
import type { SweepConfig, SweepRun } from '../types.ts';
import { hyperbandBands } from './bands.ts';
import { hyperbandDecisions, type StopDecision } from './hyperband.ts';
import { extendMilestones, NO_MILESTONES, type StoppingRun } from './milestones.ts';

export { hyperbandBands } from './bands.ts';
export { extendMilestones, NO_MILESTONES, type Milestones, type StoppingRun } from './milestones.ts';
export type { StopDecision } from './hyperband.ts';

/** Running runs to stop now, with the band, value and threshold behind each; none without early_terminate. */
export function stopDecisions(config: SweepConfig, runs: StoppingRun[]): StopDecision[] {
  if (!config.early_terminate) return [];
  if (!config.metric) throw new Error('early_terminate needs a metric to compare runs on');
  return hyperbandDecisions(config.early_terminate, config.metric, runs);
}

/** Ids of the running runs to stop, read from whole histories: the same decisions, for simulations. */
export function stopRuns(config: SweepConfig, runs: SweepRun[]): string[] {
  if (!config.early_terminate || !config.metric) return stopDecisions(config, []).map((d) => d.runId);
  const bands = hyperbandBands(config.early_terminate);
  const metric = config.metric.name;
  const judged = runs.map(({ id, state, history }) => ({ id, state, milestones: extendMilestones(NO_MILESTONES, bands, history.map((row) => row[metric])) }));
  return stopDecisions(config, judged).map((d) => d.runId);
}
