// Simulated learning curves with the crossings real training shows: a high learning rate descends
// fast and plateaus high, a moderate one starts slower and ends lower, so the best run at epoch 3
// is often not the best at epoch 27. A problem instance is drawn from a seed; every value is a
// function of (instance, point, epoch, trial), so every optimizer sees identical numbers.
import { createRng } from '../../packages/sweeps/index.ts';

export interface CurveProblem {
  /** Searched coordinates, each in [0, 1]; x[0] plays the learning rate. */
  dims: number;
  epochs: number;
  /** The loss after `epoch` (1-based) epochs, with its noise; trial and epoch pick the noise. */
  loss(x: number[], epoch: number, trial: number): number;
  /** The same without noise: what the model trained that long is worth. */
  trueLoss(x: number[], epoch: number): number;
}

/** An instance of the curve family in `dims` dimensions, `epochs` long, drawn from `seed`. */
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
    trueLoss,
    loss: (x, epoch, trial) => trueLoss(x, epoch) * (1 + 0.02 * gaussian(seed, trial, epoch)),
  };
}

/** A standard normal draw that depends only on its three integers. */
function gaussian(seed: number, trial: number, epoch: number): number {
  const rng = createRng((seed * 1_000_003 + trial * 1_009 + epoch) >>> 0);
  return Math.sqrt(-2 * Math.log(1 - rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform());
}
