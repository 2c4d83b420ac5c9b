// What the model learns from each run: one value per finished run (the metric's best value,
// "smaller is better"; with several metrics, their scalarization), imputed for runs that failed,
// and the points of runs still in flight.
import type { MetricSpec, SweepRun } from '../../types.ts';
import { isTerminal, latestMetric, metricExtremum } from '../../run.ts';
import { chebyshev } from './scalarization.ts';

export interface Observations {
  /** Runs with a value to learn from, and that value (negated for maximize). */
  done: Array<{ run: SweepRun; y: number }>;
  /** Runs in flight: the model predicts them (kriging believer) so parallel agents spread out. */
  pending: SweepRun[];
}

export function observe(metric: MetricSpec, runs: SweepRun[]): Observations {
  const sign = metric.goal === 'maximize' ? -1 : 1;
  const best = (run: SweepRun): number | undefined => {
    const v = metricExtremum(run, metric.name, metric.goal === 'maximize' ? 'max' : 'min');
    return v === undefined ? undefined : sign * v;
  };
  const latest = (run: SweepRun): number | undefined => {
    const v = latestMetric(run, metric.name);
    return v === undefined ? undefined : sign * v;
  };
  // The worst value any terminal run reached: what a failed run is worth under `impute: worst`.
  let worst: number | undefined;
  for (const run of runs) {
    if (!isTerminal(run.state)) continue;
    const v = metricExtremum(run, metric.name, metric.goal === 'maximize' ? 'min' : 'max');
    if (v !== undefined) worst = Math.max(worst ?? -Infinity, sign * v);
  }
  const impute = (run: SweepRun, strategy: MetricSpec['impute']): number | undefined => {
    if (strategy === 'best') return best(run) ?? worst;
    if (strategy === 'latest') return latest(run) ?? worst;
    return worst;
  };

  const done: Observations['done'] = [];
  const pending: SweepRun[] = [];
  for (const run of runs) {
    let y: number | undefined;
    switch (run.state) {
      case 'finished':
        y = best(run) ?? impute(run, metric.impute);
        break;
      case 'killed':
        // Stopped early (e.g. by hyperband): what it reached is real information, unlike W&B,
        // which counts it as the worst run.
        y = best(run) ?? impute(run, metric.impute);
        break;
      case 'failed':
      case 'crashed':
        y = impute(run, metric.impute);
        break;
      case 'running':
        if (metric.impute_while_running !== 'false') {
          y = impute(run, metric.impute_while_running);
          break;
        }
        pending.push(run);
        continue;
      default:
        pending.push(run);
        continue;
    }
    // Nothing valid anywhere (the metric was never logged): every run looks the same.
    done.push({ run, y: y ?? 0 });
  }
  return { done, pending };
}

/**
 * Several objectives: each is observed as above, and a run with a value for every one of them
 * learns the Chebyshev scalarization of its vector under `weights` (ParEGO); the others are in flight.
 */
export function observeScalarized(metrics: MetricSpec[], runs: SweepRun[], weights: number[]): Observations {
  const perMetric = metrics.map((metric) => new Map(observe(metric, runs).done.map(({ run, y }) => [run, y])));
  const vectors: Array<{ run: SweepRun; ys: number[] }> = [];
  const pending: SweepRun[] = [];
  for (const run of runs) {
    const ys = perMetric.map((values) => values.get(run));
    if (ys.every((y) => y !== undefined)) vectors.push({ run, ys: ys as number[] });
    else pending.push(run);
  }
  const scalar = chebyshev(vectors.map((v) => v.ys), weights);
  return { done: vectors.map(({ run }, i) => ({ run, y: scalar[i] })), pending };
}
