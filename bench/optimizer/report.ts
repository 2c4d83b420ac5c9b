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
