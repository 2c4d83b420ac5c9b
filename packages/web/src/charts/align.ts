// uPlot draws series that share one x array; runs log at different x values, so each run's points
// are placed on the union of all x values, with null where a run has no point (lines span gaps).
export interface Line {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

export function align(lines: Line[], dropNonPositive = false): [number[], ...Array<Array<number | null>>] {
  const all: number[] = [];
  for (const line of lines) for (let i = 0; i < line.x.length; i++) all.push(line.x[i]);
  all.sort((a, b) => a - b);
  const xs: number[] = [];
  for (const v of all) if (xs.length === 0 || xs[xs.length - 1] !== v) xs.push(v);
  const columns = lines.map((line) => {
    const column = new Array<number | null>(xs.length).fill(null);
    let j = 0;
    for (let i = 0; i < line.x.length; i++) {
      while (xs[j] < line.x[i]) j++;
      const y = line.y[i];
      column[j] = dropNonPositive && !(y > 0) ? null : y;
    }
    return column;
  });
  return [xs, ...columns];
}

/** The line's y at the point nearest to x (binary search; x ascending), or undefined when it has none. */
export function valueNear(line: Line, x: number): number | undefined {
  const n = line.x.length;
  if (n === 0) return undefined;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (line.x[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  const best = lo > 0 && Math.abs(line.x[lo - 1] - x) <= Math.abs(line.x[lo] - x) ? lo - 1 : lo;
  return line.y[best];
}
