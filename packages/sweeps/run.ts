// What search and stopping read from a run: its metric values (docs/protocol/sweeps.md#run-metrics).
import type { Json, RunState, SweepRun } from './types.ts';

const TERMINAL: RunState[] = ['finished', 'crashed', 'failed', 'killed'];

export function isTerminal(state: RunState): boolean {
  return TERMINAL.includes(state);
}

/** A finite, non-boolean number; everything else ("NaN", NaN, ±inf, true) is not a metric value. */
export function metricValue(value: Json | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The metric's valid values in logged order; rows without the metric are skipped. */
export function metricHistory(run: SweepRun, name: string): number[] {
  const values: number[] = [];
  for (const row of run.history) {
    const value = metricValue(row[name]);
    if (value !== undefined) values.push(value);
  }
  return values;
}

/** The smallest or largest valid value over history and summary; undefined when there is none. */
export function metricExtremum(run: SweepRun, name: string, kind: 'min' | 'max'): number | undefined {
  const values = metricHistory(run, name);
  const summary = metricValue(run.summary[name]);
  if (summary !== undefined) values.push(summary);
  if (values.length === 0) return undefined;
  return kind === 'min' ? Math.min(...values) : Math.max(...values);
}

/** The last valid value logged in history (the summary is not used). */
export function latestMetric(run: SweepRun, name: string): number | undefined {
  const values = metricHistory(run, name);
  return values.length > 0 ? values[values.length - 1] : undefined;
}
