// When bayes fits its hyperparameters again. The fit (a few hundred O(n³) likelihood evaluations)
// is most of a suggestion from a few dozen runs on, while one more run hardly moves its result.
// So the hyperparameters are fitted on a prefix of the runs (in their order) whose length steps by
// about a tenth, and every suggestion until the next step reuses that fit from a memo. The model is
// still conditioned on every run. Beyond 30 runs a step's fit starts from the step before's (one
// start, as one more tenth of runs hardly moves the optimum), and only up to 30 from four. A step's
// fit thus depends on its prefix alone (through the fits of that prefix's own prefixes, their own
// warps, a fixed seed), so whether the memo holds it changes no suggestion, only how long it
// takes: without the memo, the chain of steps is fitted again.
import type { Hyper } from './kernel.ts';

/** Up to this many runs the hyperparameters are fitted on every run, each suggestion. */
const REFIT_ALWAYS_UNTIL = 30;
const REFIT_GROWTH = 1.1;
/** Bytes of fit inputs the memo keeps (the most recent fits): a sweep whose fit was dropped refits once. */
const MEMO_BYTES = 32 * 1024 * 1024;

/** The number of runs (of `n`) the hyperparameters are fitted on: the largest step ≤ n. */
export function fitPrefix(n: number): number {
  if (n <= REFIT_ALWAYS_UNTIL) return n;
  let step = REFIT_ALWAYS_UNTIL;
  for (let next = Math.floor(step * REFIT_GROWTH); next <= n; next = Math.floor(next * REFIT_GROWTH)) step = next;
  return step;
}

/** The step of the prefix before `prefix` (itself a step), whose fit starts its own; none up to 30 runs. */
export function previousPrefix(prefix: number): number | undefined {
  return prefix > REFIT_ALWAYS_UNTIL ? fitPrefix(prefix - 1) : undefined;
}

interface Entry { inputs: Float64Array; hyper: Hyper }
const memo = new Map<number, Entry[]>();
let held = 0;

/**
 * `fit()` for these inputs (the prefix's coordinates and values, flattened), from the memo when it
 * holds the same inputs. The key is a hash; the inputs themselves are compared on a hit.
 */
export function memoizedFit(inputs: Float64Array, fit: () => Hyper): Hyper {
  const key = hash(inputs);
  const found = memo.get(key)?.find((entry) => sameValues(entry.inputs, inputs));
  if (found) return found.hyper;
  const hyper = fit();
  memo.set(key, [...(memo.get(key) ?? []), { inputs: Float64Array.from(inputs), hyper }]);
  held += inputs.byteLength;
  // Map keeps insertion order: the first key is the oldest.
  while (held > MEMO_BYTES) {
    const [oldest, entries] = memo.entries().next().value as [number, Entry[]];
    memo.delete(oldest);
    for (const entry of entries) held -= entry.inputs.byteLength;
  }
  return hyper;
}

/** Empties the memo: the next suggestion of every sweep fits anew (tests, and the cold latency of bench/optimizer). */
export function forgetFits(): void {
  memo.clear();
  held = 0;
}

/** MurmurHash3's 32-bit mixing over the values' words: a bit anywhere in a value moves every bit of the hash. */
function hash(values: Float64Array): number {
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  let h = 0;
  for (let i = 0; i < words.length; i++) {
    let k = Math.imul(words[i], 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
  }
  return h >>> 0;
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
