// Where bayes looks for its next point: the candidates it scores with the acquisition function,
// and the pattern search that refines the best of them. Candidates are quantiles in [0, 1) per
// parameter (see encoding.ts); they are decoded before scoring.
import type { Json, Rng } from '../../types.ts';
import type { Space } from './encoding.ts';
import { randomShift, sobolPoints } from './sobol.ts';

/** A randomly shifted Sobol' net over the whole space. */
export function sobolCandidates(space: Space, rng: Rng): Float64Array[] {
  const n = space.dims.length;
  return sobolPoints(n, 0, 128 + 32 * n, randomShift(n, () => rng.uniform()));
}

/** Gaussian perturbations (in quantile space) of the best observed runs, at two scales. */
export function localCandidates(space: Space, observed: Array<{ x: Float64Array }>, ys: number[], rng: Rng): Float64Array[] {
  const order = ys.map((_, i) => i).sort((a, b) => ys[a] - ys[b]).slice(0, 5);
  const out: Float64Array[] = [];
  for (const i of order) {
    const u = quantiles(space, observed[i].x);
    for (const scale of [0.02, 0.1]) {
      for (let k = 0; k < 4 + 2 * space.dims.length; k++) {
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
export function finiteCandidates(space: Space): Float64Array[] {
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

export type Scored = { u: Float64Array; values: Json[]; acq: number; mean: number; sd: number };

/**
 * Coordinate pattern search on the acquisition from a good candidate along `coordinates` (the
 * discrete parameters', where no gradient leads), halving the step when stuck. `best(moves,
 * floor)` gives the best move whose acquisition beats `floor`, if any.
 */
export function refine(start: Scored, coordinates: number[], best: (moves: Float64Array[], floor: number) => Scored[]): Scored {
  let current = start;
  let step = 0.05;
  for (let iter = 0; iter < 12 && step > 1e-4; iter++) {
    const moves: Float64Array[] = [];
    for (const j of coordinates) {
      for (const sign of [-1, 1]) {
        const u = Float64Array.from(current.u);
        u[j] = clamp01(u[j] + sign * step);
        moves.push(u);
      }
    }
    const better = best(moves, current.acq)[0];
    if (better) current = better;
    else step /= 2;
  }
  return current;
}

/** Evaluations of the ascent at most, and its first step (in the unit cube's coordinates). */
const CLIMB_EVALUATIONS = 50;
const CLIMB_FIRST_STEP = 0.2;

/**
 * Gradient ascent of the acquisition from a good candidate along `coordinates` (the continuous
 * parameters'), the step's length doubling while steps pay and quartered when one does not.
 * `evaluate(u, grad)` gives the acquisition at u and its gradient along `coordinates`. Scaling the
 * gradient by the length scales (the kernel's metric) did worse on the 20-d problem of
 * bench/optimizer (docs/bayes.md).
 */
export function climb(start: Float64Array, coordinates: number[], evaluate: (u: Float64Array, grad: Float64Array) => number): Float64Array {
  let u = Float64Array.from(start);
  let grad = new Float64Array(u.length);
  let next = new Float64Array(u.length);
  let acq = evaluate(u, grad);
  let length = CLIMB_FIRST_STEP;
  for (let evaluations = 1; evaluations < CLIMB_EVALUATIONS && length > 1e-4 && Number.isFinite(acq); evaluations++) {
    let norm = 0;
    for (const m of coordinates) norm += grad[m] * grad[m];
    if (!(norm > 0)) break;
    const eta = length / Math.sqrt(norm);
    const moved = Float64Array.from(u);
    for (const m of coordinates) moved[m] = clamp01(u[m] + eta * grad[m]);
    const value = evaluate(moved, next);
    if (value > acq) {
      [u, acq, grad, next] = [moved, value, next, grad];
      length = Math.min(2 * length, 2);
    } else {
      length /= 4;
    }
  }
  return u;
}

const clamp01 = (v: number): number => Math.min(Math.max(v, 0), 1 - 1e-9);

function gaussian(rng: Rng): number {
  const u = Math.max(rng.uniform(), 1e-300);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.uniform());
}
