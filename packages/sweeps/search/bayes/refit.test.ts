import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SweepRun } from '../../types.ts';
import { createRng } from '../../rng.ts';
import { nextRuns } from '../index.ts';
import { sweep } from '../testing.ts';
import { fitPrefix, forgetFits, memoizedFit, previousPrefix } from './refit.ts';

const config = sweep('method: bayes\nmetric: {name: loss}\nparameters: {a: {min: 0.0, max: 1.0}, b: {min: 0.0, max: 1.0}}');

function runsOf(count: number, seed = 7): SweepRun[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, (_, i) => {
    const [a, b] = [rng.uniform(), rng.uniform()];
    const loss = (a - 0.3) ** 2 + 3 * (b - 0.6) ** 2;
    return { id: `r${i}`, state: 'finished', config: { a: { value: a }, b: { value: b } }, summary: { loss }, history: [{ loss }] };
  });
}

const lengthscales = (runs: SweepRun[]): unknown => nextRuns(config, runs, 1, createRng(1))[0].info?.lengthscales;

test('the fit covers every run up to 30, then a prefix never more than a tenth behind', () => {
  for (let n = 0; n <= 30; n++) assert.equal(fitPrefix(n), n);
  let previous = 30;
  for (let n = 31; n <= 5000; n++) {
    const prefix = fitPrefix(n);
    assert.ok(prefix >= previous && prefix <= n, `n ${n}: prefix ${prefix} after ${previous}`);
    assert.ok(n < prefix * 1.1 + 1, `n ${n}: prefix ${prefix}`);
    previous = prefix;
  }
});

test('each step of the prefix beyond 30 starts its fit from the step before it', () => {
  for (let n = 0; n <= 30; n++) assert.equal(previousPrefix(fitPrefix(n)), undefined);
  const steps = [...new Set(Array.from({ length: 2000 }, (_, n) => fitPrefix(n + 1)))].filter((step) => step >= 30);
  for (let k = 1; k < steps.length; k++) assert.equal(previousPrefix(steps[k]), steps[k - 1], `step ${steps[k]}`);
});

test('suggestions between two steps of the prefix share its hyperparameters; the next step refits', () => {
  const runs = runsOf(50);
  const [start, end] = [fitPrefix(40), fitPrefix(50)];
  assert.ok(start < 40 && fitPrefix(start - 1) < start, 'a step of the prefix below 40');
  const next = Array.from({ length: 50 }, (_, n) => n).find((n) => n > start && fitPrefix(n) > start) as number;
  assert.ok(next <= end);
  const atStep = lengthscales(runs.slice(0, start));
  for (let n = start + 1; n < next; n++) assert.deepEqual(lengthscales(runs.slice(0, n)), atStep, `${n} runs`);
  assert.notDeepEqual(lengthscales(runs.slice(0, next)), atStep);
});

test('a suggestion is the same whether the memo holds its fit or not', () => {
  const runs = runsOf(58);
  assert.equal(fitPrefix(56), fitPrefix(58));
  forgetFits();
  const cold = nextRuns(config, runs, 2, createRng(5));
  forgetFits();
  // The memo holds the fit of other runs as many, then this prefix's fit, made for 56 runs.
  nextRuns(config, runsOf(58, 8), 1, createRng(9));
  assert.deepEqual(nextRuns(config, runs, 2, createRng(5)), cold);
  forgetFits();
  nextRuns(config, runs.slice(0, 56), 1, createRng(9));
  assert.deepEqual(nextRuns(config, runs, 2, createRng(5)), cold);
});

test('the memo keeps the most recent fits up to its size, and fits again what it dropped', () => {
  forgetFits();
  let fits = 0;
  const hyper = { lengthscales: Float64Array.from([1]), signal: 1, noise: 1e-4 };
  const fit = (): typeof hyper => (fits++, hyper);
  // Five inputs of 8 MB each: the memo holds 32 MB, so the first is dropped when the fifth comes.
  const inputs = Array.from({ length: 5 }, (_, i) => new Float64Array(1 << 20).fill(i));
  for (const x of inputs) memoizedFit(x, fit);
  assert.equal(fits, 5);
  for (const x of inputs.slice(2)) memoizedFit(x, fit);
  assert.equal(fits, 5);
  memoizedFit(inputs[0], fit);
  assert.equal(fits, 6);
  forgetFits();
});
