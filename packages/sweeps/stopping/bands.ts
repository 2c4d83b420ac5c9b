// Hyperband bands: the iteration counts at which running runs are compared (docs/protocol/sweeps.md#hyperband-bands).
import type { HyperbandSpec } from '../types.ts';

/**
 * Ascending bands. With max_iter and s (which win over min_iter): divide max_iter by eta up to s
 * times, keeping floor(b) while b >= 1 (max_iter itself is never a band). With min_iter:
 * floor(min_iter · eta^k) for k = 0..99, by repeated multiplication as W&B computes it.
 */
export function hyperbandBands(spec: HyperbandSpec): number[] {
  const bands: number[] = [];
  if (spec.max_iter !== undefined && spec.s !== undefined) {
    let b = spec.max_iter;
    for (let i = 0; i < spec.s; i++) {
      b /= spec.eta;
      if (b < 1) break;
      bands.push(Math.floor(b));
    }
    return bands.sort((x, y) => x - y);
  }
  if (spec.min_iter !== undefined) {
    let b = spec.min_iter;
    for (let k = 0; k < 100; k++) {
      bands.push(Math.floor(b));
      b *= spec.eta;
    }
  }
  return bands;
}
