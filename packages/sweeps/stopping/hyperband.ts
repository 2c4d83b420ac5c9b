// Hyperband early termination (docs/protocol/sweeps.md#hyperband-thresholds): at each band, runs whose metric is worse than the
// threshold set by the best 1/eta of all runs that reached the band are stopped. It reads each
// run's milestones (milestones.ts), not its history: O(runs × bands reached) per call.
import type { HyperbandSpec, MetricSpec } from '../types.ts';
import { hyperbandBands } from './bands.ts';
import type { StoppingRun } from './milestones.ts';

/** Why a run is stopped: its value at (or best before, when not strict) the band, and the bar it missed. */
export interface StopDecision {
  runId: string;
  band: number;
  value: number;
  threshold: number;
}

/**
 * Decisions for every running run that falls behind. The runs' milestones must have been kept
 * with hyperbandBands(spec). Values are compared "smaller is better" (negated for maximize).
 */
export function hyperbandDecisions(spec: HyperbandSpec, metric: MetricSpec, runs: StoppingRun[]): StopDecision[] {
  const bands = hyperbandBands(spec);
  const sign = metric.goal === 'maximize' ? -1 : 1;
  const thresholds = bandThresholds(bands.length, spec.eta, sign, runs);
  const decisions: StopDecision[] = [];
  for (const { id, state, milestones } of runs) {
    const b = milestones.atBands.length - 1;
    if (state !== 'running' || b < 0) continue;
    const value = spec.strict ? milestones.atBands[b] : sign > 0 ? milestones.min : milestones.max;
    if (sign * value > thresholds[b]) decisions.push({ runId: id, band: bands[b], value, threshold: sign * thresholds[b] });
  }
  return decisions;
}

/** Per band: the signed values of every run that reached it, sorted; the one at floor(n / eta). */
function bandThresholds(bandCount: number, eta: number, sign: number, runs: StoppingRun[]): number[] {
  const reached = new Array<number>(bandCount).fill(0);
  for (const { milestones } of runs) for (let k = 0; k < milestones.atBands.length; k++) reached[k]++;
  const values = reached.map((n) => new Float64Array(n));
  const filled = new Array<number>(bandCount).fill(0);
  for (const { milestones } of runs) {
    for (let k = 0; k < milestones.atBands.length; k++) values[k][filled[k]++] = sign * milestones.atBands[k];
  }
  return values.map((atBand) => (atBand.length === 0 ? Infinity : atBand.sort()[Math.floor(atBand.length / eta)]));
}
