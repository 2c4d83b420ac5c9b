// stopDecisions: the one entry point of early stopping. A pure function of (config, runs so far),
// each run given by its milestones (milestones.ts) rather than its whole history.
import type { SweepConfig } from '../types.ts';
import { hyperbandDecisions, type StopDecision } from './hyperband.ts';
import type { StoppingRun } from './milestones.ts';

export { hyperbandBands } from './bands.ts';
export { extendMilestones, NO_MILESTONES, type Milestones, type StoppingRun } from './milestones.ts';
export type { StopDecision } from './hyperband.ts';

/** Running runs to stop now, with the band, value and threshold behind each; none without early_terminate. */
export function stopDecisions(config: SweepConfig, runs: StoppingRun[]): StopDecision[] {
  if (!config.early_terminate) return [];
  if (!config.metric) throw new Error('early_terminate needs a metric to compare runs on');
  return hyperbandDecisions(config.early_terminate, config.metric, runs);
}
