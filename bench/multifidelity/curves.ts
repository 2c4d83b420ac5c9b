// Simulated learning curves with the crossings real training shows: a high learning rate descends
// fast and plateaus high, a moderate one starts slower and ends lower, so the best run at epoch 3
// is often not the best at epoch 27. A problem instance is drawn from a seed; every value is a
// function of (instance, point, epoch, trial), so every optimizer sees identical numbers.
import { createRng } from '../../packages/sweeps/index.ts';
import { median } from '../optimizer/report.ts';

/** A learning-curve problem instance: simulated here, or real training (training.ts). */
export interface CurveProblem {
  /** Searched coordinates, each in [0, 1]. */
  dims: number;
  epochs: number;
  /** Trains run `trial` at x to `epoch` (1-based, in order from 1) and returns the loss it logs. */
  loss(x: number[], epoch: number, trial: number): Promise<number>;
  /** What run `trial`, trained to the last epoch, is worth: the score, which no optimizer sees. */
  finalLoss(x: number[], trial: number): Promise<number>;
  /** f* (also the best of `seen`, every final loss the pairings reached) and the normalizer: the median of random points. */
  reference(seen: number[]): Promise<{ fstar: number; clip: number }>;
}

/** An instance of the curve family in `dims` dimensions, `epochs` long, drawn from `seed`; x[0] plays the learning rate. */
export function curveProblem(dims: number, epochs: number, seed: number): CurveProblem {
  const rng = createRng(seed);
  const centre = Array.from({ length: dims }, () => 0.2 + 0.6 * rng.uniform());
  const weight = Array.from({ length: dims }, () => 0.2 + 0.8 * rng.uniform());
  const bestRate = 0.25 + 0.2 * rng.uniform();
  const plateau = (x: number[]): number =>
    0.1 + 0.8 * (x[0] - bestRate) ** 2 + x.slice(1).reduce((s, v, i) => s + 0.3 * weight[i + 1] * (v - centre[i + 1]) ** 2, 0)
    + 0.2 * (x[1] - x[0]) ** 2;
  const speed = (x: number[]): number => 0.04 + 0.7 * x[0] ** 1.5;
  const start = (x: number[]): number => 1 + 0.5 * x[dims - 1];
  const trueLoss = (x: number[], epoch: number): number => plateau(x) + start(x) * Math.exp(-speed(x) * epoch);
  return {
    dims,
    epochs,
    loss: async (x, epoch, trial) => trueLoss(x, epoch) * (1 + 0.02 * gaussian(seed, trial, epoch)),
    finalLoss: async (x) => trueLoss(x, epochs),
    reference: async (seen) => {
      const draw = createRng(seed + 12345);
      const values = Array.from({ length: 20_000 }, () => trueLoss(Array.from({ length: dims }, () => draw.uniform()), epochs));
      return { fstar: Math.min(...values, ...seen), clip: median(values) };
    },
  };
}

/** A standard normal draw that depends only on its three integers. */
function gaussian(seed: number, trial: number, epoch: number): number {
  const rng = createRng((seed * 1_000_003 + trial * 1_009 + epoch) >>> 0);
  return Math.sqrt(-2 * Math.log(1 - rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform());
}
