// Bayesian optimization for `method: bayes`: a Gaussian process (Matérn-5/2, ARD) fitted by MAP,
// log expected improvement maximized over Sobol' candidates, perturbations of the best runs and a
// local pattern search. Pending runs are filled in with the model's prediction (kriging
// believer), so parallel agents get different suggestions. See docs/bayes.md.
import type { Json, Rng, Suggestion, SweepConfig, SweepRun } from '../../types.ts';
import { createRng } from '../../rng.ts';
import { valueKey } from '../../space/identity.ts';
import { toRunConfig, valueOf } from '../../space/params.ts';
import { decode, encodeRun, searchSpace, type Space } from './encoding.ts';
import { observe } from './observations.ts';
import { fitWarp } from './transform.ts';
import { fitHyper } from './fit.ts';
import { condition, predict } from './gp.ts';
import { logExpectedImprovement } from './acquisition.ts';
import { randomShift, sobolPoints } from './sobol.ts';

/** Runs in the space-filling start, before the model is trusted. */
export function initialDesignSize(searchable: number): number {
  return Math.min(Math.max(searchable + 2, 4), 10);
}
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
/** Suggestions keep this far (in the unit-cube encoding) from runs in flight, so parallel agents never near-duplicate. */
const MIN_PENDING_DISTANCE = 1e-3;

/** One suggestion; undefined only when the space is finite and every point of it has a run. */
export function suggestBayes(config: SweepConfig, runs: SweepRun[], rng: Rng): Suggestion | undefined {
  if (!config.metric) throw new Error('method bayes needs a metric to optimize');
  const space = searchSpace(config.params);
  if (space.dims.length === 0) throw new Error('method bayes needs at least one parameter that is not a constant');
  const taken = new Set(runs.map((run) => keyOfRun(space, run)));
  const { done, pending } = observe(config.metric, runs);
  const observed = done.flatMap(({ run, y }) => {
    const x = encodeRun(space, run.config);
    return x && Number.isFinite(y) ? [{ x, y }] : [];
  });

  if (observed.length < initialDesignSize(space.dims.length)) {
    const shift = randomShift(space.dims.length, createRng((config.seed ?? 0) ^ 0x5eed).uniform);
    for (let i = runs.length; i < runs.length + 256; i++) {
      const point = decode(space, sobolPoints(space.dims.length, i, 1, shift)[0]);
      if (!taken.has(valueKey(point.values))) return suggestion(config, space, point.values, { phase: 'initial design' });
    }
  }

  const warp = fitWarp(observed.map((o) => o.y));
  // The model's prior mean is the worst value seen (De Ath et al. 2020, "What do you mean?"): away
  // from the runs it expects no improvement, so expected improvement looks near promising runs
  // instead of chasing the uncertainty at the edges of a many-dimensional box.
  const warped = observed.map((o) => warp.forward(o.y));
  const worst = warped.reduce((w, y) => Math.max(w, y), -Infinity);
  const ys = warped.map((y) => y - worst);
  const large = observed.length > FULL_MODEL_LIMIT;
  const fitSet = large ? subset(ys, LARGE_FIT_SIZE) : ys.map((_, i) => i);
  const d = space.width;
  const hyper = fitHyper(stack(fitSet.map((i) => observed[i].x), d), fitSet.length, d, Float64Array.from(fitSet, (i) => ys[i]), rng, large ? 0 : 2, large ? LARGE_FIT_ITERATIONS : undefined);
  const conditionSet = large ? subset(ys, LARGE_CONDITION_SIZE) : fitSet;
  let xs = conditionSet.map((i) => observed[i].x);
  let ysCond = conditionSet.map((i) => ys[i]);
  let post = condition(stack(xs, d), xs.length, d, Float64Array.from(ysCond), hyper);
  const pendingX = pending.flatMap((run) => encodeRun(space, run.config) ?? []).slice(0, 100);
  if (pendingX.length > 0) {
    const believed = predict(post, stack(pendingX, d), pendingX.length).mean;
    const noisy = xs.length;
    xs = [...xs, ...pendingX];
    ysCond = [...ysCond, ...believed];
    post = condition(stack(xs, d), xs.length, d, Float64Array.from(ysCond), hyper, noisy);
  }
  // Believed values count as observed, so a pending point's neighbourhood offers little improvement.
  const best = Math.min(...ysCond);
  const score = (us: Float64Array[]): Array<{ u: Float64Array; values: Json[]; acq: number; mean: number; sd: number }> => {
    const decoded = us.map((u) => ({ u, ...decode(space, u) }))
      .filter((p) => !taken.has(valueKey(p.values)) && !pendingX.some((q) => distance(p.x, q) < MIN_PENDING_DISTANCE));
    if (decoded.length === 0) return [];
    const { mean, variance } = predict(post, stack(decoded.map((p) => p.x), d), decoded.length);
    return decoded.map((p, i) => {
      const sd = Math.sqrt(variance[i]);
      return { u: p.u, values: p.values, acq: logExpectedImprovement(mean[i], sd, best), mean: mean[i], sd };
    });
  };

  const candidates = [...sobolCandidates(space, rng), ...localCandidates(space, observed, ys, rng), ...finiteCandidates(space)];
  let scored = score(candidates).sort((a, b) => b.acq - a.acq);
  if (scored.length === 0) return undefined;
  for (const start of scored.slice(0, 3)) scored.push(refine(start, score));
  scored = scored.sort((a, b) => b.acq - a.acq);
  const chosen = scored[0];
  return suggestion(config, space, chosen.values, {
    phase: 'model',
    predicted_value: signed(config, warp.inverse(chosen.mean + worst)),
    predicted_sd: chosen.sd,
    log_expected_improvement: chosen.acq,
    lengthscales: Array.from(hyper.lengthscales, (l) => Number(l.toPrecision(3))),
  });
}

function signed(config: SweepConfig, y: number): number {
  return config.metric?.goal === 'maximize' ? -y : y;
}

function suggestion(config: SweepConfig, space: Space, searched: Json[], info: Record<string, Json>): Suggestion {
  const byParam = new Map(space.dims.map((dim, i) => [dim.param, searched[i]]));
  const values = config.params.map((p) => (byParam.has(p) ? (byParam.get(p) as Json) : (p.value ?? null)));
  return { config: toRunConfig(config.params, values), info };
}

function keyOfRun(space: Space, run: SweepRun): string {
  return valueKey(space.dims.map((dim) => valueOf(run.config, dim.param) ?? null));
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

function stack(rows: Float64Array[], d: number): Float64Array {
  const out = new Float64Array(rows.length * d);
  rows.forEach((row, i) => out.set(row, i * d));
  return out;
}

function sobolCandidates(space: Space, rng: Rng): Float64Array[] {
  const n = space.dims.length;
  return sobolPoints(n, 0, 256 + 64 * n, randomShift(n, () => rng.uniform()));
}

/** Gaussian perturbations (in quantile space) of the best observed runs, at two scales. */
function localCandidates(space: Space, observed: Array<{ x: Float64Array }>, ys: number[], rng: Rng): Float64Array[] {
  const order = ys.map((_, i) => i).sort((a, b) => ys[a] - ys[b]).slice(0, 5);
  const out: Float64Array[] = [];
  for (const i of order) {
    const u = quantiles(space, observed[i].x);
    for (const scale of [0.02, 0.1]) {
      for (let k = 0; k < 8 + 4 * space.dims.length; k++) {
        out.push(u.map((v, j) => {
          if (space.dims[j].categorical && rng.uniform() > 0.2) return v;
          return clamp01(v + scale * gaussian(rng));
        }));
      }
    }
  }
  return out;
}

/** Every point of a small finite space (only categorical and integer parameters), so none is missed. */
function finiteCandidates(space: Space): Float64Array[] {
  const levels = space.dims.map((dim) => {
    if (dim.categorical) return dim.width;
    if (dim.param.type === 'int_uniform') return (dim.param.max ?? 0) - (dim.param.min ?? 0) + 1;
    return Infinity;
  });
  const size = levels.reduce((a, b) => a * b, 1);
  if (!(size <= 4096)) return [];
  const out: Float64Array[] = [];
  for (let index = 0; index < size; index++) {
    let rest = index;
    out.push(Float64Array.from(levels, (k) => {
      const level = rest % k;
      rest = Math.floor(rest / k);
      return (level + 0.5) / k;
    }));
  }
  return out;
}

/** Model coordinates back to one quantile per parameter (categories: the middle of their slot). */
function quantiles(space: Space, x: Float64Array): Float64Array {
  return Float64Array.from(space.dims, (dim) => {
    if (!dim.categorical) return x[dim.offset];
    let index = 0;
    for (let k = 1; k < dim.width; k++) if (x[dim.offset + k] > x[dim.offset + index]) index = k;
    return (index + 0.5) / dim.width;
  });
}

type Scored = { u: Float64Array; values: Json[]; acq: number; mean: number; sd: number };

/** Coordinate pattern search on the acquisition from a good candidate, halving the step when stuck. */
function refine(start: Scored, score: (us: Float64Array[]) => Scored[]): Scored {
  let current = start;
  let step = 0.05;
  for (let iter = 0; iter < 12 && step > 1e-4; iter++) {
    const moves: Float64Array[] = [];
    for (let j = 0; j < current.u.length; j++) {
      for (const sign of [-1, 1]) {
        const u = Float64Array.from(current.u);
        u[j] = clamp01(u[j] + sign * step);
        moves.push(u);
      }
    }
    const better = score(moves).filter((s) => s.acq > current.acq).sort((a, b) => b.acq - a.acq)[0];
    if (better) current = better;
    else step /= 2;
  }
  return current;
}

function distance(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

const clamp01 = (v: number): number => Math.min(Math.max(v, 0), 1 - 1e-9);

function gaussian(rng: Rng): number {
  const u = Math.max(rng.uniform(), 1e-300);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.uniform());
}

