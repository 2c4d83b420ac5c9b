// What hyperband reads from a run's metric history, in a form kept as values arrive: the number of
// valid values, the value logged at each band reached, and the smallest and largest value. Extending
// it costs O(new values), so a server can keep it per run instead of every run's whole history.
import type { Json, RunState } from '../types.ts';
import { metricValue } from '../run.ts';

export interface Milestones {
  /** Valid values of the metric logged so far: the run's iteration count (docs/protocol/sweeps.md#hyperband). */
  count: number;
  /** `atBands[k]` is the `bands[k]`-th valid value, for each band the run has reached, in band order. */
  atBands: readonly number[];
  /** The smallest and largest valid value so far (±Infinity before the first). */
  min: number;
  max: number;
}

/** A run as hyperband judges it. */
export interface StoppingRun {
  id: string;
  state: RunState;
  milestones: Milestones;
}

export const NO_MILESTONES: Milestones = { count: 0, atBands: [], min: Infinity, max: -Infinity };

/**
 * `milestones` after the metric's next logged values (invalid ones, such as NaN, strings or
 * booleans, are skipped); `bands` ascending, as hyperbandBands gives them. Returns a new object.
 */
export function extendMilestones(milestones: Milestones, bands: readonly number[], logged: Iterable<Json | undefined>): Milestones {
  let { count, min, max } = milestones;
  let atBands: number[] | undefined;
  for (const raw of logged) {
    const value = metricValue(raw);
    if (value === undefined) continue;
    count++;
    if (value < min) min = value;
    if (value > max) max = value;
    // Bands can repeat (floor of close quotients): each copy records the same value.
    for (let k = atBands?.length ?? milestones.atBands.length; k < bands.length && bands[k] === count; k++) {
      (atBands ??= [...milestones.atBands]).push(value);
    }
  }
  return { count, atBands: atBands ?? milestones.atBands, min, max };
}
