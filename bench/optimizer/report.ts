// Turns per-seed objective values into the benchmark's figures: best-so-far, normalized regret,
// medians over seeds and ranks across problems.

export const BUDGETS = [25, 50, 100];

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The best value among the first `budget` trials. */
export function bestAt(values: number[], budget: number): number {
  return Math.min(...values.slice(0, budget));
}

/** 0 = the optimum, 1 = no better than one random point. */
export function normalizedRegret(best: number, fstar: number, clip: number): number {
  return (best - fstar) / (clip - fstar);
}

/** Ranks (1 = best) of the scores, ties sharing their average rank. */
export function ranks(scores: number[]): number[] {
  return scores.map((s) => {
    const below = scores.filter((t) => t < s).length;
    const equal = scores.filter((t) => t === s).length;
    return below + (equal + 1) / 2;
  });
}

export function formatRegret(x: number): string {
  if (x === 0) return '0';
  return Math.abs(x) >= 0.01 ? x.toFixed(3) : x.toExponential(2);
}

/** Average rank of each optimizer across problems, from `scores[problem][optimizer]`. */
export function averageRanks(scores: number[][]): number[] {
  const sums = scores[0].map(() => 0);
  for (const row of scores) ranks(row).forEach((r, k) => (sums[k] += r));
  return sums.map((s) => s / scores.length);
}

/** The q-quantile (0..1) of the values, interpolated between order statistics. */
export function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const i = q * (s.length - 1);
  const lo = Math.floor(i);
  return lo + 1 < s.length ? s[lo] + (i - lo) * (s[lo + 1] - s[lo]) : s[lo];
}

/**
 * 95% percentile-bootstrap interval of each optimizer's average rank, from per-seed regrets
 * `regret[problem][optimizer][seed]`: each resample draws the seeds with replacement (the same
 * draw for every optimizer of a problem, so they stay paired), takes medians and ranks again.
 */
export function bootstrapRankIntervals(regret: number[][][], resamples: number, random: () => number): Array<[number, number]> {
  const draws: number[][] = [];
  for (let b = 0; b < resamples; b++) {
    draws.push(averageRanks(regret.map((byOptimizer) => {
      const n = byOptimizer[0].length;
      const pick = Array.from({ length: n }, () => Math.floor(random() * n));
      return byOptimizer.map((seeds) => median(pick.map((i) => seeds[i])));
    })));
  }
  return draws[0].map((_, k) => [quantile(draws.map((d) => d[k]), 0.025), quantile(draws.map((d) => d[k]), 0.975)]);
}
