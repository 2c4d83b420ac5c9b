// Log expected improvement (for minimization), stable where EI underflows (Ament et al. 2023).
import { millsRatioLower, normalCdf } from '../../space/normal.ts';
import { crossCovariance } from './kernel.ts';
import { posteriorVariance, type Posterior } from './gp.ts';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
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
 * The O(n²) posterior variance is computed only where it can matter. Conditioning on two runs
 * alone leaves a variance never less than conditioning on all of them, and EI grows with the sd:
 * so each candidate's EI has a cheap upper bound (logExpectedImprovementBound at that variance),
 * and candidates are scored exactly in decreasing order of it until no bound can beat the
 * `count`-th best. On the way, log EI itself at that variance (tighter, but needing Φ) skips
 * those that cannot enter the best, without their O(n²) variance.
 */
export function bestByLogEI(post: Posterior, xs: Float64Array, m: number, best: number, count: number, floor: number, admissible: (index: number) => boolean): Ranked[] {
  const { n, diag, hyper, alpha } = post;
  const ks = crossCovariance(xs, m, post.x, n, hyper);
  const invDiag = diag.map((v) => 1 / v);
  const mean = new Float64Array(m);
  const bound = new Float64Array(m);
  const boundSd = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    // The mean, and the two runs that alone explain most of the variance.
    let mu = 0;
    let a = -1;
    let b = -1;
    let ea = 0;
    let eb = 0;
    for (let i = 0; i < n; i++) {
      const kji = ks[j * n + i];
      mu += kji * alpha[i];
      const e = kji * kji * invDiag[i];
      if (e > eb) {
        if (e > ea) {
          b = a;
          eb = ea;
          a = i;
          ea = e;
        } else {
          b = i;
          eb = e;
        }
      }
    }
    mean[j] = mu;
    let explained = ea;
    if (b >= 0) {
      const kab = post.k[a * n + b];
      const det = diag[a] * diag[b] - kab * kab;
      if (det > 1e-6 * diag[a] * diag[b]) {
        const ka = ks[j * n + a];
        const kb = ks[j * n + b];
        explained = (ka * ka * diag[b] - 2 * ka * kb * kab + kb * kb * diag[a]) / det;
      }
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
