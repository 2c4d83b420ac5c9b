// When bayes fits its hyperparameters from several starts, and the memo that keeps such a fit
// between suggestions. That fit (L-BFGS from four starts, each step a Cholesky factor and an
// inverse) was nearly all of a suggestion's time, and the hyperparameters barely move from one run
// to the next: so it is made on a prefix of the observations whose length moves in steps (every run
// up to 15 runs, then every 2, 4, 8, … runs: never more than an eighth of the runs behind), and
// model.ts refines it on all runs with a few iterations. The fit is a pure function of the prefix —
// its random starts are drawn from the prefix's own digest — so a suggestion is the same whether the
// memo holds the fit or not; the memo only saves recomputing it until the prefix steps.
import type { Rng } from '../../types.ts';
import type { Hyper } from './kernel.ts';
import { createRng } from '../../rng.ts';

/** Runs (in the order they were observed) whose fit stays valid, as a power of two: 1 below 16 runs. */
export function refitInterval(observed: number): number {
  return 2 ** Math.max(0, Math.floor(Math.log2(observed / 8)));
}

/** Length of the prefix of `observed` runs that the hyperparameters are fitted on. */
export function fitPrefix(observed: number): number {
  return observed - (observed % refitInterval(observed));
}

/** Fits kept: a handful of sweeps in one process, each needing its latest prefix. */
const MEMO_SIZE = 32;

interface Entry { x: Float64Array; y: Float64Array; d: number; hyper: Hyper }
const memo = new Map<number, Entry[]>();

/**
 * `fit(x, y, seed)`'s result for these rows (x: n×d, y: n values), from the memo when the same rows
 * were fitted before. `seed` is derived from the rows, so the result never depends on the memo.
 */
export function memoizedFit(x: Float64Array, y: Float64Array, d: number, fit: (rng: Rng) => Hyper): Hyper {
  const key = digest(x, y, d);
  const same = memo.get(key) ?? [];
  const hit = same.find((e) => e.d === d && equal(e.x, x) && equal(e.y, y));
  if (hit) {
    // Most recently used last, so that the oldest is dropped first.
    memo.delete(key);
    memo.set(key, same);
    return hit.hyper;
  }
  const hyper = fit(createRng(key));
  memo.delete(key);
  memo.set(key, [...same, { x: Float64Array.from(x), y: Float64Array.from(y), d, hyper }]);
  if (memo.size > MEMO_SIZE) memo.delete(memo.keys().next().value as number);
  return hyper;
}

/** FNV-1a over the rows' bits. */
function digest(x: Float64Array, y: Float64Array, d: number): number {
  let h = 0x811c9dc5 ^ d;
  for (const words of [new Uint32Array(x.buffer, x.byteOffset, x.length * 2), new Uint32Array(y.buffer, y.byteOffset, y.length * 2)]) {
    for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 0x01000193);
  }
  return h >>> 0;
}

function equal(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
