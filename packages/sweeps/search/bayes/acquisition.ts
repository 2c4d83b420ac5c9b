// Log expected improvement (for minimization), stable where EI underflows (Ament et al. 2023).
import { millsRatioLower, normalCdf } from '../../space/normal.ts';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

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
