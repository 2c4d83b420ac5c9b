// Which metric the sweep page analyses: the sweep's own by default, or any other number the runs
// logged (`val_accuracy` beside the sweep's `val_loss`), with the goal that makes "best" mean
// something for it. Kept in the URL (`?metric=val_accuracy&goal=maximize&x=time`).
import type { Run, Sweep } from '../api.ts';

export type Goal = 'minimize' | 'maximize';
export interface AnalysisMetric {
  name: string;
  goal: Goal;
}
/** The metric per run plotted against the runs' creation order or their start time. */
export type RunAxis = 'order' | 'time';

/** Numeric summary keys the sweep's runs logged (not the `_` ones), the sweep's metric first. */
export function metricChoices(runs: Run[], sweepMetric: string | undefined): string[] {
  const keys = new Set<string>();
  for (const run of runs) {
    for (const [key, value] of Object.entries(run.summary)) if (!key.startsWith('_') && typeof value === 'number') keys.add(key);
  }
  const sorted = [...keys].filter((k) => k !== sweepMetric).sort();
  return sweepMetric ? [sweepMetric, ...sorted] : sorted;
}

/** A goal for a metric the sweep does not name: its own when named, else from how the name reads. */
export function goalFor(name: string, sweep: Pick<Sweep, 'metric'>): Goal {
  if (sweep.metric?.name === name) return sweep.metric.goal;
  return /acc|auc|score|f1|precision|recall|reward|return|iou|bleu|map\b/i.test(name) ? 'maximize' : 'minimize';
}

export function readAnalysis(params: URLSearchParams, sweep: Pick<Sweep, 'metric'>): { metric: AnalysisMetric | null; x: RunAxis } {
  const x: RunAxis = params.get('x') === 'time' ? 'time' : 'order';
  const name = params.get('metric') ?? sweep.metric?.name;
  if (!name) return { metric: null, x };
  const goal = params.get('goal');
  return { metric: { name, goal: goal === 'minimize' || goal === 'maximize' ? goal : goalFor(name, sweep) }, x };
}

/** The URL's query with the analysis written in; the sweep's own metric and defaults are left out. */
export function writeAnalysis(metric: AnalysisMetric | null, x: RunAxis, sweep: Pick<Sweep, 'metric'>, params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of ['metric', 'goal', 'x']) next.delete(key);
  if (metric && metric.name !== sweep.metric?.name) next.set('metric', metric.name);
  if (metric && metric.goal !== goalFor(metric.name, sweep)) next.set('goal', metric.goal);
  if (x === 'time') next.set('x', 'time');
  return next;
}

/** The best value up to each run (NaN before the first value). */
export function bestSoFar(values: Array<number | undefined>, goal: Goal): number[] {
  let best: number | undefined;
  return values.map((v) => {
    if (v !== undefined && (best === undefined || (goal === 'maximize' ? v > best : v < best))) best = v;
    return best ?? NaN;
  });
}
