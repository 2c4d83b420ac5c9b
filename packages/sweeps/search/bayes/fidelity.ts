// What the model is fitted on. Without early stopping: one point per run with a value. With it,
// runs were trained for different lengths: one stopped at the first band logged a value or two, a
// finished one all of them, and a value after a few epochs is not the value at the end (learning
// curves cross: a fast starter often ends worse). Taking a stopped run's partial value as its result
// marks good slow starters as bad. So the amount of training is one more model input, the fidelity
// (as in freeze-thaw and FABOLAS): each run is observed at every band it passed and where it ended,
// candidates are scored at the full length, and only values at the full length can be the incumbent.
// A stopped run's final value will never be observed: its point is believed at the full length
// (as a run in flight is), so the search does not keep proposing what was just stopped.
import type { SweepConfig, SweepRun } from '../../types.ts';
import { metricHistory } from '../../run.ts';
import { hyperbandBands } from '../../stopping/bands.ts';
import { encodeRun, type Space } from './encoding.ts';
import type { Observations } from './observations.ts';

export interface ModelInputs {
  /** Model coordinates and value of each observation; `incumbent`: at the full length. */
  observed: Array<{ x: Float64Array; y: number; incumbent: boolean }>;
  /** Runs in flight, at the full length. */
  pending: Float64Array[];
  /** Runs stopped early, at the full length, newest first. */
  stopped: Float64Array[];
  /** Runs with at least one observation (the start's size counts these). */
  runs: number;
  /** Model coordinates per point: the space's, plus the fidelity when it is modelled. */
  width: number;
  /** The coordinates a candidate is scored at beyond the space's: the full fidelity when it is modelled. */
  target: number[];
}

export function modelInputs(config: SweepConfig, space: Space, { done, pending }: Observations, runs: SweepRun[]): ModelInputs {
  const usable = done.flatMap(({ run, y }) => {
    const x = encodeRun(space, run.config);
    return x && Number.isFinite(y) ? [{ run, x, y }] : [];
  });
  const inFlight = pending.flatMap((run) => {
    const x = encodeRun(space, run.config);
    return x ? [{ run, x }] : [];
  });
  const full = config.metrics ? undefined : fullLength(config, runs);
  if (full === undefined || !config.metric) {
    return {
      observed: usable.map(({ x, y }) => ({ x, y, incumbent: true })),
      pending: inFlight.map(({ x }) => x),
      stopped: [],
      runs: usable.length,
      width: space.width,
      target: [],
    };
  }
  const at = (x: Float64Array, fidelity: number): Float64Array => {
    const out = new Float64Array(x.length + 1);
    out.set(x);
    out[x.length] = fidelity;
    return out;
  };
  const bands = new Set(config.early_terminate ? hyperbandBands(config.early_terminate) : []);
  const sign = config.metric.goal === 'maximize' ? -1 : 1;
  const name = config.metric.name;
  const observed: ModelInputs['observed'] = [];
  // Best so far at each band the run has passed (strictly before `end` values).
  const atBands = (run: SweepRun, x: Float64Array, end: number): void => {
    const history = metricHistory(run, name);
    let best = Infinity;
    for (let i = 0; i < Math.min(history.length, end - 1); i++) {
      best = Math.min(best, sign * history[i]);
      if (bands.has(i + 1)) observed.push({ x: at(x, fidelityOf(i + 1, full)), y: best, incumbent: false });
    }
  };
  const stopped: Float64Array[] = [];
  for (const { run, x, y } of usable) {
    const length = metricHistory(run, name).length;
    const early = run.state === 'killed' && length > 0 && length < full;
    const end = early ? length : full;
    atBands(run, x, end);
    observed.push({ x: at(x, fidelityOf(end, full)), y, incumbent: !early });
    if (early) stopped.unshift(at(x, 1));
  }
  for (const { run, x } of inFlight) atBands(run, x, Infinity);
  return { observed, pending: inFlight.map(({ x }) => at(x, 1)), stopped, runs: usable.length, width: space.width + 1, target: [1] };
}

/** The fidelity coordinate of `n` values logged out of `full`: log-scaled to [0, 1]. */
export function fidelityOf(n: number, full: number): number {
  return Math.min(1, Math.log(Math.max(n, 1)) / Math.log(full));
}

/**
 * The length a run is trained to, when the sweep stops runs early: the longest metric history of a
 * finished run, or max_iter if longer. Undefined without early_terminate or before any run is longer than 1.
 */
export function fullLength(config: SweepConfig, runs: SweepRun[]): number | undefined {
  if (!config.early_terminate || !config.metric) return undefined;
  let full = config.early_terminate.max_iter ?? 0;
  for (const run of runs) if (run.state === 'finished') full = Math.max(full, metricHistory(run, config.metric.name).length);
  return full > 1 ? full : undefined;
}
