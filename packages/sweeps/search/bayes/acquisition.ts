// Log expected improvement (for minimization), stable where EI underflows (Ament et al. 2023).
import { millsRatioLower, normalCdf } from '../../space/normal.ts';
import { crossCovariance, SQRT5 } from './kernel.ts';
import { solveUpper } from './linalg.ts';
import { posteriorVariance, type Posterior } from './gp.ts';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
/** Runs a candidate's variance bound conditions on. */
const BOUND_RUNS = 6;
/** Far above the rounding of log EI, which grows with the sd (∂EI/∂sd = φ(z) > 0). */
const LOG_EI_MARGIN = 1e-9;

/** log h(z) with h(z) = φ(z) + zΦ(z), the expected improvement of a standard normal over −z. */
export function logH(z: number): number {
  if (z > -1) return Math.log(Math.exp(-0.5 * z * z - LOG_SQRT_2PI) + z * normalCdf(z));
  // h(z) = φ(z)·(1 + z·Φ(z)/φ(z)): log φ stays finite where φ and Φ underflow.
  return -0.5 * z * z - LOG_SQRT_2PI + Math.log1p(z * millsRatioLower(z));
}

/** log EI of improving on `best` given a Gaussian prediction (mean, sd). */
export function logExpectedImprovement(mean: number, sd: number, best: number): number {
  const z = (best - mean) / sd;
  return Math.log(sd) + logH(z);
}

/**
 * An upper bound of log EI that needs no Φ: h(z) ≤ φ(z) + z for z ≥ 0, and h(z) ≤ φ(z)/(1 + z²)
 * for z < 0, from Gordon's bound Φ(z) ≥ φ(z)·|z|/(1 + z²). Exact at z = 0, within 0.4 nats elsewhere.
 */
export function logExpectedImprovementBound(mean: number, sd: number, best: number): number {
  const z = (best - mean) / sd;
  const logPhi = -0.5 * z * z - LOG_SQRT_2PI;
  // The margin covers rounding where the bound is tight (z near 0).
  return Math.log(sd) + (z >= 0 ? Math.log(Math.exp(logPhi) + z) : logPhi - Math.log1p(z * z)) + 1e-12;
}

export interface Ranked { index: number; acq: number; mean: number; sd: number }

/**
 * The `count` candidates (rows of xs, m×d) with the highest log EI above `floor`, best first (ties:
 * lower index first), among those `admissible` accepts: exactly what scoring every candidate gives.
 * The O(n²) posterior variance is computed only where it can matter. Conditioning on a few runs
 * alone leaves a variance never less than conditioning on all of them, and EI grows with the sd:
 * so each candidate's EI has a cheap upper bound (logExpectedImprovementBound at that variance),
 * and candidates are scored exactly in decreasing order of it until no bound can beat the
 * `count`-th best. On the way, log EI itself at that variance (tighter, but needing Φ) skips
 * those that cannot enter the best, without their O(n²) variance.
 */
export function bestByLogEI(post: Posterior, xs: Float64Array, m: number, best: number, count: number, floor: number, admissible: (index: number) => boolean): Ranked[] {
  const { n, diag, hyper, alpha } = post;
  const ks = crossCovariance(xs, m, post.x, n, hyper, post.columns);
  const invDiag = diag.map((v) => 1 / v);
  const mean = new Float64Array(m);
  const bound = new Float64Array(m);
  const boundSd = new Float64Array(m);
  // Per candidate: the runs that alone explain most of its variance (by k²/k(x_i, x_i), best
  // first), the factor of their covariance, and the candidate's coordinates in it.
  const chosen = new Int32Array(BOUND_RUNS);
  const share = new Float64Array(BOUND_RUNS);
  const factor = new Float64Array(BOUND_RUNS * BOUND_RUNS);
  const w = new Float64Array(BOUND_RUNS);
  for (let j = 0; j < m; j++) {
    let mu = 0;
    let found = 0;
    for (let i = 0; i < n; i++) {
      const kji = ks[j * n + i];
      mu += kji * alpha[i];
      const e = kji * kji * invDiag[i];
      if (found === BOUND_RUNS && !(e > share[BOUND_RUNS - 1])) continue;
      if (!(e > 0)) continue;
      let at = found < BOUND_RUNS ? found++ : BOUND_RUNS - 1;
      while (at > 0 && e > share[at - 1]) {
        share[at] = share[at - 1];
        chosen[at] = chosen[at - 1];
        at--;
      }
      share[at] = e;
      chosen[at] = i;
    }
    mean[j] = mu;
    // Conditioning on those runs one at a time (a Cholesky factor grown row by row), leaving out a
    // run nearly explained by the ones before it, so that rounding stays far below the margin.
    let explained = 0;
    let kept = 0;
    for (let r = 0; r < found; r++) {
      const run = chosen[r];
      let pivot = diag[run];
      for (let t = 0; t < kept; t++) {
        let sum = post.k[run * n + chosen[t]];
        for (let u = 0; u < t; u++) sum -= factor[kept * BOUND_RUNS + u] * factor[t * BOUND_RUNS + u];
        const l = sum / factor[t * BOUND_RUNS + t];
        factor[kept * BOUND_RUNS + t] = l;
        pivot -= l * l;
      }
      if (!(pivot > 1e-6 * diag[run])) continue;
      const root = Math.sqrt(pivot);
      factor[kept * BOUND_RUNS + kept] = root;
      let rest = ks[j * n + run];
      for (let t = 0; t < kept; t++) rest -= factor[kept * BOUND_RUNS + t] * w[t];
      w[kept] = rest / root;
      explained += w[kept] * w[kept];
      chosen[kept] = run;
      kept++;
    }
    // A margin far above rounding keeps the bound an upper bound of the variance computed exactly.
    const variance = Math.max(hyper.signal - explained + 1e-8 * hyper.signal, 1e-12);
    boundSd[j] = Math.sqrt(variance);
    bound[j] = logExpectedImprovementBound(mu, boundSd[j], best);
  }
  const order = Array.from({ length: m }, (_, j) => j).filter((j) => !(bound[j] <= floor)).sort((a, b) => bound[b] - bound[a] || a - b);
  const top: Ranked[] = [];
  const v = new Float64Array(n);
  for (const j of order) {
    if (top.length === count && bound[j] < top[count - 1].acq) break;
    const beat = top.length === count ? top[count - 1].acq : floor;
    if (logExpectedImprovement(mean[j], boundSd[j], best) + LOG_EI_MARGIN < beat) continue;
    if (!admissible(j)) continue;
    const sd = Math.sqrt(posteriorVariance(post, ks, j, v));
    const acq = logExpectedImprovement(mean[j], sd, best);
    if (!(acq > floor)) continue;
    top.push({ index: j, acq, mean: mean[j], sd });
    top.sort((a, b) => b.acq - a.acq || a.index - b.index);
    if (top.length > count) top.pop();
  }
  return top;
}

/**
 * log EI at the point x (model coordinates) and, into `grad`, its derivatives along the
 * coordinates `free`: for the ascent that refines a candidate (candidates.ts climb). `scratch`
 * holds 2n numbers.
 */
export function logEIWithGradient(post: Posterior, x: Float64Array, best: number, free: number[], grad: Float64Array, scratch: Float64Array): number {
  const { n, d, hyper, alpha, l } = post;
  const k = scratch.subarray(0, n);
  const slope = scratch.subarray(n, 2 * n);
  const { lengthscales, signal } = hyper;
  let mean = 0;
  for (let i = 0; i < n; i++) {
    let r2 = 0;
    for (let m = 0; m < d; m++) {
      const diff = (x[m] - post.x[i * d + m]) / lengthscales[m];
      r2 += diff * diff;
    }
    const s = SQRT5 * Math.sqrt(r2);
    const e = Math.exp(-s);
    k[i] = signal * (1 + s + (s * s) / 3) * e;
    // ∂k/∂x_m = slope · (x_m − X_im) / ℓ_m²
    slope[i] = (-5 / 3) * signal * (1 + s) * e;
    mean += alpha[i] * k[i];
  }
  // L⁻¹k gives the variance; K⁻¹k = L⁻ᵀL⁻¹k, the variance's weights.
  const lk = new Float64Array(n);
  const variance = posteriorVariance(post, k, 0, lk);
  const v = solveUpper(l, n, lk);
  const sd = Math.sqrt(variance);
  const z = (best - mean) / sd;
  // d log EI / dμ = −Φ(z)/(h(z)σ), d log EI / dσ = φ(z)/(h(z)σ), stable where φ and Φ underflow.
  let cdfOverH: number;
  let pdfOverH: number;
  if (z > -1) {
    const pdf = Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
    const h = pdf + z * normalCdf(z);
    cdfOverH = normalCdf(z) / h;
    pdfOverH = pdf / h;
  } else {
    const mills = millsRatioLower(z);
    cdfOverH = mills / (1 + z * mills);
    pdfOverH = 1 / (1 + z * mills);
  }
  const byMean = -cdfOverH / sd;
  const byVariance = variance > 1e-12 ? pdfOverH / (2 * sd * sd) : 0;
  for (const m of free) {
    let dMean = 0;
    let dVariance = 0;
    for (let i = 0; i < n; i++) {
      const t = slope[i] * (x[m] - post.x[i * d + m]);
      dMean += alpha[i] * t;
      dVariance -= 2 * v[i] * t;
    }
    const scale = 1 / (lengthscales[m] * lengthscales[m]);
    grad[m] = (byMean * dMean + byVariance * dVariance) * scale;
  }
  return Math.log(sd) + logH(z);
}
