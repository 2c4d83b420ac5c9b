// Log expected improvement (for minimization), stable where EI underflows (Ament et al. 2023).
import { normalCdf } from '../../space/normal.ts';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** log h(z) with h(z) = φ(z) + zΦ(z), the expected improvement of a standard normal over −z. */
export function logH(z: number): number {
  if (z > -5) return Math.log(Math.exp(-0.5 * z * z - LOG_SQRT_2PI) + z * normalCdf(z));
  // Asymptotic series for z → −∞: h(z) ≈ φ(z)/z² · (1 − 3/z² + 15/z⁴ − 105/z⁶).
  const z2 = z * z;
  return -0.5 * z2 - LOG_SQRT_2PI - Math.log(z2) + Math.log(1 - 3 / z2 + 15 / (z2 * z2) - 105 / (z2 * z2 * z2));
}

/** log EI of improving on `best` given a Gaussian prediction (mean, sd). */
export function logExpectedImprovement(mean: number, sd: number, best: number): number {
  const z = (best - mean) / sd;
  return Math.log(sd) + logH(z);
}
