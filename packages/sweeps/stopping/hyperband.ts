// Hyperband early termination (docs/protocol/sweeps.md#hyperband-thresholds): at each band, runs whose metric is worse than the
// threshold set by the best 1/eta of all runs that reached the band are stopped.
import type { HyperbandSpec, MetricSpec, SweepRun } from '../types.ts';
import { metricHistory } from '../run.ts';
import { hyperbandBands } from './bands.ts';

/** Why a run is stopped: its value at (or best before, when not strict) the band, and the bar it missed. */
export interface StopDecision {
  runId: string;
  band: number;
  value: number;
  threshold: number;
}

/** Decisions for every running run that falls behind; values are "smaller is better" (negated for maximize). */
export function hyperbandDecisions(spec: HyperbandSpec, metric: MetricSpec, runs: SweepRun[]): StopDecision[] {
  const bands = hyperbandBands(spec);
  const sign = metric.goal === 'maximize' ? -1 : 1;
  const histories = new Map(runs.map((run) => [run.id, metricHistory(run, metric.name).map((v) => sign * v)]));
  const thresholds = bands.map((band) => {
    const atBand = [...histories.values()].filter((h) => h.length >= band).map((h) => h[band - 1]).sort((a, b) => a - b);
    return atBand.length === 0 ? Infinity : atBand[Math.floor(atBand.length / spec.eta)];
  });
  const decisions: StopDecision[] = [];
  for (const run of runs) {
    if (run.state !== 'running') continue;
    const history = histories.get(run.id) ?? [];
    let b = bands.length - 1;
    while (b >= 0 && bands[b] > history.length) b--;
    if (b < 0) continue;
    const value = spec.strict ? history[bands[b] - 1] : Math.min(...history);
    if (value > thresholds[b]) {
      decisions.push({ runId: run.id, band: bands[b], value: sign * value, threshold: sign * thresholds[b] });
    }
  }
  return decisions;
}
