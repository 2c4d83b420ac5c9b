import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SweepRun } from '../../types.ts';
import { sweep } from '../testing.ts';
import { encodeRun, searchSpace } from './encoding.ts';
import { fidelityOf, fullLength, modelInputs } from './fidelity.ts';
import { fitModel } from './model.ts';
import { predict } from './gp.ts';
import { observe } from './observations.ts';

const PARAMS = 'parameters: {x: {min: 0.0, max: 1.0}}';
const hyperband = sweep(`method: bayes\nmetric: {name: loss}\nearly_terminate: {type: hyperband, max_iter: 27, s: 3, eta: 3}\n${PARAMS}`);
const plain = sweep(`method: bayes\nmetric: {name: loss}\n${PARAMS}`);

const run = (id: string, x: number, losses: number[], state: SweepRun['state']): SweepRun => ({
  id, state, config: { x: { value: x } }, summary: losses.length ? { loss: losses.at(-1)! } : {}, history: losses.map((loss) => ({ loss })),
});
const inputs = (config: typeof hyperband, runs: SweepRun[]) => modelInputs(config, searchSpace(config.params), observe(config.metric!, runs), runs);

test('a finished run is observed at each band (not incumbent) and at fidelity 1; a stopped one where it stopped, and believed at 1', () => {
  const curve = Array.from({ length: 27 }, (_, e) => 2 - e * 0.05);
  const runs = [run('f', 0.2, curve, 'finished'), run('k', 0.7, [1.5, 1.6, 1.4], 'killed')];
  const { observed, stopped, width } = inputs(hyperband, runs);
  assert.equal(width, 2);
  assert.deepEqual(observed.map((o) => [o.x[1], o.y, o.incumbent]), [
    [0, 2, false], [fidelityOf(3, 27), 1.9, false], [fidelityOf(9, 27), 1.6, false], [1, 2 - 26 * 0.05, true],
    [0, 1.5, false], [fidelityOf(3, 27), 1.4, false],
  ]);
  assert.ok(Math.abs(fidelityOf(3, 27) - 1 / 3) < 1e-12);
  assert.deepEqual(stopped.map((x) => Array.from(x)), [[0.7, 1]]);
});

test('maximize: band values are the best so far, negated; a run in flight is observed at the bands it passed and pending at 1', () => {
  const config = sweep(`method: bayes\nmetric: {name: loss, goal: maximize}\nearly_terminate: {type: hyperband, max_iter: 27, s: 3, eta: 3}\n${PARAMS}`);
  const runs = [run('f', 0.2, Array.from({ length: 27 }, (_, e) => e), 'finished'), run('r', 0.5, [3, 1, 2, 5], 'running')];
  const { observed, pending } = inputs(config, runs);
  assert.deepEqual(observed.filter((o) => o.x[0] === 0.5).map((o) => [o.x[1], o.y]), [[0, -3], [fidelityOf(3, 27), -3]]);
  assert.deepEqual(pending.map((x) => Array.from(x)), [[0.5, 1]]);
});

test('without early_terminate, runs are observed once as before and nothing is stopped', () => {
  const runs = [run('f', 0.2, [3, 2, 1], 'finished'), run('k', 0.7, [5, 4], 'killed')];
  const { observed, stopped, width } = inputs(plain, runs);
  assert.equal(width, 1);
  assert.deepEqual(observed.map((o) => [o.x[0], o.y, o.incumbent]), [[0.2, 1, true], [0.7, 4, true]]);
  assert.equal(stopped.length, 0);
  assert.equal(fullLength(plain, runs), undefined);
});

test('the full length is the longest finished history when it exceeds max_iter', () => {
  assert.equal(fullLength(hyperband, [run('f', 0.2, Array.from({ length: 40 }, () => 1), 'finished')]), 40);
  assert.equal(fullLength(hyperband, [run('k', 0.2, [1], 'killed')]), 27);
});

// Crossing curves: a slow starter near x = 0.3 ends best, but is stopped after one epoch well behind.
const plateau = (x: number): number => 0.1 + (x - 0.3) ** 2;
const curve = (x: number, epochs: number): number[] =>
  Array.from({ length: epochs }, (_, e) => plateau(x) + 1.2 * Math.exp(-(0.05 + 0.8 * x ** 1.5) * (e + 1)));
const crossing = [
  ...[0.05, 0.2, 0.45, 0.6, 0.8, 0.95].map((x, i) => run(`f${i}`, x, curve(x, 27), 'finished')),
  ...[0.27, 0.33].map((x, i) => run(`k${i}`, x, curve(x, 1), 'killed')),
];

/** The model's prediction of the final value at x. */
function predictedFinal(config: typeof hyperband, x: number): number {
  const { observed, pending, stopped, width, target } = inputs(config, crossing);
  const model = fitModel(observed, pending, width, stopped);
  const at = Float64Array.from([...encodeRun(searchSpace(config.params), { x: { value: x } })!, ...target]);
  return model.objective(predict(model.post, at, 1).mean[0]);
}

test('a stopped run\'s partial value does not mark its region as worse than it is', () => {
  const partial = curve(0.3, 1)[0];
  assert.ok(partial > 1, `partial ${partial}`);
  // With the fidelity modelled, the final value near the stopped runs is predicted from the
  // finished ones around them, not from the stopped runs' first-epoch values.
  const final = predictedFinal(hyperband, 0.3);
  assert.ok(final < 0.5, `predicted final ${final}`);
  // Taken as final values (as without early stopping), the same partial values make the region look bad.
  assert.ok(predictedFinal(plain, 0.3) > 0.7);
});

test('values before the full length and stopped runs never set the incumbent', () => {
  // A stopped run that was ahead of every finished one when it stopped (values are best so far).
  const runs = [...[0.1, 0.5, 0.9].map((x, i) => run(`f${i}`, x, curve(x, 27), 'finished')), run('k', 0.3, [1, 0.5, 0.01], 'killed')];
  const { observed, pending, stopped, width } = inputs(hyperband, runs);
  const model = fitModel(observed, pending, width, stopped);
  const finals = observed.flatMap((o, i) => (o.incumbent ? [model.ys[i]] : []));
  assert.equal(model.best, Math.min(...finals));
  assert.ok(Math.min(...model.ys) < model.best);
});
