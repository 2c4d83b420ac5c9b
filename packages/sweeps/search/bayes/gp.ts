// Gaussian-process posterior: condition on (X, y) once, then predict many candidates.
import { cholesky, solveLower, solveUpper } from './linalg.ts';
import { covariance, crossCovariance, scaledColumns, type Hyper } from './kernel.ts';

export interface Posterior {
  x: Float64Array;
  n: number;
  d: number;
  hyper: Hyper;
  l: Float64Array;
  alpha: Float64Array;
  /** The covariance of the points (noise on the diagonal, without the Cholesky jitter). */
  k: Float64Array;
  /** The factored matrix's diagonal: k's, with the jitter. */
  diag: Float64Array;
  /** x scaled by the length scales, by columns (see scaledColumns). */
  columns: Float64Array;
}

/**
 * Conditions on (X, y). Only the first `noisy` points carry observation noise: the rest are the
 * model's own predictions for pending runs (kriging believer), which must pin the posterior down
 * there so that the next suggestion goes elsewhere.
 */
export function condition(x: Float64Array, n: number, d: number, y: Float64Array, hyper: Hyper, noisy = n): Posterior {
  const k = covariance(x, n, hyper);
  for (let i = noisy; i < n; i++) k[i * n + i] -= hyper.noise;
  const { l, jitter } = cholesky(k, n);
  const alpha = solveUpper(l, n, solveLower(l, n, y));
  const diag = Float64Array.from({ length: n }, (_, i) => k[i * n + i] + jitter);
  return { x, n, d, hyper, l, alpha, k, diag, columns: scaledColumns(x, n, hyper.lengthscales) };
}

/** Posterior mean and variance (of the latent function, without noise) at m points. */
export function predict(post: Posterior, xs: Float64Array, m: number): { mean: Float64Array; variance: Float64Array } {
  const { n } = post;
  const ks = crossCovariance(xs, m, post.x, n, post.hyper, post.columns);
  const mean = new Float64Array(m);
  const variance = new Float64Array(m);
  const v = new Float64Array(n);
  for (let j = 0; j < m; j++) {
    mean[j] = posteriorMean(post, ks, j);
    variance[j] = posteriorVariance(post, ks, j, v);
  }
  return { mean, variance };
}

/** The mean at the point whose cross-covariances are row j of ks (m×n). */
export function posteriorMean(post: Posterior, ks: Float64Array, j: number): number {
  const { n, alpha } = post;
  let mu = 0;
  for (let i = 0; i < n; i++) mu += ks[j * n + i] * alpha[i];
  return mu;
}

/** The latent variance at the point whose cross-covariances are row j of ks; `v` is scratch of length n. */
export function posteriorVariance(post: Posterior, ks: Float64Array, j: number, v: Float64Array): number {
  const { n, l } = post;
  // v = L⁻¹ k*, so var = k(x, x) − vᵀv.
  let vv = 0;
  for (let i = 0; i < n; i++) {
    let sum = ks[j * n + i];
    for (let k = 0; k < i; k++) sum -= l[i * n + k] * v[k];
    v[i] = sum / l[i * n + i];
    vv += v[i] * v[i];
  }
  return Math.max(post.hyper.signal - vv, 1e-12);
}
