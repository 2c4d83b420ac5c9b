// Random search: every parameter drawn independently from its distribution (docs/protocol/sweeps.md#random). With our
// `sample_without_replacement`, a fully discrete space never repeats a combination. A conditional
// parameter is drawn like the others and then left out when its condition does not hold.
import type { Json, Param, Rng, SweepConfig, SweepRun } from '../types.ts';
import { ppf } from '../space/distribution.ts';
import { valueKey } from '../space/identity.ts';
import { toRunConfig, valueOf } from '../space/params.ts';
import { withoutInactive } from '../space/conditions.ts';
import type { Search } from './method.ts';
import { axisOf, freeIndex, latticeOf, takenIndices } from '../space/discrete.ts';

/** Draws every parameter from its distribution; with sample_without_replacement, only points no run has. */
export const randomSearch: Search = {
  suggest(config, runs, rng) {
    const point = config.sample_without_replacement ? unseenPoint(config, runs, rng) : randomPoint(config.params, rng);
    return point && { config: toRunConfig(config.params, withoutInactive(config.params, point)) };
  },
};

function randomPoint(params: Param[], rng: Rng): Json[] {
  return params.map((p) => ppf(p, rng.uniform()));
}

/**
 * A point no run has yet, or undefined when the discrete space is exhausted. Draws from the
 * distributions while most of the space is free; once rejections get frequent, picks uniformly
 * among the remaining points (the distributions' weights are then no longer honoured exactly).
 */
function unseenPoint(config: SweepConfig, runs: SweepRun[], rng: Rng): Json[] | undefined {
  const keyOf = (point: Json[]): string => point.map(valueKey).join('\u0001');
  const points = runs.map((run) => config.params.map((p) => valueOf(run.config, p) ?? null));
  const seen = new Set(points.map(keyOf));
  for (let attempt = 0; attempt < 64; attempt++) {
    const point = randomPoint(config.params, rng);
    if (!seen.has(keyOf(point))) return point;
  }
  const space = latticeOf(config.params.map((p) => axisOf(p.type === 'categorical_w_probabilities' ? { ...p, type: 'categorical' } : p)));
  const taken = takenIndices(space, points);
  const free = space.size - taken.length;
  return free === 0 ? undefined : space.pointAt(freeIndex(Math.floor(rng.uniform() * free), taken));
}
