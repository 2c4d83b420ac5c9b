import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SweepRun } from '../../types.ts';
import { createRng } from '../../rng.ts';
import { nextRuns } from '../index.ts';
import { sweep } from '../testing.ts';
import type { Hyper } from './kernel.ts';
import { fitPrefix, memoizedFit, refitInterval } from './refit.ts';

test('the fitted prefix follows every run up to 15, then steps by powers of two, never more than an eighth stale', () => {
  assert.deepEqual([1, 8, 15, 16, 17, 31, 32, 33, 35, 36, 100, 103, 104, 1000].map(fitPrefix), [1, 8, 15, 16, 16, 30, 32, 32, 32, 36, 96, 96, 104, 960]);
  for (let n = 1; n <= 5000; n++) {
    const p = fitPrefix(n);
    assert.ok(p <= n && n - p < Math.max(1, n / 8), `n ${n}: prefix ${p}`);
    assert.equal(p % refitInterval(n), 0);
  }
});

test('a fit is computed once per distinct set of rows, and its random starts come from the rows', () => {
  let calls = 0;
  const fit = (rng: { uniform(): number }): Hyper => {
    calls++;
    return { lengthscales: Float64Array.of(rng.uniform()), signal: 1, noise: 1e-4 };
  };
  const x = Float64Array.of(0.1, 0.2, 0.3);
  const y = Float64Array.of(1, 2, 3);
  const first = memoizedFit(x, y, 1, fit);
  assert.equal(memoizedFit(Float64Array.from(x), Float64Array.from(y), 1, fit), first);
  assert.equal(calls, 1);
  const other = memoizedFit(x, Float64Array.of(1, 2, 4), 1, fit);
  assert.equal(calls, 2);
  assert.notEqual(other.lengthscales[0], first.lengthscales[0]);
  // The same rows read as a different dimension are other rows.
  memoizedFit(x, y, 3, fit);
  assert.equal(calls, 3);
});

test('a suggestion is the same whether the memo holds its fit or not', () => {
  const config = sweep('method: bayes\nmetric: {name: loss}\nparameters: {a: {min: 0.0, max: 1.0}, b: {min: 0.0, max: 1.0}}');
  const draw = createRng(11);
  const runs: SweepRun[] = Array.from({ length: 40 }, (_, i) => {
    const a = draw.uniform();
    const b = draw.uniform();
    return { id: `r${i}`, state: 'finished', config: { a: { value: a }, b: { value: b } }, summary: { loss: (a - 0.3) ** 2 + Math.sin(9 * b) }, history: [] };
  });
  const more = [...runs, { ...runs[0], id: 'extra', config: { a: { value: 0.31 }, b: { value: 0.5 } }, summary: { loss: -2 } }];
  // Cold: nothing with these runs was fitted before (41 runs: the fit on the first 40, then refined
  // on all 41). Warm: the same calls again, and 40 runs, whose fit the first call kept.
  const cold = nextRuns(config, more, 1, createRng(5));
  const coldPrefix = nextRuns(config, runs, 1, createRng(5));
  assert.deepEqual(nextRuns(config, more, 1, createRng(5)), cold);
  assert.deepEqual(nextRuns(config, runs, 1, createRng(5)), coldPrefix);
  assert.notDeepEqual(cold[0].config, coldPrefix[0].config);
});
