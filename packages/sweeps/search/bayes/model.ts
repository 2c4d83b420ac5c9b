// The surrogate bayes scores candidates with: a GP on the warped values of the runs with results,
// conditioned as well on its own predictions at the runs in flight (kriging believer).
import { createRng } from '../../rng.ts';
import type { Hyper } from './kernel.ts';
import { fitHyper, refitHyper } from './fit.ts';
import { fitPrefix, memoizedFit, previousPrefix } from './refit.ts';
import { condition, predict, type Posterior } from './gp.ts';
import { fitWarp, type Warp } from './transform.ts';

/**
 * Up to FULL_MODEL_LIMIT usable runs the model uses every run, and its hyperparameters are fitted
 * on the prefix of refit.ts: from four starts up to 30 runs, then from the fit of the step before
 * (WARM_FIT_ITERATIONS L-BFGS iterations at most: as many as 20 bought no regret on the tuning
 * seeds, docs/bayes.md). Beyond it, to keep a suggestion under 100 ms at 500 runs in 10-d:
 * hyperparameters are fitted on 40 runs from two starts (30 L-BFGS iterations each) and the model
 * is conditioned on 80, in both cases the best quarter plus an even spread (in creation order) of
 * the rest.
 */
const FULL_MODEL_LIMIT = 100;
const LARGE_FIT_SIZE = 40;
const LARGE_FIT_ITERATIONS = 30;
const LARGE_CONDITION_SIZE = 80;
const WARM_FIT_ITERATIONS = 10;
/** Runs in flight and stopped runs the model believes at most. */
const PENDING_LIMIT = 100;
/** Seeds the random starts of the hyperparameter fit (plus the prefix's length). */
const FIT_SEED = 0xf17;

export interface Model {
  post: Posterior;
  hyper: Hyper;
  /** Model values of the observed runs (warped, shifted so the worst is 0), in their order. */
  ys: number[];
  /** Objective value of a model value. */
  objective(y: number): number;
  /** The incumbent: the lowest model value, believed pending values included. */
  best: number;
  /** Encodings of the runs in flight (and stopped early) that the model believes. */
  pendingX: Float64Array[];
}

/**
 * Fits the model. Observations with `incumbent: false` (values before the full length) and
 * `stopped` points (believed like runs in flight, whose final value will never come) never set the
 * incumbent.
 */
export function fitModel(observed: Observed[], pending: Float64Array[], d: number, stopped: Float64Array[] = []): Model {
  const { warp, worst, ys } = modelValues(observed);
  const hyper = prefixHyper(observed.slice(0, fitPrefix(observed.length)), d);
  const conditionSet = observed.length > FULL_MODEL_LIMIT ? subset(ys, LARGE_CONDITION_SIZE) : ys.map((_, i) => i);
  let xs = conditionSet.map((i) => observed[i].x);
  let ysCond = conditionSet.map((i) => ys[i]);
  let post = condition(stack(xs, d), xs.length, d, Float64Array.from(ysCond), hyper);
  const eligible = conditionSet.filter((i) => observed[i].incumbent !== false);
  let best = Math.min(...(eligible.length > 0 ? eligible : conditionSet).map((i) => ys[i]));
  const pendingX = [...pending, ...stopped].slice(0, PENDING_LIMIT);
  if (pendingX.length > 0) {
    const believed = predict(post, stack(pendingX, d), pendingX.length).mean;
    const noisy = xs.length;
    xs = [...xs, ...pendingX];
    ysCond = [...ysCond, ...believed];
    for (let j = 0; j < Math.min(pending.length, pendingX.length); j++) best = Math.min(best, believed[j]);
    post = condition(stack(xs, d), xs.length, d, Float64Array.from(ysCond), hyper, noisy);
  }
  // Believed values count as observed, so a pending point's neighbourhood offers little improvement.
  return { post, hyper, ys, objective: (y) => warp.inverse(y + worst), best, pendingX };
}

type Observed = { x: Float64Array; y: number; incumbent?: boolean };

/**
 * Values as the GP sees them: warped, then shifted so the worst is 0. The model's prior mean is
 * thus the worst value seen (De Ath et al. 2020, "What do you mean?"): away from the runs it
 * expects no improvement, so expected improvement looks near promising runs instead of chasing the
 * uncertainty at the edges of a many-dimensional box.
 */
function modelValues(observed: Observed[]): { warp: Warp; worst: number; ys: number[] } {
  const warp = fitWarp(observed.map((o) => o.y));
  const warped = observed.map((o) => warp.forward(o.y));
  const worst = warped.reduce((w, y) => Math.max(w, y), -Infinity);
  return { warp, worst, ys: warped.map((y) => y - worst) };
}

/** Hyperparameters fitted on these runs alone, from the memo when it holds them. */
function prefixHyper(prefix: Observed[], d: number): Hyper {
  const inputs = new Float64Array(1 + prefix.length * (d + 1));
  inputs[0] = d;
  prefix.forEach((o, i) => {
    inputs.set(o.x, 1 + i * (d + 1));
    inputs[(i + 1) * (d + 1)] = o.y;
  });
  return memoizedFit(inputs, () => {
    const { ys } = modelValues(prefix);
    const large = prefix.length > FULL_MODEL_LIMIT;
    const fitSet = large ? subset(ys, LARGE_FIT_SIZE) : ys.map((_, i) => i);
    const x = stack(fitSet.map((i) => prefix[i].x), d);
    const y = Float64Array.from(fitSet, (i) => ys[i]);
    const before = previousPrefix(prefix.length);
    if (!large && before !== undefined) return refitHyper(x, fitSet.length, d, y, prefixHyper(prefix.slice(0, before), d), WARM_FIT_ITERATIONS);
    return fitHyper(x, fitSet.length, d, y, createRng(FIT_SEED + prefix.length), large ? 0 : 2, large ? LARGE_FIT_ITERATIONS : undefined);
  });
}

/** `limit` indices: the best quarter plus an even spread of the rest. */
function subset(ys: number[], limit: number): number[] {
  const all = ys.map((_, i) => i);
  const bestCount = Math.floor(limit / 4);
  const best = [...all].sort((a, b) => ys[a] - ys[b]).slice(0, bestCount);
  const chosen = new Set(best);
  const rest = all.filter((i) => !chosen.has(i));
  const step = rest.length / (limit - bestCount);
  for (let k = 0; k < limit - bestCount; k++) chosen.add(rest[Math.floor(k * step)]);
  return [...chosen].sort((a, b) => a - b);
}

/** Rows of length d, one after another. */
export function stack(rows: Float64Array[], d: number): Float64Array {
  const out = new Float64Array(rows.length * d);
  rows.forEach((row, i) => out.set(row, i * d));
  return out;
}
