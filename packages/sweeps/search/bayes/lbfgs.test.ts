import { test } from 'node:test';
import assert from 'node:assert/strict';
import { minimizeLbfgs } from './lbfgs.ts';
import { objective, pairDifferences, workspace } from './fit.ts';

test('L-BFGS asks for the gradient only where its line search accepts a point, and still finds the minimum', () => {
  // Rosenbrock's curved valley: full quasi-Newton steps often overshoot it and are halved.
  let evaluations = 0;
  let gradients = 0;
  const f = (x: Float64Array) => {
    evaluations++;
    const [a, b] = x;
    return {
      value: 100 * (b - a * a) ** 2 + (1 - a) ** 2,
      gradient: () => {
        gradients++;
        return Float64Array.from([-400 * a * (b - a * a) - 2 * (1 - a), 200 * (b - a * a)]);
      },
    };
  };
  const { x } = minimizeLbfgs(f, Float64Array.from([-1.2, 1]), Float64Array.from([-5, -5]), Float64Array.from([5, 5]), 200);
  assert.ok(Math.abs(x[0] - 1) < 1e-3 && Math.abs(x[1] - 1) < 1e-3, String(x));
  assert.ok(gradients < evaluations, `${gradients} gradients for ${evaluations} evaluations`);
});

test("the fit's gradient is refused once a later evaluation has overwritten the workspace it reads", () => {
  const x = Float64Array.from([0.1, 0.5, 0.9]);
  const diffs = pairDifferences(x, 3, 1);
  const y = Float64Array.from([0.2, -0.4, 0.7]);
  const work = workspace(3);
  const theta = Float64Array.from([Math.log(0.3), 0, Math.log(1e-3)]);
  const first = objective(diffs, 3, 1, y, theta, work);
  const fresh = first.gradient();
  objective(diffs, 3, 1, y, Float64Array.from([Math.log(0.6), 0, Math.log(1e-3)]), work);
  assert.throws(() => first.gradient(), /later evaluation/);
  assert.deepEqual(objective(diffs, 3, 1, y, theta, work).gradient(), fresh);
});
