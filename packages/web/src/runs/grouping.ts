// Runs grouped by a column's value (a config key, `group`, …), and a group's lines on a chart as one
// band: the mean of its runs at each x, between their minimum and maximum.
import type { Run } from '../api.ts';
import type { Line } from '../charts/align.ts';
import { formatValue } from '../format.ts';

export const NO_VALUE = '(none)';

/** Groups in the order their first run comes; a run without the value joins `(none)`. */
export function groupRuns<T extends { run: Run }>(items: T[], value: (run: Run) => unknown): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const v = value(item.run);
    const name = v === undefined || v === null || v === '' ? NO_VALUE : formatValue(v as never);
    groups.set(name, [...(groups.get(name) ?? []), item]);
  }
  return groups;
}

export interface Band {
  x: number[];
  mean: number[];
  min: number[];
  max: number[];
}

/**
 * At each x any line has (at most `points` of them, evenly picked), the lines that span it are read
 * (linear between their own points); a line that has not started or has ended does not count.
 */
export function band(lines: Line[], points = 1000): Band {
  const all: number[] = [];
  for (const line of lines) for (let i = 0; i < line.x.length; i++) all.push(line.x[i]);
  all.sort((a, b) => a - b);
  const unique = all.filter((v, i) => i === 0 || v !== all[i - 1]);
  const x = unique.length <= points ? unique : Array.from({ length: points }, (_, i) => unique[Math.round((i * (unique.length - 1)) / (points - 1))]);
  const out: Band = { x: [], mean: [], min: [], max: [] };
  const cursors = lines.map(() => 0);
  for (const at of x) {
    let sum = 0;
    let n = 0;
    let min = Infinity;
    let max = -Infinity;
    lines.forEach((line, l) => {
      const last = line.x.length - 1;
      if (last < 0 || at < line.x[0] || at > line.x[last]) return;
      let i = cursors[l];
      while (i < last && line.x[i + 1] <= at) i++;
      cursors[l] = i;
      const y = line.x[i] === at || i === last ? line.y[i] : line.y[i] + ((line.y[i + 1] - line.y[i]) * (at - line.x[i])) / (line.x[i + 1] - line.x[i]);
      sum += y;
      n++;
      if (y < min) min = y;
      if (y > max) max = y;
    });
    if (n === 0) continue;
    out.x.push(at);
    out.mean.push(sum / n);
    out.min.push(min);
    out.max.push(max);
  }
  return out;
}
