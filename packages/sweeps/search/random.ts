// Random search: every parameter drawn independently from its distribution (spec §2.3). With our
// `sample_without_replacement`, a fully discrete space never repeats a combination.
import type { Json, Param, Rng, SweepConfig, SweepRun } from '../types.ts';
import { ppf } from '../space/distribution.ts';
import { valueKey } from '../space/identity.ts';
import { valueOf } from '../space/params.ts';
import { gridValues } from './grid.ts';

export function randomPoint(params: Param[], rng: Rng): Json[] {
  return params.map((p) => ppf(p, rng.uniform()));
}

/**
 * A point no run has yet, or undefined when the discrete space is exhausted. Draws from the
 * distributions while most of the space is free; once rejections get frequent, picks uniformly
 * among the remaining points (the distributions' weights are then no longer honoured exactly).
 */
export function unseenPoint(config: SweepConfig, runs: SweepRun[], rng: Rng): Json[] | undefined {
  const keyOf = (point: Json[]): string => point.map(valueKey).join('\u0001');
  const taken = new Set(runs.map((run) => keyOf(config.params.map((p) => valueOf(run.config, p) ?? null))));
  for (let attempt = 0; attempt < 64; attempt++) {
    const point = randomPoint(config.params, rng);
    if (!taken.has(keyOf(point))) return point;
  }
  const axes = config.params.map((p) => (p.type === 'categorical_w_probabilities' ? gridValues({ ...p, type: 'categorical' }) : gridValues(p)));
  const free: Json[][] = [];
  const walk = (prefix: Json[]): void => {
    if (prefix.length === axes.length) {
      if (!taken.has(keyOf(prefix))) free.push(prefix);
      return;
    }
    for (const v of axes[prefix.length]) walk([...prefix, v]);
  };
  walk([]);
  return free.length === 0 ? undefined : free[Math.floor(rng.uniform() * free.length)];
}
