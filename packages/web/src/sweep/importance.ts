// Which parameters matter for the sweep's metric: the impurity importance of a random forest of
// regression trees fit to (parameters -> metric), and each parameter's linear correlation with the
// metric. Categorical values are numbered in sorted order, so their correlation shows an ordering
// trend only; the forest handles them without that caveat (any split of the ordered codes).
import type { Json } from '../api.ts';

export interface ParameterImportance {
  name: string;
  /** Share of the forest's variance reduction due to this parameter; all add up to 1. */
  importance: number;
  /** Pearson correlation with the metric, -1..1 (NaN when the parameter never varies). */
  correlation: number;
}

export interface ForestOptions {
  trees?: number;
  maxDepth?: number;
  minLeaf?: number;
  seed?: number;
}

/** `values[p][i]` is parameter p of run i; runs lacking a value or the metric are left out. */
export function parameterImportance(names: string[], values: Json[][], metric: Array<number | undefined>, options: ForestOptions = {}): ParameterImportance[] {
  const rows = metric.map((_, i) => i).filter((i) => typeof metric[i] === 'number' && Number.isFinite(metric[i]) && values.every((column) => column[i] !== undefined && column[i] !== null));
  const x = values.map((column) => encode(rows.map((i) => column[i])));
  const y = rows.map((i) => metric[i] as number);
  const gains = rows.length >= 2 ? forestGains(x, y, options) : names.map(() => 0);
  const total = gains.reduce((a, b) => a + b, 0);
  return names.map((name, p) => ({ name, importance: total > 0 ? gains[p] / total : 0, correlation: pearson(x[p], y) }));
}

/** Numbers stay; anything else becomes its rank among the distinct values. */
function encode(column: Json[]): number[] {
  if (column.every((v) => typeof v === 'number')) return column as number[];
  const keys = column.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  const distinct = [...new Set(keys)].sort();
  return keys.map((k) => distinct.indexOf(k));
}

export function pearson(a: number[], b: number[]): number {
  const n = a.length;
  if (n < 2) return NaN;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    cov += (a[i] - ma) * (b[i] - mb);
    va += (a[i] - ma) ** 2;
    vb += (b[i] - mb) ** 2;
  }
  return va === 0 || vb === 0 ? NaN : cov / Math.sqrt(va * vb);
}

/** Total variance reduction per feature over a forest of bootstrapped trees with random feature subsets. */
function forestGains(x: number[][], y: number[], { trees = 100, maxDepth = 8, minLeaf = 2, seed = 1 }: ForestOptions): number[] {
  const random = mulberry32(seed);
  const features = x.length;
  // Every feature is a candidate at every split (as scikit-learn regressors do): with few
  // parameters, random subsets credit noise with splits that another parameter deserved.
  const tries = features;
  const gains = new Array<number>(features).fill(0);
  for (let t = 0; t < trees; t++) {
    const sample = y.map(() => Math.floor(random() * y.length));
    grow(sample, 0);
  }
  return gains;

  function grow(rows: number[], depth: number): void {
    if (depth >= maxDepth || rows.length < 2 * minLeaf) return;
    const candidates = shuffled(features, random).slice(0, tries);
    let best: { feature: number; threshold: number; gain: number } | undefined;
    const parent = sse(rows);
    for (const f of candidates) {
      const order = [...rows].sort((a, b) => x[f][a] - x[f][b]);
      let sum = 0;
      let sq = 0;
      const totalSum = order.reduce((s, r) => s + y[r], 0);
      const totalSq = order.reduce((s, r) => s + y[r] * y[r], 0);
      for (let i = 0; i < order.length - 1; i++) {
        sum += y[order[i]];
        sq += y[order[i]] ** 2;
        const left = i + 1;
        const right = order.length - left;
        if (left < minLeaf || right < minLeaf || x[f][order[i]] === x[f][order[i + 1]]) continue;
        const split = sq - (sum * sum) / left + (totalSq - sq) - ((totalSum - sum) ** 2) / right;
        const gain = parent - split;
        if (!best || gain > best.gain) best = { feature: f, threshold: (x[f][order[i]] + x[f][order[i + 1]]) / 2, gain };
      }
    }
    if (!best || best.gain <= 1e-12 * Math.max(1, parent)) return;
    gains[best.feature] += best.gain;
    const { feature, threshold } = best;
    grow(rows.filter((r) => x[feature][r] <= threshold), depth + 1);
    grow(rows.filter((r) => x[feature][r] > threshold), depth + 1);
  }

  function sse(rows: number[]): number {
    const mean = rows.reduce((s, r) => s + y[r], 0) / rows.length;
    return rows.reduce((s, r) => s + (y[r] - mean) ** 2, 0);
  }
}

function shuffled(n: number, random: () => number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** A small seeded generator, so the same runs always give the same importances. */
function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
