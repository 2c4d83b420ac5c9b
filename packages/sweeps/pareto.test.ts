import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dominates, hypervolume2d, nonDominated, paretoFront } from './pareto.ts';
import { sweep } from './search/testing.ts';
import { createRng } from './rng.ts';
import type { Json, SweepRun } from './types.ts';

test('dominance: no worse everywhere and better somewhere; equal points do not dominate each other', () => {
  assert.equal(dominates([1, 2], [2, 2]), true);
  assert.equal(dominates([1, 2], [1, 2]), false);
  assert.equal(dominates([1, 3], [2, 2]), false);
});

test('the non-dominated points, in input order, with ties kept', () => {
  const points = [[3, 1], [1, 3], [2, 2], [2, 3], [3, 3], [1, 3], [4, 0.5]];
  assert.deepEqual(nonDominated(points), [0, 1, 2, 5, 6]);
  assert.deepEqual(nonDominated([]), []);
});

test('the non-dominated points of random clouds in 2 and 3 objectives are those no other point dominates', () => {
  const rng = createRng(3);
  for (const k of [2, 3]) {
    const points = Array.from({ length: 300 }, () => Array.from({ length: k }, () => Math.round(rng.uniform() * 20)));
    const brute = points.flatMap((p, i) => (points.some((q) => dominates(q, p)) ? [] : [i]));
    assert.deepEqual(nonDominated(points), brute);
    assert.ok(brute.length > 1 && brute.length < 300);
  }
});

test('hypervolume of a 2-objective front: the union of the boxes up to the reference', () => {
  // Boxes [1,4]x[3,4], [2,4]x[2,4], [3,4]x[1,4]: a staircase of 3 + 2 + 1 unit squares.
  assert.equal(hypervolume2d([[1, 3], [2, 2], [3, 1]], [4, 4]), 6);
  // A dominated point and one outside the reference add nothing.
  assert.equal(hypervolume2d([[1, 3], [2, 2], [3, 1], [3, 3], [5, 0]], [4, 4]), 6);
  assert.equal(hypervolume2d([], [4, 4]), 0);
});

test('the front of a sweep with a minimized and a maximized metric: ended runs with both metrics only', () => {
  const config = sweep('method: random\nmetrics: [{name: loss}, {name: acc, goal: maximize}]\nparameters: {x: {values: [1]}}');
  const run = (id: string, state: SweepRun['state'], summary: Record<string, Json>): SweepRun => ({ id, state, config: {}, summary, history: [] });
  const runs = [
    run('cheap', 'finished', { loss: 0.5, acc: 0.7 }),
    run('good', 'finished', { loss: 0.2, acc: 0.9 }),
    run('beaten', 'finished', { loss: 0.3, acc: 0.8 }),
    run('accurate', 'killed', { loss: 0.4, acc: 0.95 }),
    run('crashed', 'crashed', { loss: 0.1, acc: 0.99 }),
    run('running', 'running', { loss: 0.1, acc: 0.99 }),
    run('half', 'finished', { loss: 0.01 }),
  ];
  const front = paretoFront(config.metrics ?? [], runs);
  assert.deepEqual(front.map((f) => [f.run.id, f.values]), [['good', [0.2, 0.9]], ['accurate', [0.4, 0.95]]]);
});
