// What every search method is: one small interface, so nextRuns needs no knowledge of any method.
import type { Rng, Suggestion, SweepConfig, SweepRun } from '../types.ts';

/**
 * A search method (`method:` in the sweep config): grid, random or bayes.
 *
 * `suggest` is called whenever the sweep is to hand out one new run: when an agent asks for work,
 * and once more for each further run of a batch. It is given the validated config, every run of
 * the sweep whatever its state, and the rng to draw any randomness from. It must be a pure
 * function of those: same config, runs and rng state, same suggestion.
 *
 * Pending runs are runs handed out whose result is not known yet: agents' runs still queued or
 * running, and the earlier suggestions of the same batch (their ids start with U+0000). Their
 * parameters are taken, so a method that never repeats a point must not suggest them again, and a
 * model-based one should steer away from them so that parallel agents get different points.
 * Finished, failed, crashed and stopped runs are taken too; how they count as evidence is up to
 * the method.
 */
export interface Search {
  /** The next run's config; undefined when the method has nothing left to suggest (the sweep then ends). */
  suggest(config: SweepConfig, runs: SweepRun[], rng: Rng): Suggestion | undefined;
  /** Called when the sweep is shown: how many runs the method will hand out at most, when that is known up front. */
  plannedRuns?(config: SweepConfig): number;
}
