import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Json, RunState, SweepConfig, SweepRun } from '../types.ts';
import { sweep } from '../search/testing.ts';
import { createRng } from '../rng.ts';
import { extendMilestones, hyperbandBands, NO_MILESTONES, stopDecisions, stopRuns, type StopDecision } from './index.ts';

const hb = (fields: string, goal = 'minimize') =>
  sweep(`method: random\nmetric: {name: loss, goal: ${goal}}\nparameters: {x: {values: [1]}}\nearly_terminate: {type: hyperband, ${fields}}`);

const runWith = (id: string, state: RunState, losses: Json[]): SweepRun => ({
  id, state, config: { x: { value: 1 } }, summary: {}, history: losses.map((loss, i) => ({ _step: i, loss })),
});

const losses = (run: SweepRun): Json[] => run.history.map((row) => row.loss);

/** The decisions on these runs, each given to the stopping function by its milestones. */
function decide(config: SweepConfig, runs: SweepRun[]): StopDecision[] {
  const bands = hyperbandBands(config.early_terminate!);
  return stopDecisions(config, runs.map((run) => ({ id: run.id, state: run.state, milestones: extendMilestones(NO_MILESTONES, bands, losses(run)) })));
}

test('bands in max_iter mode (max_iter itself is never a band)', () => {
  const rows: Array<[number, number, number, number[]]> = [
    [27, 2, 3, [3, 9]], [81, 3, 3, [3, 9, 27]], [18, 2, 3, [2, 6]], [9, 2, 3, [1, 3]],
    [5, 2, 2, [1, 2]], [100, 3, 3, [3, 11, 33]], [10, 2, 3, [1, 3]],
  ];
  for (const [max_iter, s, eta, bands] of rows) {
    assert.deepEqual(hyperbandBands({ type: 'hyperband', max_iter, s, eta, strict: true }), bands, `${max_iter} ${s} ${eta}`);
  }
});

test('bands in min_iter mode; max_iter wins when both are given', () => {
  assert.deepEqual(hyperbandBands({ type: 'hyperband', min_iter: 3, eta: 3, strict: true }).slice(0, 4), [3, 9, 27, 81]);
  assert.deepEqual(hyperbandBands({ type: 'hyperband', min_iter: 30, eta: 1.5, strict: true }).slice(0, 5), [30, 45, 67, 101, 151]);
  assert.deepEqual(hyperbandBands({ type: 'hyperband', min_iter: 1, eta: 2, strict: true }).slice(0, 4), [1, 2, 4, 8]);
  assert.equal(hyperbandBands({ type: 'hyperband', min_iter: 1, eta: 2, strict: true }).length, 100);
  assert.deepEqual(hyperbandBands({ type: 'hyperband', min_iter: 1, max_iter: 27, s: 2, eta: 3, strict: true }), [3, 9]);
});

const exampleA = [
  runWith('r1', 'finished', [0.9, 0.7, 0.5, 0.45, 0.4, 0.38, 0.36, 0.35, 0.34, 0.3]),
  runWith('r2', 'finished', [0.95, 0.8, 0.6, 0.55, 0.5, 0.48, 0.47, 0.46, 0.45, 0.44]),
  runWith('r3', 'running', [0.45, 0.6, 0.7, 0.72]),
  runWith('r4', 'running', [0.8, 0.6, 0.45, 0.42, 0.41, 0.4, 0.39, 0.385, 0.38]),
  runWith('r5', 'running', [1.2, 1.1]),
];

test('worked example A: strict stops r3 at band 3 (0.7 > 0.5); a tie at band 9 survives', () => {
  const [decision, ...rest] = decide(hb('max_iter: 27, s: 2, eta: 3'), exampleA);
  assert.deepEqual(decision, { runId: 'r3', band: 3, value: 0.7, threshold: 0.5 });
  assert.equal(rest.length, 0);
});

test('worked example A: non-strict stops nothing', () => {
  assert.deepEqual(stopRuns(hb('max_iter: 27, s: 2, eta: 3, strict: false'), exampleA), []);
});

test('worked example B: non-strict, bands [1, 3], thresholds 10 and 4', () => {
  const runs = [
    runWith('a', 'finished', [9, 8]), runWith('b', 'running', [11, 11]), runWith('c', 'running', [10, 8, 3]),
    runWith('d', 'running', [10, 7, 4]), runWith('e', 'running', [10, 6, 6]),
  ];
  const decisions = decide(hb('max_iter: 9, s: 2, eta: 3, strict: false'), runs);
  assert.deepEqual(decisions.map((d) => [d.runId, d.threshold]), [['b', 10], ['e', 4]]);
});

test('worked example C: default strict, eta 2, band 2 threshold 8', () => {
  const runs = [
    runWith('a', 'finished', [10, 9]), runWith('b', 'running', [10, 10]), runWith('c', 'running', [10, 8, 8]),
    runWith('d', 'running', [10, 7, 7]), runWith('e', 'finished', [10, 6, 6]),
  ];
  assert.deepEqual(stopRuns(hb('max_iter: 5, s: 2, eta: 2'), runs), ['b']);
});

test('a lone run is never stopped; only running runs are judged', () => {
  assert.deepEqual(stopRuns(hb('min_iter: 1, eta: 3'), [runWith('a', 'running', [100, 200, 300])]), []);
  const runs = [runWith('a', 'finished', [1, 1, 1]), runWith('b', 'failed', [9, 9, 9]), runWith('c', 'finished', [8, 8, 8])];
  assert.deepEqual(stopRuns(hb('min_iter: 1, eta: 3'), runs), []);
});

test('two runs at a band: eta 2 keeps the worse one (its own value is the threshold), eta 3 stops it', () => {
  const runs = [runWith('good', 'finished', Array.from({ length: 60 }, (_, i) => 1.5 / (i + 1))), runWith('bad', 'running', [150, 75])];
  assert.deepEqual(stopRuns(hb('min_iter: 2, eta: 2'), runs), []);
  assert.deepEqual(decide(hb('min_iter: 2, eta: 3'), runs), [{ runId: 'bad', band: 2, value: 75, threshold: 0.75 }]);
});

test('maximize compares negated values', () => {
  const runs = [runWith('a', 'finished', [0.9]), runWith('b', 'finished', [0.8]), runWith('c', 'running', [0.1]), runWith('d', 'running', [0.95])];
  const [decision] = decide(hb('min_iter: 1, eta: 2', 'maximize'), runs);
  assert.deepEqual(decision, { runId: 'c', band: 1, value: 0.1, threshold: 0.8 });
});

test('histories with NaN, strings and missing rows count only valid values', () => {
  const noisy = runWith('n', 'running', [NaN, 'NaN', 5, null, true, 6, Infinity, 7]);
  const runs = [runWith('a', 'finished', [1, 1, 1]), runWith('b', 'finished', [2, 2, 2]), noisy];
  // n has 3 valid values (5, 6, 7): band 3 value 7 against threshold sorted([1, 2, 7])[1] = 2.
  assert.deepEqual(decide(hb('min_iter: 3, eta: 3'), runs)[0], { runId: 'n', band: 3, value: 7, threshold: 2 });
});

test('runs past the last band are judged against it as more runs reach it', () => {
  const config = hb('max_iter: 9, s: 1, eta: 3');
  const late = runWith('late', 'running', [5, 5, 5, 5, 5]);
  assert.deepEqual(stopRuns(config, [late, runWith('x', 'finished', [9, 9, 9])]), []);
  assert.deepEqual(stopRuns(config, [late, runWith('x', 'finished', [1, 1, 1]), runWith('y', 'finished', [2, 2, 2])]), ['late']);
});

test('30 runs, maximize, min_iter 30, eta 1.5: strict stops about n(1 − 1/eta) at each band', () => {
  // Deterministic, distinct learning curves: run i approaches a level proportional to i.
  const runs = Array.from({ length: 30 }, (_, i) =>
    runWith(`r${i}`, 'running', Array.from({ length: 30 }, (_, t) => (i + 1) * (1 - Math.exp(-(t + 1) / 10)))));
  const strict = stopRuns(hb('min_iter: 30, eta: 1.5', 'maximize'), runs);
  const expected = 30 - (Math.floor(30 / 1.5) + 1);
  assert.ok(Math.abs(strict.length - expected) <= 1, `stopped ${strict.length}, expected about ${expected}`);
  // The worst runs are the ones stopped.
  assert.ok(strict.every((id) => Number(id.slice(1)) < 10));
  const lenient = stopRuns(hb('min_iter: 30, eta: 1.5, strict: false', 'maximize'), runs);
  assert.ok(lenient.length <= strict.length);
});

test('stopRuns without early_terminate stops nothing', () => {
  assert.deepEqual(stopRuns(sweep('method: random\nparameters: {x: {values: [1]}}'), exampleA), []);
});

/** Hyperband as W&B states it, read straight off whole histories (docs/protocol/sweeps.md#hyperband-thresholds). */
function referenceDecisions(config: SweepConfig, runs: SweepRun[]): StopDecision[] {
  const spec = config.early_terminate!;
  const bands = hyperbandBands(spec);
  const sign = config.metric!.goal === 'maximize' ? -1 : 1;
  const histories = runs.map((run) => losses(run).filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).map((v) => sign * v));
  const thresholds = bands.map((band) => {
    const atBand = histories.filter((h) => h.length >= band).map((h) => h[band - 1]).sort((a, b) => a - b);
    return atBand.length === 0 ? Infinity : atBand[Math.floor(atBand.length / spec.eta)];
  });
  const decisions: StopDecision[] = [];
  runs.forEach((run, i) => {
    const history = histories[i];
    let b = bands.length - 1;
    while (b >= 0 && bands[b] > history.length) b--;
    if (run.state !== 'running' || b < 0) return;
    const value = spec.strict ? history[bands[b] - 1] : Math.min(...history);
    if (value > thresholds[b]) decisions.push({ runId: run.id, band: bands[b], value: sign * value, threshold: sign * thresholds[b] });
  });
  return decisions;
}

test('milestones kept in random chunks decide as the reference does on whole histories, over random curves and configs', () => {
  const rng = createRng(17);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rng.uniform() * xs.length)];
  const specs = ['min_iter: 1, eta: 3', 'min_iter: 2, eta: 2', 'min_iter: 3, eta: 1.5', 'min_iter: 1, eta: 1.1', 'max_iter: 27, s: 2, eta: 3',
    'max_iter: 40, s: 4, eta: 2.5', 'max_iter: 2, s: 5, eta: 1.1', 'max_iter: 9, s: 1, eta: 3'];
  const states: RunState[] = ['running', 'running', 'running', 'finished', 'failed', 'killed', 'pending'];
  const noise: Json[] = [NaN, 'NaN', null, true, Infinity, -Infinity, '3'];
  let stopped = 0;
  for (let trial = 0; trial < 400; trial++) {
    const config = hb(`${pick(specs)}, strict: ${rng.uniform() < 0.5}`, pick(['minimize', 'maximize']));
    const bands = hyperbandBands(config.early_terminate!);
    const runs = Array.from({ length: 1 + Math.floor(rng.uniform() * 20) }, (_, i): SweepRun => {
      const level = rng.uniform() * 3;
      // Small integers make ties at thresholds common; the rest are noisy decreasing curves.
      const logged = Array.from({ length: Math.floor(rng.uniform() * 50) }, (_, t): Json => {
        const r = rng.uniform();
        return r < 0.1 ? pick(noise) : r < 0.35 ? 1 + Math.floor(rng.uniform() * 5) : level + 5 / (t + 1) + rng.uniform();
      });
      return runWith(`r${i}`, pick(states), logged);
    });
    const kept = runs.map((run) => {
      let milestones = NO_MILESTONES;
      for (let at = 0; at < run.history.length;) {
        const next = at + 1 + Math.floor(rng.uniform() * 6);
        milestones = extendMilestones(milestones, bands, losses(run).slice(at, next));
        at = next;
      }
      return { id: run.id, state: run.state, milestones };
    });
    const expected = referenceDecisions(config, runs);
    assert.deepEqual(stopRuns(config, runs), expected.map((d) => d.runId), `trial ${trial}: whole histories`);
    assert.deepEqual(stopDecisions(config, kept), expected, `trial ${trial}: ${JSON.stringify(config.early_terminate)} ${config.metric!.goal}`);
    stopped += expected.length;
  }
  assert.ok(stopped > 200, `only ${stopped} stops over all trials: the curves do not exercise the decisions`);
});

test('milestones: the count of valid values, the value at each band (repeated bands too), min and max', () => {
  const m = extendMilestones(extendMilestones(NO_MILESTONES, [1, 1, 3, 4], [5, 'NaN', 2]), [1, 1, 3, 4], [null, 7, true, 1]);
  assert.deepEqual(m, { count: 4, atBands: [5, 5, 7, 1], min: 1, max: 7 });
  const before = extendMilestones(NO_MILESTONES, [2], [4]);
  extendMilestones(before, [2], [3]);
  assert.deepEqual(before, { count: 1, atBands: [], min: 4, max: 4 }, 'extending returns a new object and leaves the old one as it was');
});
