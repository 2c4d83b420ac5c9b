// Bayesian optimization for `method: bayes`: a space-filling start, then a Gaussian process
// (Matérn-5/2, ARD, fitted by MAP) whose log expected improvement picks among candidate points.
// Pending runs are filled in with the model's prediction (kriging believer), so parallel agents get
// different suggestions. With several metrics, each suggestion optimizes a randomly weighted
// scalarization of them (ParEGO), which spreads suggestions along the Pareto front. See docs/bayes.md.
import type { Json, MetricSpec, Suggestion, SweepConfig } from '../../types.ts';
import type { Search } from '../method.ts';
import { createRng } from '../../rng.ts';
import { toRunConfig } from '../../space/params.ts';
import { withoutInactive } from '../../space/conditions.ts';
import { decode, decodeInto, searchSpace, type Space } from './encoding.ts';
import { observe, observeScalarized } from './observations.ts';
import { scalarizationWeights } from './scalarization.ts';
import { bestByLogEI, logEIWithGradient } from './acquisition.ts';
import { randomShift, sobolPoints } from './sobol.ts';
import { fitModel, type Model } from './model.ts';
import { takenPoints } from './taken.ts';
import { modelInputs, type ModelInputs } from './fidelity.ts';
import { climb, finiteCandidates, localCandidates, refine, sobolCandidates, type Scored } from './candidates.ts';

/** Suggestions keep this far (in the unit-cube encoding) from runs in flight, so parallel agents never near-duplicate. */
const MIN_PENDING_DISTANCE = 1e-3;

/** Runs in the space-filling start, before the model is trusted. */
export function initialDesignSize(searchable: number): number {
  return Math.min(Math.max(searchable + 2, 4), 10);
}

/** Suggests nothing only when the space is finite and every point of it has a run. */
export const bayesSearch: Search = {
  suggest(config, runs, rng) {
    if (!config.metric && !config.metrics) throw new Error('method bayes needs a metric to optimize');
    const space = searchSpace(config.params);
    if (space.dims.length === 0) throw new Error('method bayes needs at least one parameter that is not a constant');
    const taken = takenPoints(space, runs);
    const weights = config.metrics && scalarizationWeights(config.metrics.length, rng);
    const observations = config.metrics ? observeScalarized(config.metrics, runs, weights as number[]) : observe(config.metric as MetricSpec, runs);
    const inputs = modelInputs(config, space, observations, runs);
    if (inputs.runs < initialDesignSize(space.dims.length)) {
      const start = initialPoint(config, space, runs.length, taken);
      if (start) return start;
    }
    const { observed } = inputs;
    const model = fitModel(observed, inputs.pending, inputs.width, inputs.stopped);
    const score = scorer(space, model, taken, inputs);
    const finals = observed.flatMap((o, i) => (o.incumbent ? [i] : []));
    const candidates = [
      ...sobolCandidates(space, rng),
      ...localCandidates(space, finals.map((i) => observed[i]), finals.map((i) => model.ys[i]), rng),
      ...finiteCandidates(space),
    ];
    const starts = score(candidates, 3, -Infinity);
    if (starts.length === 0) return undefined;
    const polish = polisher(space, model, inputs, score);
    // The best of the starts and of what the ascent and the pattern search made of them (the first on ties).
    const chosen = [...starts, ...starts.map(polish)].reduce((a, b) => (b.acq > a.acq ? b : a));
    return suggestion(config, space, chosen.values, {
      phase: 'model',
      ...(config.metrics && weights
        ? { objective_weights: Object.fromEntries(config.metrics.map((m, j) => [m.name, Number(weights[j].toPrecision(3))])) }
        : { predicted_value: signed(config, model.objective(chosen.mean)) }),
      predicted_sd: chosen.sd,
      log_expected_improvement: chosen.acq,
      lengthscales: Array.from(model.hyper.lengthscales, (l) => Number(l.toPrecision(3))),
    });
  },
};

/** The next point of the seeded Sobol' sequence (index: runs so far) that no run has. */
function initialPoint(config: SweepConfig, space: Space, runCount: number, taken: (values: Json[]) => boolean): Suggestion | undefined {
  const shift = randomShift(space.dims.length, createRng((config.seed ?? 0) ^ 0x5eed).uniform);
  for (let i = runCount; i < runCount + 256; i++) {
    const point = decode(space, sobolPoints(space.dims.length, i, 1, shift)[0]);
    if (!taken(point.values)) return suggestion(config, space, point.values, { phase: 'initial design' });
  }
  return undefined;
}

/**
 * The `count` best candidates by log expected improvement above `floor`, best first, leaving out
 * taken points and those next to a run in flight.
 */
function scorer(space: Space, model: Model, taken: (values: Json[]) => boolean, { width, target }: ModelInputs): (us: Float64Array[], count: number, floor: number) => Scored[] {
  return (us, count, floor) => {
    const xs = new Float64Array(us.length * width);
    const values = us.map((u, j) => {
      xs.set(target, j * width + space.width);
      return decodeInto(space, u, xs, j * width);
    });
    const admissible = (j: number): boolean => !taken(values[j]) && !model.pendingX.some((q) => distance(xs, j * width, q) < MIN_PENDING_DISTANCE);
    const ranked = bestByLogEI(model.post, xs, us.length, model.best, count, floor, admissible);
    return ranked.map(({ index, acq, mean, sd }) => ({ u: us[index], values: values[index], acq, mean, sd }));
  };
}

/** Parameters the ascent moves: continuous ones whose model coordinate is their quantile. */
const SMOOTH = new Set(['uniform', 'log_uniform', 'log_uniform_values', 'inv_log_uniform', 'inv_log_uniform_values', 'normal', 'log_normal', 'beta']);

/**
 * Refines a start: a gradient ascent along the continuous parameters, then a pattern search along
 * the discrete ones; the result is scored as every candidate is (and is the start when not better).
 */
function polisher(space: Space, model: Model, { width, target }: ModelInputs, score: (us: Float64Array[], count: number, floor: number) => Scored[]): (start: Scored) => Scored {
  const continuous = space.dims.flatMap((dim, i) => (!dim.categorical && SMOOTH.has(dim.param.type) ? [i] : []));
  const discrete = space.dims.flatMap((_, i) => (continuous.includes(i) ? [] : [i]));
  const x = new Float64Array(width);
  x.set(target, space.width);
  const gradX = new Float64Array(width);
  const offsets = continuous.map((i) => space.dims[i].offset);
  const scratch = new Float64Array(2 * model.post.n);
  const evaluate = (u: Float64Array, grad: Float64Array): number => {
    const values = decodeInto(space, u, x, 0);
    const acq = logEIWithGradient(model.post, x, model.best, offsets, gradX, scratch);
    // An inactive parameter's coordinate does not follow its quantile.
    for (const i of continuous) grad[i] = values[i] === null ? 0 : gradX[space.dims[i].offset];
    return acq;
  };
  return (start) => {
    let current = start;
    if (continuous.length > 0) {
      const [climbed] = score([climb(start.u, continuous, evaluate)], 1, current.acq);
      if (climbed) current = climbed;
    }
    return discrete.length > 0 ? refine(current, discrete, (moves, floor) => score(moves, 1, floor)) : current;
  };
}

function signed(config: SweepConfig, y: number): number {
  return config.metric?.goal === 'maximize' ? -y : y;
}

function suggestion(config: SweepConfig, space: Space, searched: Json[], info: Record<string, Json>): Suggestion {
  const byParam = new Map(space.dims.map((dim, i) => [dim.param, searched[i]]));
  const values = config.params.map((p) => (byParam.has(p) ? (byParam.get(p) as Json) : (p.value ?? null)));
  return { config: toRunConfig(config.params, withoutInactive(config.params, values)), info };
}

/** Distance between the row of `rows` starting at `at` and `b`. */
function distance(rows: Float64Array, at: number, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < b.length; i++) s += (rows[at + i] - b[i]) ** 2;
  return Math.sqrt(s);
}
