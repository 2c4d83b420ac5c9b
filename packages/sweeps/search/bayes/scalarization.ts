// ParEGO (Knowles 2006): bayes with several objectives turns each run's objective vector into one
// value with a Chebyshev scalarization whose weights are drawn anew for every suggestion, so that
// successive suggestions aim at different parts of the Pareto front. See docs/bayes.md#several-objectives.
import type { Rng } from '../../types.ts';

/** The weight of the linear term that makes the Chebyshev norm strictly prefer dominating points. */
const AUGMENTATION = 0.05;

/** Weights uniform on the simplex (a flat Dirichlet): k non-negative numbers summing to 1. */
export function scalarizationWeights(k: number, rng: Rng): number[] {
  const draws = Array.from({ length: k }, () => -Math.log(1 - rng.uniform()));
  const total = draws.reduce((a, b) => a + b, 0);
  return draws.map((d) => d / total);
}

/**
 * One value per row of `objectives` (rows: runs; columns: objectives, every one minimized):
 * each objective is scaled to [0, 1] by the rows' range, then max_j w_j f_j + ρ Σ_j w_j f_j.
 */
export function chebyshev(objectives: number[][], weights: number[]): number[] {
  const k = weights.length;
  const low = Array.from({ length: k }, (_, j) => Math.min(...objectives.map((row) => row[j])));
  const high = Array.from({ length: k }, (_, j) => Math.max(...objectives.map((row) => row[j])));
  return objectives.map((row) => {
    let max = -Infinity;
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const range = high[j] - low[j];
      const term = weights[j] * (range > 0 ? (row[j] - low[j]) / range : 0);
      max = Math.max(max, term);
      sum += term;
    }
    return max + AUGMENTATION * sum;
  });
}
