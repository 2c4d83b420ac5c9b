// Hyperparameters by maximum a posteriori: log marginal likelihood plus log priors, over
// θ = (log ℓ₁…log ℓ_d, log σ_f², log σ_n²), with L-BFGS from several starts.
import type { Rng } from '../../types.ts';
import { cholesky, inverseFromCholesky, solveLower, solveUpper } from './linalg.ts';
import type { Hyper } from './kernel.ts';
import { minimizeLbfgs, type Evaluation } from './lbfgs.ts';

const SQRT5 = Math.sqrt(5);

/**
 * Priors, in the unit-cube encoding with standardized y. Length scales: log-normal with median
 * √d/8 and sd √3 — growing with the dimension as in Hvarfner et al. 2024, but 30 times shorter than
 * their √2 + ½ log d: with 10–50 runs in up to 10 dimensions their prior makes the model nearly
 * linear and expected improvement runs to the corners of the box (bench/optimizer, docs/bayes.md).
 * Signal variance near 1. Noise small: most objectives are deterministic or nearly so, but a floor
 * keeps the fit stable.
 */
export function priors(d: number): { mean: Float64Array; sd: Float64Array; lower: Float64Array; upper: Float64Array } {
  const mean = new Float64Array(d + 2);
  const sd = new Float64Array(d + 2);
  const lower = new Float64Array(d + 2);
  const upper = new Float64Array(d + 2);
  for (let k = 0; k < d; k++) {
    mean[k] = Math.log(Math.sqrt(d) / 8);
    sd[k] = Math.sqrt(3);
    lower[k] = Math.log(0.005);
    upper[k] = Math.log(100);
  }
  [mean[d], sd[d], lower[d], upper[d]] = [0, 1.5, Math.log(0.05), Math.log(20)];
  [mean[d + 1], sd[d + 1], lower[d + 1], upper[d + 1]] = [Math.log(1e-4), 2, Math.log(1e-8), Math.log(0.5)];
  return { mean, sd, lower, upper };
}

export function hyperFrom(theta: Float64Array, d: number): Hyper {
  return { lengthscales: theta.slice(0, d).map(Math.exp), signal: Math.exp(theta[d]), noise: Math.exp(theta[d + 1]) };
}

/** Squared differences of every pair of rows, per dimension (n·n·d), computed once per fit. */
export function pairDifferences(x: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n * n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      for (let m = 0; m < d; m++) {
        const diff = (x[i * d + m] - x[j * d + m]) ** 2;
        out[(i * n + j) * d + m] = diff;
        out[(j * n + i) * d + m] = diff;
      }
    }
  }
  return out;
}

/**
 * n×n matrices one fit's objective evaluations reuse: K, √5·r and e^(−√5·r) of each pair, and the
 * factors; `evaluations` counts them, so a gradient asked after a later evaluation is refused.
 */
export interface Workspace { k: Float64Array; root5r: Float64Array; decay: Float64Array; l: Float64Array; li: Float64Array; inv: Float64Array; evaluations: number }

export function workspace(n: number): Workspace {
  const matrix = (): Float64Array => new Float64Array(n * n);
  return { k: matrix(), root5r: matrix(), decay: matrix(), l: matrix(), li: matrix(), inv: matrix(), evaluations: 0 };
}

/**
 * Negative log marginal likelihood minus log prior, and its gradient in θ on demand: the gradient
 * needs K⁻¹, as much work again as the value, and the line search needs none at the steps it
 * rejects.
 */
export function objective(diffs: Float64Array, n: number, d: number, y: Float64Array, theta: Float64Array, work = workspace(n)): Evaluation {
  const evaluation = ++work.evaluations;
  const hyper = hyperFrom(theta, d);
  const invSq = hyper.lengthscales.map((v) => 1 / (v * v));
  const { k, root5r, decay } = work;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      let r2 = 0;
      const at = (i * n + j) * d;
      for (let m = 0; m < d; m++) r2 += diffs[at + m] * invSq[m];
      const s = SQRT5 * Math.sqrt(r2);
      const e = Math.exp(-s);
      root5r[i * n + j] = s;
      decay[i * n + j] = e;
      k[i * n + j] = k[j * n + i] = hyper.signal * (1 + s + (s * s) / 3) * e;
    }
    k[i * n + i] = hyper.signal + hyper.noise;
  }
  const { l } = cholesky(k, n, undefined, work.l);
  const alpha = solveUpper(l, n, solveLower(l, n, y));
  let logDet = 0;
  for (let i = 0; i < n; i++) logDet += Math.log(l[i * n + i]);
  let fit = 0;
  for (let i = 0; i < n; i++) fit += y[i] * alpha[i];
  const lml = -0.5 * fit - logDet - 0.5 * n * Math.log(2 * Math.PI);
  const { mean, sd } = priors(d);
  let logPrior = 0;
  for (let m = 0; m < d + 2; m++) {
    const z = (theta[m] - mean[m]) / sd[m];
    logPrior -= 0.5 * z * z;
  }

  const gradient = (): Float64Array => {
    if (work.evaluations !== evaluation) throw new Error('the gradient was asked after a later evaluation overwrote its workspace');
    // ∂LML/∂θ = ½ tr(W ∂K/∂θ) with W = ααᵀ − K⁻¹; pairs (i, j) and (j, i) are added once, doubled.
    const inv = inverseFromCholesky(l, n, work.li, work.inv);
    const grad = new Float64Array(d + 2);
    for (let i = 0; i < n; i++) {
      const wii = alpha[i] * alpha[i] - inv[i * n + i];
      grad[d] += 0.5 * wii * hyper.signal;
      grad[d + 1] += 0.5 * wii * hyper.noise;
      for (let j = 0; j < i; j++) {
        const w = alpha[i] * alpha[j] - inv[i * n + j];
        grad[d] += w * k[i * n + j];
        const common = w * hyper.signal * (5 / 3) * (1 + root5r[i * n + j]) * decay[i * n + j];
        const at = (i * n + j) * d;
        for (let m = 0; m < d; m++) grad[m] += common * diffs[at + m] * invSq[m];
      }
    }
    for (let m = 0; m < d + 2; m++) grad[m] -= (theta[m] - mean[m]) / sd[m] / sd[m];
    return grad.map((g) => -g);
  };
  return { value: -(lml + logPrior), gradient };
}

/** MAP hyperparameters from the prior mode and `restarts` random starts drawn from the prior. */
export function fitHyper(x: Float64Array, n: number, d: number, y: Float64Array, rng: Rng, restarts = 2, maxIter = 60): Hyper {
  const { mean, sd } = priors(d);
  const starts = [Float64Array.from(mean)];
  // A start with long length scales, for smooth objectives the short prior would under-fit.
  starts.push(mean.map((m, k) => (k < d ? Math.log(3) : m)));
  for (let r = 0; r < restarts; r++) {
    starts.push(mean.map((m, k) => m + sd[k] * 0.7 * (2 * rng.uniform() - 1)));
  }
  return bestFrom(x, n, d, y, starts, maxIter);
}

/** MAP hyperparameters from one start: hyperparameters fitted before on fewer of the runs. */
export function refitHyper(x: Float64Array, n: number, d: number, y: Float64Array, from: Hyper, maxIter: number): Hyper {
  const theta = new Float64Array(d + 2);
  from.lengthscales.forEach((l, k) => (theta[k] = Math.log(l)));
  [theta[d], theta[d + 1]] = [Math.log(from.signal), Math.log(from.noise)];
  return bestFrom(x, n, d, y, [theta], maxIter);
}

function bestFrom(x: Float64Array, n: number, d: number, y: Float64Array, starts: Float64Array[], maxIter: number): Hyper {
  const { mean, lower, upper } = priors(d);
  const diffs = pairDifferences(x, n, d);
  const work = workspace(n);
  let best: { x: Float64Array; value: number } | undefined;
  for (const start of starts) {
    try {
      const result = minimizeLbfgs((t) => objective(diffs, n, d, y, t, work), start, lower, upper, maxIter);
      if (!best || result.value < best.value) best = result;
    } catch {
      // A start whose covariance is numerically singular is skipped; the others remain.
    }
  }
  return hyperFrom(best ? best.x : mean, d);
}
