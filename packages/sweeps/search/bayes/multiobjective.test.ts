// bayes with several metrics (ParEGO): the scalarization, and a real comparison with random search.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SweepConfig, SweepRun } from '../../types.ts';
import { createRng } from '../../rng.ts';
import { hypervolume2d, nonDominated } from '../../pareto.ts';
import { nextRuns } from '../index.ts';
import { sweep } from '../testing.ts';
import { chebyshev, scalarizationWeights } from './scalarization.ts';
import { observeScalarized } from './observations.ts';

test('scalarization weights lie on the simplex and vary from draw to draw', () => {
  const rng = createRng(1);
  const draws = Array.from({ length: 50 }, () => scalarizationWeights(3, rng));
  for (const w of draws) {
    assert.ok(w.every((x) => x >= 0));
    assert.ok(Math.abs(w.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  }
  assert.ok(Math.min(...draws.map((w) => w[0])) < 0.1 && Math.max(...draws.map((w) => w[0])) > 0.6);
});

test('the Chebyshev scalarization scales each objective by its range and ranks a dominating point lower', () => {
  // Objective 2 spans 100 times objective 1's range; normalized, the weights alone decide.
  const rows = [[0, 100], [1, 0], [0.5, 50], [0.6, 60]];
  const [a, b, mid, worse] = chebyshev(rows, [0.5, 0.5]);
  assert.ok(Math.abs(a - b) < 1e-12);
  assert.ok(mid < a && mid < worse);
  assert.deepEqual(chebyshev(rows, [1, 0]).map((v) => Number(v.toFixed(3))), [0, 1.05, 0.525, 0.63]);
});

test('observations with several metrics: maximized ones flipped, a missing value imputed, running runs in flight unless every metric imputes them', () => {
  const config = sweep(`method: bayes
metrics: [{name: loss, impute_while_running: latest}, {name: acc, goal: maximize}]
parameters: {x: {min: 0.0, max: 1.0}}`);
  const run = (id: string, state: SweepRun['state'], summary: SweepRun['summary'], history: SweepRun['history'] = []): SweepRun => ({ id, state, config: { x: { value: 0.5 } }, summary, history });
  const runs = [
    run('a', 'finished', { loss: 1, acc: 0.5 }),
    run('b', 'finished', { loss: 0, acc: 0.9 }),
    run('no-acc', 'finished', { loss: 0.5 }),
    run('running', 'running', {}, [{ loss: 0.5 }]),
  ];
  const { done, pending } = observeScalarized(config.metrics ?? [], runs, [0.5, 0.5]);
  // no-acc gets the worst accuracy (0.5): normalized (0.5, 1), so max 0.5 plus 0.05 × 0.75.
  assert.deepEqual(done.map(({ run, y }) => [run.id, Number(y.toFixed(6))]), [['a', 0.55], ['b', 0], ['no-acc', 0.5375]]);
  assert.deepEqual(pending.map((r) => r.id), ['running'], 'loss imputes it while running, acc does not');
});

// ZDT1 in 2-d: the front is f2 = 1 − √f1 at x2 = 0; f2 reaches 10 away from it.
const zdt1 = (x1: number, x2: number): [number, number] => {
  const g = 1 + 9 * x2;
  return [x1, g * (1 - Math.sqrt(x1 / g))];
};
const REFERENCE: [number, number] = [1.1, 1.1];

function frontAfter(config: SweepConfig, budget: number, seed: number): number[][] {
  const rng = createRng(seed);
  const runs: SweepRun[] = [];
  const points: number[][] = [];
  while (runs.length < budget) {
    const [s] = nextRuns(config, runs, 1, rng);
    const [f1, f2] = zdt1(s.config.x1.value as number, s.config.x2.value as number);
    points.push([f1, f2]);
    runs.push({ id: `r${runs.length}`, state: 'finished', config: s.config, summary: { f1, f2 }, history: [] });
  }
  return points;
}

test('on ZDT1, bayes with metrics dominates more hypervolume than random at the same budget, and spreads along the front', () => {
  const space = 'metrics: [{name: f1}, {name: f2}]\nparameters: {x1: {min: 0.0, max: 1.0}, x2: {min: 0.0, max: 1.0}}';
  const seeds = [0, 1, 2];
  const budget = 25;
  let wins = 0;
  for (const seed of seeds) {
    const bayes = frontAfter(sweep(`method: bayes\nseed: ${seed}\n${space}`), budget, seed);
    const random = frontAfter(sweep(`method: random\n${space}`), budget, seed);
    const [hvBayes, hvRandom] = [hypervolume2d(bayes, REFERENCE), hypervolume2d(random, REFERENCE)];
    if (hvBayes > hvRandom) wins++;
    // Spread: the front bayes found covers most of f1's range, not one end of it.
    const front = nonDominated(bayes).map((i) => bayes[i]).filter((p) => p[1] < REFERENCE[1]);
    const f1s = front.map((p) => p[0]);
    assert.ok(front.length >= 5, `seed ${seed}: ${front.length} points on the front`);
    assert.ok(Math.max(...f1s) - Math.min(...f1s) > 0.6, `seed ${seed}: front spans f1 ${Math.min(...f1s)}..${Math.max(...f1s)}`);
  }
  assert.equal(wins, seeds.length);
});
