// The surrogate bayes scores candidates with: a GP on the warped values of the runs with results,
// conditioned as well on its own predictions at the runs in flight (kriging believer).
import type { Rng } from '../../types.ts';
import type { Hyper } from './kernel.ts';
import { fitHyper } from './fit.ts';
import { condition, predict, type Posterior } from './gp.ts';
import { fitWarp, type Warp } from './transform.ts';

/**
 * Up to FULL_MODEL_LIMIT usable runs the model uses every run, fitted from four starts. Beyond it,
 * to keep a suggestion under 100 ms at 500 runs in 10-d: hyperparameters are fitted on 40 runs
 * from two starts (30 L-BFGS iterations each) and the model is conditioned on 80, in both cases
 * the best quarter plus an even spread (in creation order) of the rest.
 */
const FULL_MODEL_LIMIT = 100;
const LARGE_FIT_SIZE = 40;
const LARGE_FIT_ITERATIONS = 30;
const LARGE_CONDITION_SIZE = 80;
/** Runs in flight the model believes at most. */
const PENDING_LIMIT = 100;

export interface Model {
  post: Posterior;
  hyper: Hyper;
  /** Model values of the observed runs (warped, shifted so the worst is 0), in their order. */
  ys: number[];
  /** Objective value of a model value. */
  objective(y: number): number;
  /** The incumbent: the lowest model value, believed pending values included. */
  best: number;
  /** Encodings of the runs in flight that the model believes. */
  pendingX: Float64Array[];
}

/** Fits the model; draws from `rng` for the random starts of the hyperparameter fit. */
export function fitModel(observed: Array<{ x: Float64Array; y: number }>, pending: Float64Array[], d: number, rng: Rng): Model {
  const warp: Warp = fitWarp(observed.map((o) => o.y));
  // The model's prior mean is the worst value seen (De Ath et al. 2020, "What do you mean?"): away
  // from the runs it expects no improvement, so expected improvement looks near promising runs
  // instead of chasing the uncertainty at the edges of a many-dimensional box.
  const warped = observed.map((o) => warp.forward(o.y));
  const worst = warped.reduce((w, y) => Math.max(w, y), -Infinity);
  const ys = warped.map((y) => y - worst);
  const large = observed.length > FULL_MODEL_LIMIT;
  const fitSet = large ? subset(ys, LARGE_FIT_SIZE) : ys.map((_, i) => i);
  const hyper = fitHyper(stack(fitSet.map((i) => observed[i].x), d), fitSet.length, d, Float64Array.from(fitSet, (i) => ys[i]), rng, large ? 0 : 2, large ? LARGE_FIT_ITERATIONS : undefined);
  const conditionSet = large ? subset(ys, LARGE_CONDITION_SIZE) : fitSet;
  let xs = conditionSet.map((i) => observed[i].x);
  let ysCond = conditionSet.map((i) => ys[i]);
  let post = condition(stack(xs, d), xs.length, d, Float64Array.from(ysCond), hyper);
  const pendingX = pending.slice(0, PENDING_LIMIT);
  if (pendingX.length > 0) {
    const believed = predict(post, stack(pendingX, d), pendingX.length).mean;
    const noisy = xs.length;
    xs = [...xs, ...pendingX];
    ysCond = [...ysCond, ...believed];
    post = condition(stack(xs, d), xs.length, d, Float64Array.from(ysCond), hyper, noisy);
  }
  // Believed values count as observed, so a pending point's neighbourhood offers little improvement.
  return { post, hyper, ys, objective: (y) => warp.inverse(y + worst), best: Math.min(...ysCond), pendingX };
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
