// stopRuns: the one entry point of early stopping. A pure function of (config, runs so far).
import type { SweepConfig, SweepRun } from '../types.ts';
import { hyperbandDecisions, type StopDecision } from './hyperband.ts';

export { hyperbandBands } from './bands.ts';
export type { StopDecision } from './hyperband.ts';

/** Ids of running runs to stop now; none when the sweep has no early_terminate. */
export function stopRuns(config: SweepConfig, runs: SweepRun[]): string[] {
  return stopDecisions(config, runs).map((d) => d.runId);
}

/** The same decisions with the band, value and threshold behind each, to show users why. */
export function stopDecisions(config: SweepConfig, runs: SweepRun[]): StopDecision[] {
  if (!config.early_terminate) return [];
  if (!config.metric) throw new Error('early_terminate needs a metric to compare runs on');
  return hyperbandDecisions(config.early_terminate, config.metric, runs);
}
