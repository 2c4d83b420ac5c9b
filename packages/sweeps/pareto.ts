// Several objectives (`metrics`): which runs are on the Pareto front, and how much of the objective
// space a set of points dominates (the hypervolume). See docs/bayes.md#several-objectives.
import type { MetricSpec, SweepRun } from './types.ts';
import { metricExtremum } from './run.ts';

/** Whether `a` dominates `b`: no worse in every objective and better in one (every objective minimized). */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let j = 0; j < a.length; j++) {
    if (a[j] > b[j]) return false;
    if (a[j] < b[j]) better = true;
  }
  return better;
}

/**
 * Indices of the points no other point dominates, in input order; equal points are all kept.
 * A dominating point comes first in lexicographic order, and whatever dominates a point off the
 * front is dominated by a point on it, so each point is compared with the front found so far only.
 */
export function nonDominated(points: ReadonlyArray<readonly number[]>): number[] {
  const order = points.map((_, i) => i).sort((a, b) => {
    for (let j = 0; j < points[a].length; j++) if (points[a][j] !== points[b][j]) return points[a][j] - points[b][j];
    return a - b;
  });
  const front: number[] = [];
  for (const i of order) if (!front.some((k) => dominates(points[k], points[i]))) front.push(i);
  return front.sort((a, b) => a - b);
}

/**
 * The area that 2-objective points (both minimized) dominate inside the box up to `reference`;
 * points not better than the reference in both objectives add nothing.
 */
export function hypervolume2d(points: ReadonlyArray<readonly number[]>, reference: readonly [number, number]): number {
  const inside = points.filter((p) => p[0] < reference[0] && p[1] < reference[1]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let area = 0;
  let ceiling = reference[1];
  for (const [x, y] of inside) {
    if (y >= ceiling) continue;
    area += (reference[0] - x) * (ceiling - y);
    ceiling = y;
  }
  return area;
}

/** A run's objective values in the metrics' own units and order. */
export interface RunObjectives {
  run: SweepRun;
  values: number[];
}

/**
 * The runs on the Pareto front of `metrics`: among the runs that finished or were stopped with
 * every metric logged, those no other such run beats in one metric without losing in another.
 * A run's value for a metric is its best logged value, as bayes observes it.
 */
export function paretoFront(metrics: MetricSpec[], runs: SweepRun[]): RunObjectives[] {
  const scored: RunObjectives[] = [];
  for (const run of runs) {
    if (run.state !== 'finished' && run.state !== 'killed') continue;
    const values = metrics.map((m) => metricExtremum(run, m.name, m.goal === 'maximize' ? 'max' : 'min'));
    if (values.every((v) => v !== undefined)) scored.push({ run, values: values as number[] });
  }
  const minimized = scored.map(({ values }) => values.map((v, j) => (metrics[j].goal === 'maximize' ? -v : v)));
  return nonDominated(minimized).map((i) => scored[i]);
}
