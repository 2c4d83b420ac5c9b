// Gaussian-process posterior: condition on (X, y) once, then predict many candidates.
import { cholesky, solveLower, solveUpper } from './linalg.ts';
import { covariance, crossCovariance, type Hyper } from './kernel.ts';

export interface Posterior {
  x: Float64Array;
  n: number;
  d: number;
  hyper: Hyper;
  l: Float64Array;
  alpha: Float64Array;
}

/**
 * Conditions on (X, y). Only the first `noisy` points carry observation noise: the rest are the
 * model's own predictions for pending runs (kriging believer), which must pin the posterior down
 * there so that the next suggestion goes elsewhere.
 */
export function condition(x: Float64Array, n: number, d: number, y: Float64Array, hyper: Hyper, noisy = n): Posterior {
  const k = covariance(x, n, hyper);
  for (let i = noisy; i < n; i++) k[i * n + i] -= hyper.noise;
  const { l } = cholesky(k, n);
  const alpha = solveUpper(l, n, solveLower(l, n, y));
  return { x, n, d, hyper, l, alpha };
}

/** Posterior mean and variance (of the latent function, without noise) at m points. */
export function predict(post: Posterior, xs: Float64Array, m: number): { mean: Float64Array; variance: Float64Array } {
  const { n, l, alpha, hyper } = post;
  const ks = crossCovariance(xs, m, post.x, n, hyper);
  const mean = new Float64Array(m);
  const variance = new Float64Array(m);
  const v = new Float64Array(n);
  for (let j = 0; j < m; j++) {
    let mu = 0;
    for (let i = 0; i < n; i++) mu += ks[j * n + i] * alpha[i];
    // v = L⁻¹ k*, so var = k(x, x) − vᵀv.
    let vv = 0;
    for (let i = 0; i < n; i++) {
      let sum = ks[j * n + i];
      for (let k = 0; k < i; k++) sum -= l[i * n + k] * v[k];
      v[i] = sum / l[i * n + i];
      vv += v[i] * v[i];
    }
    mean[j] = mu;
    variance[j] = Math.max(hyper.signal - vv, 1e-12);
  }
  return { mean, variance };
}
