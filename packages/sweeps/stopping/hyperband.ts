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
  const thresholds = bandThresholds(spec.eta, sign, runs);
  const decisions: StopDecision[] = [];
  for (const { id, state, milestones } of runs) {
    const b = milestones.atBands.length - 1;
    if (state !== 'running' || b < 0) continue;
    const value = spec.strict ? milestones.atBands[b] : sign > 0 ? milestones.min : milestones.max;
    if (sign * value > thresholds[b]) decisions.push({ runId: id, band: bands[b], value, threshold: sign * thresholds[b] });
  }
  return decisions;
}

/** Per band reached by any run: of the signed values of every run that reached it, the floor(n / eta)-th smallest. */
function bandThresholds(eta: number, sign: number, runs: StoppingRun[]): number[] {
  const reached: number[] = [];
  for (const { milestones } of runs) {
    for (let k = 0; k < milestones.atBands.length; k++) reached[k] = (reached[k] ?? 0) + 1;
  }
  const values = reached.map((n) => new Float64Array(n));
  const filled = reached.map(() => 0);
  for (const { milestones } of runs) {
    for (let k = 0; k < milestones.atBands.length; k++) values[k][filled[k]++] = sign * milestones.atBands[k];
  }
  return values.map((atBand) => kthSmallest(atBand, Math.floor(atBand.length / eta)));
}

/** The value at index k of `values` sorted ascending (0 ≤ k < length), by quickselect: O(n), reorders `values`. */
function kthSmallest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        [values[i], values[j]] = [values[j], values[i]];
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k];
  }
  return values[k];
}
