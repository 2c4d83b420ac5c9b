// The objective as the GP sees it: centred on the median, heavy tails compressed with a signed
// log, then standardized. Objectives such as Rosenbrock span orders of magnitude; untransformed,
// a few huge values would make the model useless near the optimum.

export interface Warp {
  forward(y: number): number;
  inverse(w: number): number;
}

export function fitWarp(ys: number[]): Warp {
  const sorted = [...ys].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(Math.floor(q * (sorted.length - 1) + 0.5), sorted.length - 1)];
  const median = at(0.5);
  const spread = at(0.75) - at(0.25) || sorted[sorted.length - 1] - sorted[0] || 1;
  const squash = (y: number): number => {
    const z = (y - median) / spread;
    return Math.sign(z) * Math.log1p(Math.abs(z));
  };
  const ws = ys.map(squash);
  const mean = ws.reduce((a, b) => a + b, 0) / ws.length;
  const sd = Math.sqrt(ws.reduce((a, b) => a + (b - mean) ** 2, 0) / ws.length) || 1;
  return {
    forward: (y) => (squash(y) - mean) / sd,
    inverse(w) {
      const s = w * sd + mean;
      return Math.sign(s) * Math.expm1(Math.abs(s)) * spread + median;
    },
  };
}
